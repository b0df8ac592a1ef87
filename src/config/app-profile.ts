import type { AppId, Operator } from '../core/types.ts';
import type { RequestSpec, ScenarioSpec } from '../../load/lib/mix.ts';
import type { ErrorLinesOverride } from './log-formats.ts';
import type { Thresholds } from './thresholds.ts';

/** A Lighthouse budget as data (lighthouse-ci shape). */
export interface LighthouseBudget {
  /** `performance` is the category score 0..1; the others are audit numeric values in ms. */
  metric: 'performance' | 'first-contentful-paint' | 'interactive' | 'largest-contentful-paint' | 'total-blocking-time';
  operator: Extract<Operator, '<' | '<=' | '>' | '>='>;
  value: number;
  aggregation: 'median';
}

/** One API latency budget: `samples` timed requests after `warmup` untimed ones. */
export interface ApiBudget {
  name: string;
  method: 'GET' | 'POST';
  /** Route key in the app's `routes` table; the runner fills in ids. */
  route: string;
  budgetMs: number;
  /** Which percentile is held to the budget. */
  aggregation: 'p50' | 'p95' | 'max';
  samples: number;
  warmup: number;
}

/**
 * One request of the profile's load mix. It names a key of the profile's `routes` rather than a
 * path, so an environment's route overrides reach the load test like every other check; the
 * gate turns it into the k6 scripts' `RequestSpec` (load/lib/mix.ts) with the resolved path.
 */
export type LoadRequest = Omit<RequestSpec, 'path'> & {
  route: string;
  /** Query string added to the route, e.g. `page=1&limit=10`. */
  query?: string;
};
/**
 * The load scenario is defined beside the k6 scripts (load/lib/mix.ts), which must stay free
 * of imports; the profile reuses that one definition (requests and login by route key), so k6
 * and the embedded engine cannot drift. `engine`: auto = k6 when installed, else embedded.
 */
export type LoadScenario = Omit<ScenarioSpec, 'requests' | 'login'> & {
  engine: 'auto' | 'k6' | 'embedded';
  /** The route key of the login; its token is read at the profile's `responses.token`. */
  login: { route: string };
  requests: LoadRequest[];
};

/** Procedure ids as the runbooks name them: Financial RISE A/B/C, FlowComply options 1-3. */
export type ProcedureId = 'A' | 'B' | 'C' | 'option-1' | 'option-2' | 'option-3';

/** One rollback procedure of the runbook, as data (the orchestrator and the reports read it). */
export interface RollbackProcedure {
  id: ProcedureId;
  title: string;
  /** The runbook heading it comes from. */
  runbookSection: string;
  /** The runbook's steps, in order. */
  steps: string[];
  /** Loses data written since the deploy: needs an explicit confirmation flag. */
  destructive: boolean;
  /** May the orchestrator run it; false = report only, a person runs it from the runbook. */
  automatic: boolean;
  /** The runbook's "Time Required". */
  budgetMinutes: { min: number; max: number };
}

/** What kind of failure calls for which procedure: code only, data only, or both at once. */
export type ProcedureChoice = Record<'code' | 'data' | 'full', ProcedureId>;

export interface RollbackPolicy {
  /** Error rate (0..1) at or above which rollback is immediate. */
  immediateErrorRate: number;
  /** Error rate (0..1) at or above which rollback should be considered. */
  considerErrorRate: number;
  /** Performance degradation vs the last GO baseline (0..1) that makes rollback immediate. */
  immediateDegradation: number;
  considerDegradation: number;
  /**
   * A slowdown smaller than this (ms of p95) is not judged as degradation: on a small p95 a few
   * ms of machine or network noise read as "+100 %". The p95 budget itself still applies.
   */
  minDegradationMs: number;
  /** The runbook's procedures. */
  procedures: RollbackProcedure[];
  /** Which procedure to recommend, by the catalogue's rollback meaning of the failing checks. */
  choice: ProcedureChoice;
}

/**
 * One of a target's known rate limits (per client IP). The gate plans its requests within them
 * (src/http/rate-limits.ts); an environment overrides them as `contract.rateLimits.<id>`.
 */
export interface RateLimit {
  /** What it counts, for people: "logins", "registrations", "requests". */
  label: string;
  /** Route keys of the profile it applies to; `*` = every route. */
  routes: string[];
  /** Only requests of this method count (e.g. POST for login); empty = any method. */
  method: string;
  /** Requests allowed per window per client IP. */
  limit: number;
  windowS: number;
  /** True: each route has its own window of `limit` (Nest's ThrottlerGuard); false: all matching routes share one. */
  perRoute: boolean;
}

export type RateLimits = Record<string, RateLimit>;

export interface AppProfileBase<Routes extends Record<string, string>, Labels> {
  id: AppId;
  name: string;
  /** Short app code, e.g. in variable names (`FR_RDS_MAX_CONNECTIONS`); check ids are written in full in config/checks.ts. */
  prefix: 'fr' | 'fc';
  runbook: string;
  /** API routes as paths relative to the API origin; `:id`, `:token` are filled in at run time. */
  routes: Routes;
  /** Front-end routes relative to the web origin. */
  pages: Record<string, string>;
  /** Visible texts the browser checks locate by role and label. */
  labels: Labels;
  /** Health `status` values accepted as healthy (the runbook and the deployed app disagree). */
  healthyStatuses: string[];
  /** Labels match exactly only when true; else a trailing required marker ("Email *") is tolerated. */
  exactLabels: boolean;
  /** Request body field names per request (`fields.login.email` -> the JSON key sent). */
  fields: Record<string, Record<string, string>>;
  /** Response field paths (dot paths into the JSON body) the suites read. */
  responses: Record<string, string>;
  perf: { pages: string[]; runs: number; lighthouse: LighthouseBudget[]; api: ApiBudget[] };
  load: LoadScenario;
  /** The runbook's limits for the AWS and TLS checks; an environment may override them. */
  thresholds: Thresholds;
  rollback: RollbackPolicy;
  /** Values the gate types and posts, as templates (src/apps/test-data.ts). */
  data: Record<string, string>;
  /** CSS selectors where forms show validation messages (read after each submit). */
  formErrors: string[];
  /** The target's known rate limits, by id (`login`, `register`, ...): the gate's request budget. */
  rateLimits: RateLimits;
  /** What an error line looks like in this app's logs when it differs from the defaults (src/config/log-formats.ts). */
  errorLines?: ErrorLinesOverride;
  /** Documents of the app's runbook each run folder also fills in (src/evidence/reporters/standard.ts). */
  runbookReports?: readonly RunbookReport[];
}

/** A runbook document a run can fill in: FlowComply's "Deployment Log Template" (`deployment-log.md`), Financial RISE's go/no-go record (`go-no-go-record.md`). */
export type RunbookReport = 'deployment-log' | 'go-no-go-record';

/**
 * The parts of a profile that describe the app's contract: an environment may override any of
 * them through `apps.<app>.contract` (see src/config/contract.ts). The rest (perf, load,
 * rollback) has its own environment keys or is policy, not contract.
 */
export const CONTRACT_KEYS = [
  'routes',
  'pages',
  'labels',
  'exactLabels',
  'healthyStatuses',
  'expected',
  'fields',
  'responses',
  'words',
  'mail',
  'csrf',
  'rateLimits',
  'data',
  'formErrors',
  'flow',
] as const;

/** Returns its argument typed: config is code, checked by the compiler. */
export function defineApp<P extends AppProfileBase<Record<string, string>, unknown>>(profile: P): P {
  return profile;
}

/** Lighthouse defaults from the Financial RISE runbook; FlowComply uses the same (CHECKS.md). */
export const RUNBOOK_LIGHTHOUSE: LighthouseBudget[] = [
  { metric: 'performance', operator: '>=', value: 0.9, aggregation: 'median' },
  { metric: 'first-contentful-paint', operator: '<', value: 2000, aggregation: 'median' },
  { metric: 'interactive', operator: '<', value: 3000, aggregation: 'median' },
];

/** "10 virtual users for 1 minute: p95 < 500 ms, errors < 1 %, no timeouts." */
export const RUNBOOK_LOAD_THRESHOLDS: LoadScenario['thresholds'] = { p95Ms: 500, errorRate: 0.01, timeouts: 0 };
