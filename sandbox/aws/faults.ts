import type { Fault } from '../faults.ts';

/**
 * Faults of the AWS world (`seedAwsWorld` applies them). The lead merges these into the
 * catalogue. `phase` is `monitoring` for all: the self-test matrix runs the AWS phases.
 * `fc:no-datapoints` makes its checks `inconclusive` (no data is never a pass), not `fail`.
 */
const fr = (name: string, trips: string[], effect: string): Fault => ({ id: `fr:${name}`, app: 'financial-rise', name, phase: 'monitoring', trips, effect });
const fc = (name: string, trips: string[], effect: string, expect?: Fault['expect']): Fault => ({
  id: `fc:${name}`,
  app: 'flowcomply',
  name,
  phase: 'monitoring',
  trips,
  effect,
  ...(expect ? { expect } : {}),
});

export const AWS_FAULTS: Fault[] = [
  fr('alarm-firing', ['fr.mon.alarms'], 'CloudWatch alarm financial-rise-5xx-errors is in ALARM.'),
  fc('alarm-firing', ['fc.mon.alarms'], 'CloudWatch alarm flowcomply-5xx-errors is in ALARM.'),
  fr('alarm-missing', ['fr.pre.alarms-configured'], 'The runbook memory alarm (MemoryUtilization > 85 % for 10 min) does not exist.'),
  fr('alarm-weaker', ['fr.pre.alarms-configured'], "The 5XX alarm fires above 50 errors instead of the runbook's 10."),
  fr('log-retention-7', ['fr.pre.log-groups', 'fr.mon.logs'], '/ecs/financial-rise-backend keeps logs 7 days instead of 30.'),
  // Valued (`=<minutes>`) by the threshold-edge rows of logs.freshMinutes (60).
  fr('logs-stale', ['fr.mon.logs'], "/ecs/financial-rise-frontend's newest event is 90 minutes old (runbook: logs arriving)."),
  // Valued by the threshold-edge rows: one runbook alarm each, the 5XX one is fr:alarm-weaker's.
  fr('alarm-weaker-response-time', ['fr.pre.alarms-configured'], 'The TargetResponseTime alarm fires above 5 s instead of 1 s (`=<seconds>`).'),
  fr('alarm-weaker-db-cpu', ['fr.pre.alarms-configured'], 'The DB CPU alarm fires above 95 % instead of 80 % (`=<percent>`).'),
  fr('alarm-weaker-memory', ['fr.pre.alarms-configured'], 'The memory alarm fires above 95 % instead of 85 % (`=<percent>`).'),
  ...(['5xx', 'response-time', 'db-cpu', 'memory'] as const).map((key) =>
    fr(
      `alarm-window-${key}`,
      ['fr.pre.alarms-configured'],
      `The ${key} alarm waits 30 min before firing (\`=<seconds>\` of 1-min periods), longer than the runbook's.`,
    ),
  ),
  // An imported ACM certificate (`=<days>` sets its validity). The threshold's edge rows move
  // the served certificate instead (fr:/fc:served-cert-expiring, both apps; sandbox/faults.ts).
  fc('cert-expiring', ['fc.pre.tls'], 'The ACM certificate is an imported one that expires in 7 days (runbook: valid > 14 days).'),
  fr('log-errors', ['fr.smoke.logs-clean', 'fr.deploy.backend-logs'], 'The backend logged an ERROR line after the deploy.'),
  fc('log-errors', ['fc.mon.log-errors'], 'The FlowComply backend logged an ERROR line in the last hour.'),
  fc('alb-slow', ['fc.mon.alb-p95'], 'ALB TargetResponseTime is 350-900 ms (runbook p95 < 200 ms).'),
  // Valued (`=<percent>`): the share of requests answered 5xx; default 15 % (FR immediate >= 10 %, FC > 5 %).
  fr(
    'alb-5xx-high',
    ['fr.mon.error-rate'],
    'The load balancer counts 15 % of requests as target 5xx since the deploy (runbook: error rate > 10 % -> immediate rollback).',
  ),
  fc('alb-5xx-high', ['fc.mon.error-rate'], 'The load balancer counts 15 % of requests as target 5xx since the deploy (runbook: 5xx > 5 % -> rollback).'),
  fc('ecs-cpu-high', ['fc.mon.ecs-util'], 'The FlowComply backend service runs at 93 % CPU.'),
  fc(
    'no-datapoints',
    ['fc.mon.alb-p95', 'fc.mon.error-rate', 'fc.mon.ecs-util', 'fc.mon.rds-connections', 'fc.mon.redis-hit-rate'],
    'FlowComply publishes no ALB/ECS/RDS/ElastiCache metrics: those checks report inconclusive, never pass.',
    'inconclusive',
  ),
  // Valued (`=<percent>`) by the matrix's threshold-edge rows: share of max_connections, hit rate in %.
  fc('rds-connections-high', ['fc.mon.rds-connections'], 'RDS DatabaseConnections peak at 70 % of max_connections (runbook < 50 %).'),
  fc('redis-hit-low', ['fc.mon.redis-hit-rate'], 'Redis hit rate 50 % (runbook > 70 %).'),
  fr('secret-missing', ['fr.pre.secrets'], 'Secret financial-rise/production/jwt-secret is not in Secrets Manager.'),
  fc('secret-missing', ['fc.pre.secrets'], 'Secret flowcomply/production/JWT_SECRET is not in Secrets Manager.'),
];

export const AWS_FAULT_IDS: ReadonlySet<string> = new Set(AWS_FAULTS.map((f) => f.id));
