import type { CheckResult } from '../../core/types.ts';
import { statusPageCheck } from '../http/status-page.ts';
import type { GateContext } from '../context.ts';
import type { AppAws } from '../../config/environment.ts';
import type { AwsClients } from '../../aws/clients.ts';
import { describeAlarms } from '../../aws/alarms.ts';
import { describeLogGroups, findLogEvents, type LogEventInfo } from '../../aws/logs.ts';
import { getMetric, type MetricQuery } from '../../aws/metrics.ts';
import { defaultMaxConnections, describeDbInstance } from '../../aws/rds.ts';
import { measureOnAws, onAws, type AwsRun } from './finding.ts';
import { registeredIds, type MeasureRegistry } from '../registry.ts';
import { ProbeError } from '../guarded.ts';
import type { Finding } from '../../core/finding.ts';
import { alarmSpecs, evaluateAlarmStates } from './alarm-rules.ts';
import { evaluateErrorLines, evaluateLogsArriving, evaluateStartupLogs } from './log-rules.ts';
import { evaluateAlbP95, evaluateEcsUtil, evaluateRdsConnections, evaluateRedisHitRate } from './metric-rules.ts';
import { DEFAULT_STARTUP, minutesBefore, rdsMaxFromEnv, type AwsCheckOptions } from './options.ts';
import { DEFAULT_ERROR_LINES } from '../../config/log-formats.ts';
import { errorLinesOf } from '../logs/app-error-lines.ts';
import { errorLineTest } from '../logs/error-lines.ts';
import { albErrorRate, albSlowdown } from './production-traffic.ts';

async function alarmsFinding(ctx: GateContext, aws: AwsClients, names: AppAws, opts: AwsCheckOptions): Promise<Finding> {
  const alarms = await describeAlarms(aws, names.alarmPrefix);
  return evaluateAlarmStates(alarms, {
    required: alarmSpecs(ctx.profile.thresholds.alarms),
    deployedAt: ctx.deployedAt,
    alarmsBeforeDeploy: opts.alarmsBeforeDeploy ?? 'count',
    scope: names.alarmPrefix ? `prefix "${names.alarmPrefix}"` : 'whole account',
  });
}

export async function errorLines(
  aws: AwsClients,
  groups: readonly string[],
  since: Date,
  now: Date,
  filters: readonly string[] = DEFAULT_ERROR_LINES.cloudWatchFilters,
): Promise<Map<string, LogEventInfo[]>> {
  const found = await Promise.all(groups.map(async (group) => [group, await candidateErrorEvents(aws, group, filters, since, now)] as const));
  return new Map(found);
}

/**
 * The events any of the app's CloudWatch filters fetch (a text filter and a JSON one cannot be
 * combined in one pattern), merged without duplicates; the error-line rule then decides.
 */
async function candidateErrorEvents(aws: AwsClients, group: string, filters: readonly string[], start: Date, end: Date): Promise<LogEventInfo[]> {
  const pages = await Promise.all(filters.map((pattern) => findLogEvents(aws, { group, pattern, start, end, limit: 20 })));
  const byEvent = new Map<string, LogEventInfo>();
  for (const e of pages.flat()) byEvent.set(`${e.at.getTime()}|${e.stream ?? ''}|${e.message}`, e);
  return [...byEvent.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

export function requireGroups(names: AppAws): void {
  if (!names.logGroups.length) throw new ProbeError('No log groups are configured, so no logs can be read', 'list them in `aws.logGroups` of the environment');
}

async function logsArriving(ctx: GateContext, aws: AwsClients, names: AppAws, opts: AwsCheckOptions): Promise<Finding> {
  requireGroups(names);
  const now = ctx.now();
  const fresh = opts.freshMinutes ?? ctx.profile.thresholds.logs.freshMinutes;
  const groups = await describeLogGroups(aws, names.logGroups);
  const latest = new Map<string, Date | undefined>();
  for (const g of groups.filter((x) => x.exists)) {
    const events = await findLogEvents(aws, { group: g.name, start: minutesBefore(now, fresh), end: now, limit: 1 });
    latest.set(g.name, events[0]?.at);
  }
  return evaluateLogsArriving(groups, latest, { freshMinutes: fresh, retentionDays: ctx.profile.thresholds.logs.retentionDays, now });
}

async function backendStartup(ctx: GateContext, aws: AwsClients, names: AppAws, opts: AwsCheckOptions): Promise<Finding> {
  requireGroups(names);
  const group = names.logGroups.find((g) => /backend|api/i.test(g)) ?? names.logGroups[0];
  const now = ctx.now();
  const from = minutesBefore(ctx.deployedAt, opts.startupWindowMinutes ?? 60);
  const phrase = opts.serverStartedPhrase ?? DEFAULT_STARTUP.serverStartedPhrase;
  const serverStarted = await findLogEvents(aws, { group, pattern: `"${phrase}"`, start: from, end: now, limit: 5 });
  let databaseConnected: LogEventInfo[] = [];
  for (const p of opts.dbConnectedPhrases ?? DEFAULT_STARTUP.dbConnectedPhrases) {
    databaseConnected = await findLogEvents(aws, { group, pattern: `"${p}"`, start: from, end: now, limit: 5 });
    if (databaseConnected.length) break;
  }
  const rules = errorLinesOf(ctx);
  const errors = await candidateErrorEvents(aws, group, rules.cloudWatchFilters, ctx.deployedAt, now);
  return evaluateStartupLogs({ group, serverStarted, databaseConnected, errors, serverStartedPhrase: phrase }, errorLineTest(rules));
}

function windowed(ctx: GateContext, opts: AwsCheckOptions): Pick<MetricQuery, 'start' | 'end'> & { minutes: number } {
  const minutes = opts.metricsWindowMinutes ?? ctx.profile.thresholds.metrics.windowMinutes;
  const end = ctx.now();
  return { start: minutesBefore(end, minutes), end, minutes };
}

function need<T>(value: T | undefined, field: string): T {
  if (value === undefined || value === '')
    throw new ProbeError(`\`aws.${field}\` is not set in the environment, so this metric cannot be read`, `set \`aws.${field}\``);
  return value;
}

async function albP95(ctx: GateContext, aws: AwsClients, names: AppAws, opts: AwsCheckOptions): Promise<Finding> {
  const { start, end, minutes } = windowed(ctx, opts);
  const base = { namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: need(names.loadBalancer, 'loadBalancer') }, start, end, periodS: minutes * 60 };
  const [latency, requests, target5xx] = await Promise.all([
    getMetric(aws, { ...base, metric: 'TargetResponseTime', stat: 'p95' }),
    getMetric(aws, { ...base, metric: 'RequestCount', stat: 'Sum' }),
    getMetric(aws, { ...base, metric: 'HTTPCode_Target_5XX_Count', stat: 'Sum' }),
  ]);
  return evaluateAlbP95(latency, ctx.profile.thresholds.metrics.albP95Ms, { requests, target5xx });
}

async function ecsUtil(ctx: GateContext, aws: AwsClients, names: AppAws, opts: AwsCheckOptions): Promise<Finding> {
  const { start, end } = windowed(ctx, opts);
  const services = [names.backendService, names.frontendService];
  const series = await Promise.all(
    services.map(async (service) => {
      const q = { namespace: 'AWS/ECS', dimensions: { ClusterName: names.cluster, ServiceName: service }, start, end, periodS: 300, stat: 'Average' as const };
      const [cpu, memory] = await Promise.all([getMetric(aws, { ...q, metric: 'CPUUtilization' }), getMetric(aws, { ...q, metric: 'MemoryUtilization' })]);
      return { service, cpu, memory };
    }),
  );
  return evaluateEcsUtil(series, ctx.profile.thresholds.metrics.ecsUtilPct);
}

async function rdsConnections(ctx: GateContext, aws: AwsClients, names: AppAws, opts: AwsCheckOptions): Promise<Finding> {
  const { start, end } = windowed(ctx, opts);
  const connections = await getMetric(aws, {
    namespace: 'AWS/RDS',
    metric: 'DatabaseConnections',
    dimensions: { DBInstanceIdentifier: names.dbInstance },
    start,
    end,
    periodS: 300,
    stat: 'Maximum',
  });
  const fromEnv = rdsMaxFromEnv(ctx, opts);
  let max = fromEnv ? { value: fromEnv, source: 'configured' } : undefined;
  if (!max) {
    const db = await describeDbInstance(aws, names.dbInstance);
    const byClass = defaultMaxConnections(db.instanceClass);
    max = byClass
      ? { value: byClass, source: `PostgreSQL default for ${db.instanceClass}` }
      : {
          value: ctx.profile.thresholds.metrics.rdsDefaultMaxConnections,
          source: `default; set ${ctx.profile.prefix.toUpperCase()}_RDS_MAX_CONNECTIONS for ${db.instanceClass ?? 'this instance'}`,
        };
  }
  return evaluateRdsConnections(connections, max, ctx.profile.thresholds.metrics.rdsConnectionShare);
}

async function redisHitRate(ctx: GateContext, aws: AwsClients, names: AppAws, opts: AwsCheckOptions): Promise<Finding> {
  const { start, end, minutes } = windowed(ctx, opts);
  const q = {
    namespace: 'AWS/ElastiCache',
    dimensions: { CacheClusterId: need(names.cacheCluster, 'cacheCluster') },
    start,
    end,
    periodS: minutes * 60,
    stat: 'Sum' as const,
  };
  const [hits, misses] = await Promise.all([getMetric(aws, { ...q, metric: 'CacheHits' }), getMetric(aws, { ...q, metric: 'CacheMisses' })]);
  return evaluateRedisHitRate(hits, misses, ctx.profile.thresholds.metrics.redisHitRate);
}

async function errorLinesLastHour(ctx: GateContext, aws: AwsClients, names: AppAws): Promise<Finding> {
  requireGroups(names);
  const since = minutesBefore(ctx.now(), 60);
  const rules = errorLinesOf(ctx);
  return evaluateErrorLines(
    await errorLines(aws, names.logGroups, since, ctx.now(), rules.cloudWatchFilters),
    { since, label: 'in the last hour' },
    errorLineTest(rules),
  );
}

/** The monitoring phase's measures, one per catalogue id (which ids run is the gate's plan). */
export const MONITORING_MEASURES: MeasureRegistry<AwsRun> = {
  'fr.mon.alarms': onAws(alarmsFinding),
  'fr.mon.logs': onAws(logsArriving),
  'fr.deploy.backend-logs': onAws(backendStartup),
  'fr.mon.uptime': (run, id) => statusPageCheck(run.ctx, id),
  'fr.mon.error-rate': onAws(albErrorRate),
  'fr.mon.slowdown': onAws(albSlowdown),
  'fc.mon.alarms': onAws(alarmsFinding),
  'fc.mon.log-errors': onAws(errorLinesLastHour),
  'fc.mon.alb-p95': onAws(albP95),
  'fc.mon.error-rate': onAws(albErrorRate),
  'fc.mon.ecs-util': onAws(ecsUtil),
  'fc.mon.rds-connections': onAws(rdsConnections),
  'fc.mon.redis-hit-rate': onAws(redisHitRate),
};

/**
 * The monitoring phase: alarms, logs, the status page and performance metrics, whichever of
 * them `ids` names (default: every id of the app this area measures). Every check runs even
 * when another fails; "could not measure" is an `error` result, never a pass.
 */
export async function runMonitoringChecks(
  ctx: GateContext,
  ids: readonly string[] = registeredIds(MONITORING_MEASURES, ctx.app),
  opts: AwsCheckOptions = {},
): Promise<CheckResult[]> {
  return measureOnAws(MONITORING_MEASURES, ids, ctx, opts, 'the monitoring checks (src/checks/aws/monitoring.ts)');
}
