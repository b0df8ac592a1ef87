import { DescribeTargetGroupsCommand, DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AwsError, awsCall } from './errors.ts';
import type { AwsClients } from './clients.ts';

export interface TargetGroupInfo {
  /** As configured: an ARN, or a name (resolved here; emulators make ARNs unpredictable). */
  ref: string;
  found: boolean;
  arn?: string;
  name?: string;
  /** Target states: healthy, unhealthy, initial, draining, unused, unavailable. */
  targets: { id: string; state: string; reason?: string }[];
}

async function findGroup(aws: AwsClients, ref: string): Promise<{ arn: string; name: string } | undefined> {
  const byArn = ref.startsWith('arn:');
  try {
    const out = await awsCall(aws.site('ELBv2', `describe target group ${ref}`), () =>
      aws.elb.send(new DescribeTargetGroupsCommand(byArn ? { TargetGroupArns: [ref] } : { Names: [ref] })),
    );
    const g = out.TargetGroups?.[0];
    return g?.TargetGroupArn ? { arn: g.TargetGroupArn, name: g.TargetGroupName ?? ref } : undefined;
  } catch (err) {
    if (err instanceof AwsError && err.kind === 'not-found') return undefined;
    throw err;
  }
}

/** Each configured target group with the health of its registered targets. */
export async function describeTargetGroups(aws: AwsClients, refs: readonly string[]): Promise<TargetGroupInfo[]> {
  return Promise.all(
    refs.map(async (ref) => {
      const g = await findGroup(aws, ref);
      if (!g) return { ref, found: false, targets: [] };
      const health = await awsCall(aws.site('ELBv2', `describe target health of ${g.name}`), () =>
        aws.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: g.arn })),
      );
      return {
        ref,
        found: true,
        arn: g.arn,
        name: g.name,
        targets: (health.TargetHealthDescriptions ?? []).map((t) => ({
          id: `${t.Target?.Id ?? '?'}${t.Target?.Port ? `:${t.Target.Port}` : ''}`,
          state: t.TargetHealth?.State ?? 'unknown',
          ...(t.TargetHealth?.Reason ? { reason: t.TargetHealth.Reason } : {}),
        })),
      };
    }),
  );
}
