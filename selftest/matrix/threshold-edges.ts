import { APP_PROFILES as APPS, type AppProfile } from '../../config/apps/index.ts';
import type { ThresholdsOverride } from '../../src/config/thresholds.ts';
import type { AppId } from '../../src/core/types.ts';
import { findFault, type Fault } from '../../sandbox/faults.ts';

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
 * is safe; `go` sits at -20 %, and at least 200 ms under: the measured time adds the app's own
 * work, a 200 ms poll and HTTP round trips on a shared 2-core machine, so -1 % would be noise, not
 * a test. The floor is measured in whole `npm test` runs (three matrix lanes and a file beside
 * them on 2 cores), where the API budgets' few samples make their p95 the slowest one (10 and 5
 * samples): `fr:api-slow=240` against GET /assessments' 300 ms read over 300 ms; with a 100 ms
 * floor `fr:api-post-slow=400` against POST /assessments' 500 ms read 579 ms (p50 406 ms: one
 * sample of five 180 ms late). -20 % of 5 s held in every run.
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
  /** The rows' environment overrides these thresholds (Fault.envThresholds): the check's other budgets out of reach. */
  thresholds?: ThresholdsOverride;
  /** The NO-GO row's failed assertions must all name this budget (Fault.failsOn). */
  failsOn?: string;
}

const delayOver = (limit: number) => Math.round(limit * 1.1);
const delayUnder = (limit: number) => Math.round(Math.min(limit * 0.8, limit - 200));
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

/**
 * The served certificate's days (fr:/fc:served-cert-expiring=<days>, the app's HTTPS face,
 * sandbox/https-face.ts, issued by the sandbox CA the local environment trusts): `openssl -days N`
 * sets notAfter = now + N days, so a moment later the check reads floor(N - epsilon) = N - 1 days
 * left. N = limit + 1 is exactly the limit left (14 is not > 14: NO-GO), N = limit + 2 one day
 * inside it (15 > 14: GO). Both edges are a day apart by construction, not by timing.
 */
const certDaysOver = (limit: number) => limit + 1;
const certDaysUnder = (limit: number) => limit + 2;
const NOT_FR_METRIC = 'no Financial RISE check reads it: its runbook has no T+1 h metrics (only FlowComply fc.mon.* do)';
/**
 * Lighthouse (desktop, simulated throttling) replays a server delay almost exactly: fr:css-late
 * (a render-blocking stylesheet answered <value> ms late) measured at --lighthouse-runs 1, 5 runs
 * each, FCP (= TTI) / score: healthy 174-183 ms / 1.00; 1000 -> 1200-1251 ms / 0.93-0.94;
 * 1300 -> 1489-1516 / 0.89; 1500 -> 1701-1789 / 0.83-0.85; 2000 -> 2201-2240 / 0.75-0.76.
 * FlowComply's /login with fc:css-late: healthy 169-175 ms / 1.00; 1000 -> 1202-1219 / 0.94;
 * 1500 -> 1701-1710 / 0.85. So a delay of `d` ms puts FCP and TTI at d + ~200 ms.
 *
 * One check holds three budgets, and the score (>= 0.9) falls at FCP ~1.45 s, long before FCP's
 * 2 s or TTI's 3 s; a late stylesheet moves FCP and TTI together. So the FCP and TTI rows run in
 * an environment that sets the check's other budgets out of reach (`thresholds.lighthouse`, an
 * override any environment may make): the budget under test alone decides the row, and the row
 * proves that budget is read, compared and aggregated at its own limit.
 */
const LIGHTHOUSE_BASE_MS = 200;
/** The fr:/fc:css-late delay that puts FCP (and TTI) at `ms`. */
const lateCssFor = (ms: number) => Math.round(ms) - LIGHTHOUSE_BASE_MS;
/** +10 % and -20 % of the limit, as the delay rows: the 5-run spread was under 90 ms. */
const paintOver = (limit: number) => lateCssFor(limit * 1.1);
const paintUnder = (limit: number) => lateCssFor(limit * 0.8);
/** FCP's rows: the score out of reach (0.75 at FCP 2.2 s). */
const FCP_ALONE: ThresholdsOverride = { lighthouse: { performance: 0.3 } };
/** TTI's rows: the score and FCP out of reach (FCP = TTI here). */
const TTI_ALONE: ThresholdsOverride = { lighthouse: { performance: 0.3, 'first-contentful-paint': 10_000 } };

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
  // fr:api-post-slow slows POST /assessments only: GET's tighter 300 ms budget stays clear of it.
  {
    threshold: 'financial-rise:perf.api[POST /assessments].budgetMs',
    fault: 'fr:api-post-slow',
    phase: 'perf',
    trips: ['fr.perf.api'],
    noGo: delayOver,
    go: delayUnder,
  },
  {
    threshold: 'financial-rise:perf.api[POST /reports/generate].budgetMs',
    fault: 'fr:report-slow',
    phase: 'perf',
    trips: ['fr.perf.api'],
    noGo: delayOver,
    go: delayUnder,
  },
  // Delays measured for the 0.9 score (figures above LIGHTHOUSE_FIGURES): 1500 ms scores 0.83-0.85
  // with FCP 1.7-1.8 s still inside 2 s (only the score fails); 1000 ms scores 0.93-0.94. The
  // spread over 5 runs was 0.02 at most, so both sit >= 2x the spread from 0.9. A changed limit
  // needs new measurements: the score is a log-normal blend of metrics, not linear in the delay.
  {
    threshold: 'financial-rise:perf.lighthouse[performance]',
    fault: 'fr:css-late',
    phase: 'perf',
    trips: ['fr.perf.lighthouse'],
    noGo: () => 1500,
    go: () => 1000,
    failsOn: 'performance score',
  },
  {
    threshold: 'financial-rise:perf.lighthouse[first-contentful-paint]',
    fault: 'fr:css-late',
    phase: 'perf',
    trips: ['fr.perf.lighthouse'],
    noGo: paintOver,
    go: paintUnder,
    thresholds: FCP_ALONE,
    failsOn: 'FCP',
  },
  {
    threshold: 'financial-rise:perf.lighthouse[interactive]',
    fault: 'fr:css-late',
    phase: 'perf',
    trips: ['fr.perf.lighthouse'],
    noGo: paintOver,
    go: paintUnder,
    thresholds: TTI_ALONE,
    failsOn: 'TTI',
  },
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
  // The limit is 0: one request hung past load.timeoutMs (10 s) is past it; the inside of a 0
  // limit is no hung request at all, i.e. the healthy app (the fault with n = 0 hangs nothing).
  // The fault runs its rows' load for 14 s (Fault.loadDurationS): the hung request times out at ~10 s.
  {
    threshold: 'financial-rise:load.thresholds.timeouts',
    fault: 'fr:requests-hang',
    phase: 'load',
    trips: ['fr.load.k6'],
    noGo: (l) => l + 1,
    go: (l) => l,
  },
  {
    threshold: 'financial-rise:thresholds.tls.minDaysLeft',
    fault: 'fr:served-cert-expiring',
    phase: 'pre',
    trips: ['fr.pre.tls'],
    noGo: certDaysOver,
    go: certDaysUnder,
  },
  {
    threshold: 'financial-rise:thresholds.logs.retentionDays',
    fault: 'fr:log-retention-7',
    phase: 'monitoring',
    trips: ['fr.pre.log-groups', 'fr.mon.logs'],
    // Shorter is the bad side; CloudWatch only allows 1, 3, 5, 7, 14, 30, 60... days: 14 is the nearest below 30.
    noGo: (l) => [1, 3, 5, 7, 14, 30, 60, 90].filter((d) => d < l).at(-1)!,
    go: (l) => l,
  },
  // The newest frontend event is set exactly <value> minutes before the seed; the gate reads it
  // seconds later, so 66 min is past 60 and 54 min (plus the row's seconds) inside it.
  {
    threshold: 'financial-rise:thresholds.logs.freshMinutes',
    fault: 'fr:logs-stale',
    phase: 'monitoring',
    trips: ['fr.mon.logs'],
    noGo: exactOver,
    go: exactUnder,
  },
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
  // The other keys' thresholds are in seconds or percent: 10 % above is weaker, equal is as strict.
  ...(['response-time', 'db-cpu', 'memory'] as const).map((key) => ({
    threshold: `financial-rise:thresholds.alarms[${key}].threshold`,
    fault: `fr:alarm-weaker-${key}`,
    phase: 'monitoring' as const,
    trips: ['fr.pre.alarms-configured'],
    noGo: (l: number) => Number((l * 1.1).toFixed(2)),
    go: (l: number) => l,
  })),
  // Windows in seconds, set as one-minute periods: one period longer is weaker, equal is as strict.
  ...(['5xx', 'response-time', 'db-cpu', 'memory'] as const).map((key) => ({
    threshold: `financial-rise:thresholds.alarms[${key}].windowS`,
    fault: `fr:alarm-window-${key}`,
    phase: 'monitoring' as const,
    trips: ['fr.pre.alarms-configured'],
    noGo: (l: number) => l + 60,
    go: (l: number) => l,
  })),
  // FlowComply
  { threshold: 'flowcomply:expected.queuePollGapMs', why: 'the gap between two queue polls, not a limit' },
  // Same delays as Financial RISE, measured on FlowComply's /login: 1500 -> 0.85, 1000 -> 0.94.
  {
    threshold: 'flowcomply:perf.lighthouse[performance]',
    fault: 'fc:css-late',
    phase: 'perf',
    trips: ['fc.perf.lighthouse'],
    noGo: () => 1500,
    go: () => 1000,
    failsOn: 'performance score',
  },
  {
    threshold: 'flowcomply:perf.lighthouse[first-contentful-paint]',
    fault: 'fc:css-late',
    phase: 'perf',
    trips: ['fc.perf.lighthouse'],
    noGo: paintOver,
    go: paintUnder,
    thresholds: FCP_ALONE,
    failsOn: 'FCP',
  },
  {
    threshold: 'flowcomply:perf.lighthouse[interactive]',
    fault: 'fc:css-late',
    phase: 'perf',
    trips: ['fc.perf.lighthouse'],
    noGo: paintOver,
    go: paintUnder,
    thresholds: TTI_ALONE,
    failsOn: 'TTI',
  },
  {
    threshold: 'flowcomply:load.thresholds.errorRate',
    fault: 'fc:error-rate',
    phase: 'load',
    trips: ['fc.load.k6'],
    noGo: (l, p) => errorPercent(l * 1.5, p),
    go: (l, p) => errorPercent(l * 0.5, p),
  },
  // fc:api-slow delays every authenticated request, i.e. the whole load mix.
  // Its `go` sits at -40 %, not -20 %: slowed, the 5 s matrix load gets only ~12 requests per
  // connection, so each connection's first (cold) request is ~8 % of the samples and lands in the
  // p95. Measured: 400 ms delay -> p95 515.7 ms (fails), 550 -> 601 ms; healthy p95 21.6 ms.
  {
    threshold: 'flowcomply:load.thresholds.p95Ms',
    fault: 'fc:api-slow',
    phase: 'load',
    trips: ['fc.load.k6'],
    noGo: delayOver,
    go: (l) => Math.round(l * 0.6),
  },
  {
    threshold: 'flowcomply:load.thresholds.timeouts',
    fault: 'fc:requests-hang',
    phase: 'load',
    trips: ['fc.load.k6'],
    noGo: (l) => l + 1,
    go: (l) => l,
  },
  {
    threshold: 'flowcomply:thresholds.tls.minDaysLeft',
    fault: 'fc:served-cert-expiring',
    phase: 'pre',
    trips: ['fc.pre.tls'],
    noGo: certDaysOver,
    go: certDaysUnder,
  },
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
      effect: `${e.threshold} is ${limit}: ${e.fault}=${value} is just ${expect === 'go' ? 'inside' : 'past'} it${e.thresholds ? ` (the environment sets ${JSON.stringify(e.thresholds)})` : ''}.`,
      ...(e.thresholds ? { envThresholds: e.thresholds } : {}),
      ...(e.failsOn ? { failsOn: e.failsOn } : {}),
      // The fault's own needs carry over to its edge rows (a longer load for the hang faults).
      ...(findFault(e.fault!)?.loadDurationS ? { loadDurationS: findFault(e.fault!)!.loadDurationS } : {}),
    });
    return [row(e.noGo(limit, profile), 'no-go'), row(e.go(limit, profile), 'go')];
  });
}

/**
 * The rows of the whole matrix: every fault once, plus the edge rows. A valued fault with edge
 * rows runs only at its edges: its default-value row (further past the same limit, tripping the
 * same check) proves nothing the NO-GO edge row does not, and costs a full verify (a Lighthouse
 * or load row is 20-25 s). Run a default row alone with `npm run matrix -- --fault <id>`.
 */
export function matrixFaults(faults: readonly Fault[], edges: readonly ThresholdEdge[] = THRESHOLD_EDGES): Fault[] {
  const edgeRows = edgeFaults(edges);
  const edged = new Set(edgeRows.map((f) => f.id.split('=')[0]));
  return [...faults.filter((f) => !edged.has(f.id)), ...edgeRows];
}
