import { DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { awsCall } from './errors.ts';
import type { AwsClients } from './clients.ts';

/** One CloudWatch metric alarm, reduced to what the runbook checks look at. */
export interface AlarmInfo {
  name: string;
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  stateReason?: string;
  /** When the alarm entered its current state (to tell "already firing before the deploy"). */
  stateSince?: Date;
  namespace?: string;
  metric?: string;
  statistic?: string;
  comparison?: string;
  threshold?: number;
  periodS?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  dimensions: Record<string, string>;
}

function toInfo(a: MetricAlarm): AlarmInfo {
  const state = (a.StateValue ?? 'INSUFFICIENT_DATA') as AlarmInfo['state'];
  const dims: Record<string, string> = {};
  for (const d of a.Dimensions ?? []) if (d.Name) dims[d.Name] = d.Value ?? '';
  // A metric-math alarm has no single metric; name the first metric it reads.
  const first = a.Metrics?.find((m) => m.MetricStat)?.MetricStat;
  return {
    name: a.AlarmName ?? '(unnamed)',
    state,
    ...(a.StateReason ? { stateReason: a.StateReason } : {}),
    ...(a.StateUpdatedTimestamp ? { stateSince: new Date(a.StateUpdatedTimestamp) } : {}),
    namespace: a.Namespace ?? first?.Metric?.Namespace,
    metric: a.MetricName ?? first?.Metric?.MetricName,
    statistic: a.Statistic ?? a.ExtendedStatistic ?? first?.Stat,
    comparison: a.ComparisonOperator,
    threshold: a.Threshold,
    periodS: a.Period ?? first?.Period,
    evaluationPeriods: a.EvaluationPeriods,
    ...(a.DatapointsToAlarm ? { datapointsToAlarm: a.DatapointsToAlarm } : {}),
    dimensions: dims,
  };
}

/**
 * Every metric alarm whose name starts with `prefix` ('' = the whole account and region),
 * following pagination. Composite alarms are out of scope: the runbooks name metric alarms.
 */
export async function describeAlarms(aws: AwsClients, prefix = ''): Promise<AlarmInfo[]> {
  const site = aws.site('CloudWatch', `describe alarms${prefix ? ` with prefix "${prefix}"` : ''}`);
  const alarms: AlarmInfo[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(site, () =>
      aws.cloudwatch.send(
        new DescribeAlarmsCommand({
          ...(prefix ? { AlarmNamePrefix: prefix } : {}),
          AlarmTypes: ['MetricAlarm'],
          MaxRecords: 100,
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    // Filter again: some emulators ignore AlarmNamePrefix.
    for (const a of page.MetricAlarms ?? []) if ((a.AlarmName ?? '').startsWith(prefix)) alarms.push(toInfo(a));
    token = page.NextToken;
  } while (token);
  return alarms;
}
