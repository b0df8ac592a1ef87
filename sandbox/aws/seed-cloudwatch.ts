import {
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
  type MetricDatum,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { defaultMaxConnections } from '../../src/aws/rds.ts';
import { SEEDED_DB_CLASS } from './seed-infra.ts';
import { minutesAgo, type SeedApp } from './seed-types.ts';

type AlarmDef = Omit<PutMetricAlarmCommandInput, 'AlarmName'> & { key: string };

/** The runbook's four critical alarms (Financial RISE) and FlowComply's equivalents. */
function alarmDefs({ names: n }: SeedApp): AlarmDef[] {
  const lb = [{ Name: 'LoadBalancer', Value: n.loadBalancer ?? 'app/unknown/0' }];
  const up = 'GreaterThanThreshold' as const;
  return [
    {
      key: '5xx-errors',
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Dimensions: lb,
      Statistic: 'Sum',
      Threshold: 10,
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: up,
    },
    // CloudWatch measures TargetResponseTime in seconds: 1000 ms = 1.
    {
      key: 'target-response-time',
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'TargetResponseTime',
      Dimensions: lb,
      Statistic: 'Average',
      Threshold: 1,
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: up,
    },
    {
      key: 'db-cpu',
      Namespace: 'AWS/RDS',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'DBInstanceIdentifier', Value: n.dbInstance }],
      Statistic: 'Average',
      Threshold: 80,
      Period: 300,
      EvaluationPeriods: 2,
      ComparisonOperator: up,
    },
    {
      key: 'memory',
      Namespace: 'AWS/ECS',
      MetricName: 'MemoryUtilization',
      Dimensions: [
        { Name: 'ClusterName', Value: n.cluster },
        { Name: 'ServiceName', Value: n.backendService },
      ],
      Statistic: 'Average',
      Threshold: 85,
      Period: 300,
      EvaluationPeriods: 2,
      ComparisonOperator: up,
    },
  ];
}

/** The profile's alarm key (`thresholds.alarms[].key`, the faults' suffix) of each seeded alarm. */
const PROFILE_KEY: Record<string, string> = { '5xx-errors': '5xx', 'target-response-time': 'response-time', 'db-cpu': 'db-cpu', memory: 'memory' };
/** Thresholds of `fr:alarm-weaker-<key>` without a value: clearly weaker than the runbook's. */
const WEAKER_DEFAULT: Record<string, number> = { '5xx': 50, 'response-time': 5, 'db-cpu': 95, memory: 95 };

/** An alarm's threshold and window as the faults leave them: `fr:alarm-weaker[-<key>]`, `fr:alarm-window-<key>=<seconds>`. */
function weakened(s: SeedApp, key: string, def: Omit<AlarmDef, 'key'>): Pick<PutMetricAlarmCommandInput, 'Threshold' | 'Period' | 'EvaluationPeriods'> {
  const k = PROFILE_KEY[key];
  const thresholdFault = k === '5xx' ? 'alarm-weaker' : `alarm-weaker-${k}`;
  const Threshold = s.fault(thresholdFault) ? (s.value(thresholdFault) ?? WEAKER_DEFAULT[k]) : def.Threshold;
  // The window is Period x EvaluationPeriods: one-minute periods set it to the minute.
  const windowS = s.fault(`alarm-window-${k}`) ? (s.value(`alarm-window-${k}`) ?? 1800) : undefined;
  return windowS === undefined
    ? { Threshold, Period: def.Period, EvaluationPeriods: def.EvaluationPeriods }
    : { Threshold, Period: 60, EvaluationPeriods: Math.ceil(windowS / 60) };
}

/** Alarms named `<alarmPrefix><key>`, all set to OK; faults remove, weaken or fire one. */
export async function seedAlarms(s: SeedApp): Promise<void> {
  for (const { key, ...def } of alarmDefs(s)) {
    if (key === 'memory' && s.fault('alarm-missing')) continue;
    const name = `${s.names.alarmPrefix}${key}`;
    await s.aws.cloudwatch.send(new PutMetricAlarmCommand({ ...def, ...weakened(s, key, def), AlarmName: name, AlarmDescription: `runbook alarm ${key}` }));
    const firing = key === '5xx-errors' && s.fault('alarm-firing');
    await s.aws.cloudwatch.send(
      new SetAlarmStateCommand({
        AlarmName: name,
        StateValue: firing ? 'ALARM' : 'OK',
        StateReason: firing ? 'Threshold Crossed: 1 datapoint [37.0] was greater than the threshold (10.0).' : 'seeded healthy',
      }),
    );
  }
}

/** Ten one-minute datapoints ending a minute before `now`. */
function series(
  s: SeedApp,
  namespace: string,
  metric: string,
  dims: Record<string, string>,
  values: (i: number) => number,
  unit: MetricDatum['Unit'],
): { namespace: string; data: MetricDatum[] } {
  const Dimensions = Object.entries(dims).map(([Name, Value]) => ({ Name, Value }));
  return {
    namespace,
    data: Array.from({ length: 10 }, (_, i) => ({ MetricName: metric, Dimensions, Timestamp: minutesAgo(s.now, 10 - i), Value: values(i), Unit: unit })),
  };
}

/**
 * The load balancer's traffic "since the deploy" (fr.mon.error-rate, fr.mon.slowdown,
 * fc.mon.error-rate): one batch stamped at `now`, so a gate whose deployedAt is the sandbox's
 * deploy time sees it when the batch is written after the deploy (the sandbox does so). 600
 * requests, no 5xx unless `alb-5xx-high[=<% of requests>]` (default 15 %), responses 50-120 ms.
 */
export async function seedAlbTraffic(s: SeedApp): Promise<void> {
  if (s.fault('no-datapoints')) return;
  const Dimensions = [{ Name: 'LoadBalancer', Value: s.names.loadBalancer ?? 'app/unknown/0' }];
  const requests = 600;
  const errors = s.fault('alb-5xx-high') ? Math.round((requests * (s.value('alb-5xx-high') ?? 15)) / 100) : 0;
  const at = s.now;
  const MetricData: MetricDatum[] = [
    { MetricName: 'RequestCount', Dimensions, Timestamp: at, Value: requests, Unit: 'Count' },
    { MetricName: 'HTTPCode_Target_5XX_Count', Dimensions, Timestamp: at, Value: errors, Unit: 'Count' },
    ...[0.05, 0.07, 0.09, 0.12].map((v) => ({ MetricName: 'TargetResponseTime', Dimensions, Timestamp: at, Value: v, Unit: 'Seconds' as const })),
  ];
  await s.aws.cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/ApplicationELB', MetricData }));
}

/** ALB, ECS, RDS and ElastiCache metrics within the runbook budgets unless a fault says otherwise. */
export async function seedMetrics(s: SeedApp): Promise<void> {
  if (s.fault('no-datapoints')) return;
  await seedAlbTraffic(s);
  const n = s.names;
  const slow = s.fault('alb-slow');
  // A valued `fc:alb-slow=<ms>` holds every datapoint at that latency, so the p95 is exactly it.
  const slowMs = s.value('alb-slow');
  // fc:rds-connections-high[=<% of max_connections>]: max as the gate derives it for the seeded class.
  const crowdedPct = s.fault('rds-connections-high') ? (s.value('rds-connections-high') ?? 70) : undefined;
  const crowded = crowdedPct === undefined ? undefined : Math.round(((defaultMaxConnections(SEEDED_DB_CLASS) ?? 100) * crowdedPct) / 100);
  const hitPct = s.fault('redis-hit-low') ? (s.value('redis-hit-low') ?? 50) : 90;
  const lb = { LoadBalancer: n.loadBalancer ?? 'app/unknown/0' };
  const all = [
    series(
      s,
      'AWS/ApplicationELB',
      'TargetResponseTime',
      lb,
      (i) => (slowMs !== undefined ? slowMs / 1000 : slow ? 0.35 + i * 0.06 : 0.04 + i * 0.012),
      'Seconds',
    ),
    series(s, 'AWS/ApplicationELB', 'RequestCount', lb, () => 100, 'Count'),
    // alb-5xx-high: the same share of 5xx in every minute, so any window reads the same rate.
    series(s, 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', lb, () => (s.fault('alb-5xx-high') ? (s.value('alb-5xx-high') ?? 15) : 0), 'Count'),
    series(s, 'AWS/RDS', 'DatabaseConnections', { DBInstanceIdentifier: n.dbInstance }, (i) => (crowded !== undefined ? crowded : 10 + (i % 3)), 'Count'),
    series(s, 'AWS/RDS', 'CPUUtilization', { DBInstanceIdentifier: n.dbInstance }, () => 22, 'Percent'),
    ...(n.cacheCluster
      ? [
          series(s, 'AWS/ElastiCache', 'CacheHits', { CacheClusterId: n.cacheCluster }, () => hitPct, 'Count'),
          series(s, 'AWS/ElastiCache', 'CacheMisses', { CacheClusterId: n.cacheCluster }, () => 100 - hitPct, 'Count'),
        ]
      : []),
    ...[n.backendService, n.frontendService].flatMap((svc) => {
      const dims = { ClusterName: n.cluster, ServiceName: svc };
      const hot = svc === n.backendService && s.fault('ecs-cpu-high');
      return [
        series(s, 'AWS/ECS', 'CPUUtilization', dims, () => (hot ? (s.value('ecs-cpu-high') ?? 93) : 35), 'Percent'),
        series(s, 'AWS/ECS', 'MemoryUtilization', dims, () => 55, 'Percent'),
      ];
    }),
  ];
  for (const { namespace, data } of all) await s.aws.cloudwatch.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
}
