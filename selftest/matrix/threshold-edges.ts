import { APP_PROFILES as APPS, type AppProfile } from '../../config/apps/index.ts';
import type { AppId } from '../../src/core/types.ts';
import type { Fault } from '../../sandbox/faults.ts';

/**
 * The matrix's threshold-edge rows, as data (issue 15 What 9): for every numeric threshold of
 * the profiles, the valued fault (sandbox/fault-values.ts) that moves that quantity and where to
 * set it: `noGo` just past the limit (NO-GO with exactly `trips`), `go` just inside it (GO, `trips`
 * pass). The values are derived FROM the profile, so the rows follow the data. A threshold no
 * sandbox fault can move carries `why` instead: selftest/matrix-edges.test.ts lists them and fails
 * on any profile threshold missing from this table, so none is forgotten silently.
 *
 * Margins. Faults that set a quantity exactly (CloudWatch datapoints, alarm thresholds, log
 * retention, a deterministic error counter) sit 10 % or one unit from the limit. Faults that add
 * a delay (reports, API latency) are a lower bound of what the gate measures, so `noGo` at +10 %
 * is safe; `go` sits at -20 %: the measured time adds the app's own work, a 200 ms poll and HTTP
 * round trips on a shared 2-core machine (a few hundred ms), so -1 % would be noise, not a test.
 */
export interface ThresholdEdge {
  /** `<app>:<path in the profile>`, as `profileThresholds` names it. */
  threshold: string;
  fault?: string;
  phase?: Fault['phase'];
  trips?: string[];
  noGo?: (limit: number, profile: AppProfile) => number;
  go?: (limit: number, profile: AppProfile) => number;
  /** Why there is no edge row for this threshold. */
  why?: string;
}

const delayOver = (limit: number) => Math.round(limit * 1.1);
const delayUnder = (limit: number) => Math.round(limit * 0.8);
const exactOver = (limit: number) => Math.round(limit * 1.1);
const exactUnder = (limit: number) => Math.round(limit * 0.9);

/**
 * `fr:/fc:error-rate=<percent>` fails that share of *authenticated* requests; the load test also
 * sends unauthenticated ones (health), so the measured rate is the fault's times their share.
 * The rows aim at 1.5x and 0.5x the limit as measured (1.5 % against 1 %): the request mix is
 * drawn at random by weight, so a +10 % edge could fall either side in a 5 s load test.
 */
function errorPercent(measured: number, profile: AppProfile): number {
  const all = profile.load.requests.reduce((n, r) => n + r.weight, 0);
  const auth = profile.load.requests.filter((r) => r.auth).reduce((n, r) => n + r.weight, 0);
  return Number(((measured * 100 * all) / auth).toFixed(2));
}

const NOT_FR_METRIC = 'no Financial RISE check reads it: its runbook has no T+1 h metrics (only FlowComply fc.mon.* do)';
const NO_LIGHTHOUSE_EDGE =
  'Lighthouse scores on a shared 2-core machine vary by more than any honest margin; fr:heavy-page proves the check trips, not its edge';

export const THRESHOLD_EDGES: readonly ThresholdEdge[] = [
  // Financial RISE
  {
    threshold: 'financial-rise:expected.reportGenerationMs',
    fault: 'fr:report-slow',
    phase: 'smoke',
    trips: ['fr.smoke.reports'],
    noGo: delayOver,
    go: delayUnder,
  },
  { threshold: 'financial-rise:expected.questions', why: 'an exact count, not a limit: fr:questions-missing (one fewer) is already its edge row' },
  { threshold: 'financial-rise:expected.minAdmins', why: 'fr:no-admin-user (0 against at least 1) is already its edge row' },
  {
    threshold: 'financial-rise:expected.emailWaitMs',
    why: 'a wait bound, not a verdict limit: a mail later than it is "no mail", proven by fr:no-verification-email',
  },
  {
    threshold: 'financial-rise:perf.api[GET /assessments].budgetMs',
    fault: 'fr:api-slow',
    phase: 'perf',
    trips: ['fr.perf.api'],
    noGo: delayOver,
    go: delayUnder,
  },
  {
    threshold: 'financial-rise:perf.api[POST /assessments].budgetMs',
    why: "fr:api-slow slows GET and POST /assessments alike: GET's tighter 300 ms budget trips first, so no fault isolates POST's edge",
  },
  {
    threshold: 'financial-rise:perf.api[POST /reports/generate].budgetMs',
    fault: 'fr:report-slow',
    phase: 'perf',
    trips: ['fr.perf.api'],
    noGo: delayOver,
    go: delayUnder,
  },
  { threshold: 'financial-rise:perf.lighthouse[performance]', why: NO_LIGHTHOUSE_EDGE },
  { threshold: 'financial-rise:perf.lighthouse[first-contentful-paint]', why: NO_LIGHTHOUSE_EDGE },
  { threshold: 'financial-rise:perf.lighthouse[interactive]', why: NO_LIGHTHOUSE_EDGE },
  {
    threshold: 'financial-rise:load.thresholds.errorRate',
    fault: 'fr:error-rate',
    phase: 'load',
    trips: ['fr.load.k6'],
    noGo: (l, p) => errorPercent(l * 1.5, p),
    go: (l, p) => errorPercent(l * 0.5, p),
  },
  // /assessments is 6 of 10 by weight in the load mix, so the p95 of all requests is a slowed one.
  { threshold: 'financial-rise:load.thresholds.p95Ms', fault: 'fr:api-slow', phase: 'load', trips: ['fr.load.k6'], noGo: delayOver, go: delayUnder },
  {
    threshold: 'financial-rise:load.thresholds.timeouts',
    why: 'the limit is 0: its edge is one request hanging past load.timeoutMs (10 s), which no sandbox fault does yet',
  },
  { threshold: 'financial-rise:thresholds.tls.minDaysLeft', why: 'the sandbox serves plain HTTP and moto issues ACM certificates with its own fixed validity' },
  {
    threshold: 'financial-rise:thresholds.logs.retentionDays',
    fault: 'fr:log-retention-7',
    phase: 'monitoring',
    trips: ['fr.pre.log-groups', 'fr.mon.logs'],
    // Shorter is the bad side; CloudWatch only allows 1, 3, 5, 7, 14, 30, 60... days: 14 is the nearest below 30.
    noGo: (l) => [1, 3, 5, 7, 14, 30, 60, 90].filter((d) => d < l).at(-1)!,
    go: (l) => l,
  },
  { threshold: 'financial-rise:thresholds.logs.freshMinutes', why: 'the AWS seed writes log events at seed time; no fault backdates them yet' },
  { threshold: 'financial-rise:thresholds.metrics.windowMinutes', why: 'the window metrics are read over, not a limit' },
  { threshold: 'financial-rise:thresholds.metrics.albP95Ms', why: NOT_FR_METRIC },
  { threshold: 'financial-rise:thresholds.metrics.ecsUtilPct', why: NOT_FR_METRIC },
  { threshold: 'financial-rise:thresholds.metrics.rdsConnectionShare', why: NOT_FR_METRIC },
  { threshold: 'financial-rise:thresholds.metrics.rdsDefaultMaxConnections', why: 'a fallback for max_connections, not a limit' },
  {
    threshold: 'financial-rise:thresholds.metrics.minRequests',
    why: "a floor of evidence, not a release limit: under it the 5xx rate and p95 are not judged (inconclusive, the gate's); table-tested in selftest/production-criteria.test.ts and against moto in selftest/aws-production-criteria.test.ts",
  },
  { threshold: 'financial-rise:thresholds.metrics.redisHitRate', why: NOT_FR_METRIC },
  // An alarm at most as high as the runbook's is as strict (GO); one unit higher fires later (NO-GO).
  {
    threshold: 'financial-rise:thresholds.alarms[5xx].threshold',
    fault: 'fr:alarm-weaker',
    phase: 'monitoring',
    trips: ['fr.pre.alarms-configured'],
    noGo: (l) => l + 1,
    go: (l) => l,
  },
  {
    threshold: 'financial-rise:thresholds.alarms[5xx].windowS',
    why: 'fr:alarm-weaker moves the threshold only; the window comparison is the same rule (src/checks/aws/alarm-rules.ts), table-tested',
  },
  ...(['response-time', 'db-cpu', 'memory'] as const).flatMap((key) => [
    {
      threshold: `financial-rise:thresholds.alarms[${key}].threshold`,
      why: 'fr:alarm-weaker weakens the 5xx alarm only; every key goes through the same rule (alarm-rules.ts), table-tested',
    },
    { threshold: `financial-rise:thresholds.alarms[${key}].windowS`, why: 'as the threshold: same rule as 5xx, table-tested' },
  ]),
  // FlowComply
  { threshold: 'flowcomply:expected.queuePollGapMs', why: 'the gap between two queue polls, not a limit' },
  { threshold: 'flowcomply:perf.lighthouse[performance]', why: NO_LIGHTHOUSE_EDGE },
  { threshold: 'flowcomply:perf.lighthouse[first-contentful-paint]', why: NO_LIGHTHOUSE_EDGE },
  { threshold: 'flowcomply:perf.lighthouse[interactive]', why: NO_LIGHTHOUSE_EDGE },
  {
    threshold: 'flowcomply:load.thresholds.errorRate',
    fault: 'fc:error-rate',
    phase: 'load',
    trips: ['fc.load.k6'],
    noGo: (l, p) => errorPercent(l * 1.5, p),
    go: (l, p) => errorPercent(l * 0.5, p),
  },
  { threshold: 'flowcomply:load.thresholds.p95Ms', why: 'no FlowComply fault adds latency; the same load rule is edged on Financial RISE (fr:api-slow)' },
  { threshold: 'flowcomply:load.thresholds.timeouts', why: 'as Financial RISE: no fault hangs a request past load.timeoutMs' },
  { threshold: 'flowcomply:thresholds.tls.minDaysLeft', why: 'the sandbox serves plain HTTP and moto issues ACM certificates with its own fixed validity' },
  { threshold: 'flowcomply:thresholds.logs.retentionDays', why: 'no FlowComply check reads log retention (its runbook does not ask for it)' },
  { threshold: 'flowcomply:thresholds.logs.freshMinutes', why: 'no FlowComply check reads log freshness' },
  { threshold: 'flowcomply:thresholds.metrics.windowMinutes', why: 'the window metrics are read over, not a limit' },
  {
    threshold: 'flowcomply:thresholds.metrics.albP95Ms',
    fault: 'fc:alb-slow',
    phase: 'monitoring',
    trips: ['fc.mon.alb-p95'],
    noGo: exactOver,
    go: exactUnder,
  },
  {
    threshold: 'flowcomply:thresholds.metrics.ecsUtilPct',
    fault: 'fc:ecs-cpu-high',
    phase: 'monitoring',
    trips: ['fc.mon.ecs-util'],
    noGo: exactOver,
    go: exactUnder,
  },
  // Both in percent: of max_connections (0.5 -> 55 / 45), and the hit rate (0.7 -> 63 / 77, lower is worse).
  {
    threshold: 'flowcomply:thresholds.metrics.rdsConnectionShare',
    fault: 'fc:rds-connections-high',
    phase: 'monitoring',
    trips: ['fc.mon.rds-connections'],
    noGo: (l) => Math.round(l * 110),
    go: (l) => Math.round(l * 90),
  },
  { threshold: 'flowcomply:thresholds.metrics.rdsDefaultMaxConnections', why: 'a fallback for max_connections, not a limit' },
  {
    threshold: 'flowcomply:thresholds.metrics.minRequests',
    why: "a floor of evidence, not a release limit: under it the 5xx rate and p95 are not judged (inconclusive, the gate's); table-tested in selftest/production-criteria.test.ts and against moto in selftest/aws-production-criteria.test.ts",
  },
  {
    threshold: 'flowcomply:thresholds.metrics.redisHitRate',
    fault: 'fc:redis-hit-low',
    phase: 'monitoring',
    trips: ['fc.mon.redis-hit-rate'],
    noGo: (l) => Math.round(l * 90),
    go: (l) => Math.round(l * 110),
  },
];

/** Every numeric threshold of one profile, by `<app>:<path>`: what the table must cover. Pure. */
export function profileThresholds(app: AppId, p: AppProfile): Map<string, number> {
  const out = new Map<string, number>();
  const put = (path: string, v: unknown) => void (typeof v === 'number' && out.set(`${app}:${path}`, v));
  for (const [k, v] of Object.entries(p.expected ?? {})) put(`expected.${k}`, v);
  for (const b of p.perf.api) put(`perf.api[${b.name}].budgetMs`, b.budgetMs);
  for (const b of p.perf.lighthouse) put(`perf.lighthouse[${b.metric}]`, b.value);
  for (const [k, v] of Object.entries(p.load.thresholds)) put(`load.thresholds.${k}`, v);
  put('thresholds.tls.minDaysLeft', p.thresholds.tls.minDaysLeft);
  for (const [k, v] of Object.entries(p.thresholds.logs)) put(`thresholds.logs.${k}`, v);
  for (const [k, v] of Object.entries(p.thresholds.metrics)) put(`thresholds.metrics.${k}`, v);
  for (const a of p.thresholds.alarms) {
    put(`thresholds.alarms[${a.key}].threshold`, a.threshold);
    put(`thresholds.alarms[${a.key}].windowS`, a.windowS);
  }
  return out;
}

const appOf = (threshold: string) => threshold.split(':')[0] as AppId;

/** The two matrix rows of each movable threshold, with the fault value derived from the profile. */
export function edgeFaults(edges: readonly ThresholdEdge[] = THRESHOLD_EDGES): Fault[] {
  return edges.flatMap((e) => {
    if (!e.fault || !e.noGo || !e.go || !e.phase || !e.trips) return [];
    const app = appOf(e.threshold);
    const profile = APPS[app];
    const limit = profileThresholds(app, profile).get(e.threshold);
    if (limit === undefined) throw new Error(`threshold-edges: ${e.threshold} is not a numeric threshold of the ${app} profile`);
    const row = (value: number, expect: 'no-go' | 'go'): Fault => ({
      id: `${e.fault}=${value}`,
      app,
      name: `${e.fault!.split(':')[1]}=${value}`,
      phase: e.phase!,
      trips: e.trips!,
      expect,
      effect: `${e.threshold} is ${limit}: ${e.fault}=${value} is just ${expect === 'go' ? 'inside' : 'past'} it.`,
    });
    return [row(e.noGo(limit, profile), 'no-go'), row(e.go(limit, profile), 'go')];
  });
}
