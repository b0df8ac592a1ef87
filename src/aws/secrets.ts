import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { AwsError, awsCall } from './errors.ts';
import type { AwsClients } from './clients.ts';

export interface SecretInfo {
  name: string;
  present: boolean;
  /** Scheduled for deletion: present in the API but about to disappear, so not usable. */
  pendingDeletion: boolean;
  lastChanged?: Date;
}

/**
 * Describes each secret by name. Only metadata is read (DescribeSecret), never a value:
 * the gate needs to know a secret exists, not what it is.
 */
export async function describeSecrets(aws: AwsClients, names: readonly string[]): Promise<SecretInfo[]> {
  return Promise.all(
    names.map(async (name) => {
      try {
        const out = await awsCall(aws.site('Secrets Manager', `describe secret ${name}`), () =>
          aws.secrets.send(new DescribeSecretCommand({ SecretId: name })),
        );
        return {
          name,
          present: true,
          pendingDeletion: Boolean(out.DeletedDate),
          ...(out.LastChangedDate ? { lastChanged: new Date(out.LastChangedDate) } : {}),
        };
      } catch (err) {
        // A missing secret is a measurement ("absent"), not a failure to measure.
        if (err instanceof AwsError && err.kind === 'not-found') return { name, present: false, pendingDeletion: false };
        throw err;
      }
    }),
  );
}
