import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { credentialsFrom, type AwsTarget } from './clients.ts';
import { toAwsError } from './errors.ts';

/**
 * One cheap, bounded AWS call before a run (DescribeAlarms, one record, no retry): proves the
 * credentials chain yields an identity, the region and endpoint answer, and the gate may read
 * CloudWatch — which every AWS-backed check needs. It measures nothing about the release.
 */
export async function probeAwsAccess(
  target: AwsTarget,
  env: NodeJS.ProcessEnv,
  timeoutMs = 8000,
): Promise<{ ok: true } | { ok: false; kind: string; detail: string }> {
  const credentials = credentialsFrom(env);
  const client = new CloudWatchClient({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: Math.min(3000, timeoutMs), requestTimeout: timeoutMs },
  });
  const site = {
    service: 'CloudWatch',
    what: 'describe one alarm (access check)',
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.send(new DescribeAlarmsCommand({ MaxRecords: 1 }), { abortSignal: AbortSignal.timeout(timeoutMs) }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'ETIMEDOUT' })), timeoutMs);
      }),
    ]);
    return { ok: true };
  } catch (err) {
    const e = toAwsError(err, site);
    return { ok: false, kind: e.kind, detail: e.message };
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
}
