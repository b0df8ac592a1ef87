import { faultValue } from '../fault-values.ts';

/**
 * The `fr:*` faults as the running app sees them. Ids come from `sandbox/faults.ts`; the names
 * are typed here so a typo in a route is a compile error rather than a fault that never fires.
 */
export type FrFault =
  | 'health-down'
  | 'health-degraded'
  | 'frontend-console-error'
  | 'frontend-404-asset'
  | 'no-verification-email'
  | 'registration-500'
  | 'login-broken'
  | 'assessment-not-persisted'
  | 'no-invitation-email'
  | 'questions-missing'
  | 'submit-fails'
  | 'report-slow'
  | 'report-corrupt-pdf'
  | 'report-failed'
  | 'admin-403'
  | 'api-slow'
  | 'api-post-slow'
  | 'requests-hang'
  | 'error-rate'
  | 'heavy-page'
  | 'css-late'
  | 'migration-row-missing'
  | 'no-admin-user'
  | 'migration-drops-column'
  // stricter than the contract: refuses the gate's default test data (the gate's problem, not a defect)
  | 'client-name-strict'
  // security defects
  | 'register-grants-admin'
  | 'user-list-leaks-hash'
  | 'route-unauthenticated'
  | 'login-accepts-wrong-password'
  | 'cors-foreign-500'
  // blame (issue 15): silences and late errors the gate must pin on the release
  | 'health-hang'
  | 'frontend-late-error'
  | 'admin-routes-missing'
  | 'api-port-closed'
  // Drift, not defects: a healthy deployment that differs from the contract (release 2.0.0-drifted).
  | 'drift-47-questions'
  | 'drift-no-mail'
  | 'drift-register-fields'
  | 'drift-labels-required';

/** `fr:error-rate` fails these positions of every 20 authenticated requests: 3 / 20 = 15 %. */
const ERROR_RATE_POSITIONS = new Set([7, 14, 0]);

/** Deterministic rather than random so the self-tests can count exactly. */
export function errorRateHit(n: number): boolean {
  return ERROR_RATE_POSITIONS.has(n % 20);
}

/**
 * Whether request `n` (1-based) fails at `percent` % (a valued `fr:error-rate=<percent>`):
 * exactly that share of every 100 consecutive requests, spread evenly; fractions allowed (1.5).
 */
export function errorRateHitAt(n: number, percent: number): boolean {
  return Math.floor((n * percent) / 100) > Math.floor(((n - 1) * percent) / 100);
}

export class RuntimeFaults {
  private authenticatedRequests = 0;

  constructor(private readonly ids: ReadonlySet<string>) {}

  on(name: FrFault): boolean {
    return this.ids.has(`fr:${name}`);
  }

  /** The number `fr:<name>=<n>` carries (threshold-edge rows of the matrix), if any. */
  value(name: FrFault): number | undefined {
    return faultValue(this.ids, `fr:${name}`);
  }

  /** Counts one authenticated request; true when `fr:error-rate` should answer it with 503. */
  failThisAuthenticatedRequest(): boolean {
    if (!this.on('error-rate')) return false;
    this.authenticatedRequests += 1;
    const percent = this.value('error-rate');
    return percent === undefined ? errorRateHit(this.authenticatedRequests) : errorRateHitAt(this.authenticatedRequests, percent);
  }
}

/** Extra latency `fr:api-slow` adds to every /assessments request (`fr:api-slow=<ms>` sets it). */
export const API_SLOW_MS = 400;
/** Extra latency `fr:api-post-slow` adds to POST /assessments only (`fr:api-post-slow=<ms>` sets it); budget 500 ms. */
export const API_POST_SLOW_MS = 800;
/**
 * `fr:requests-hang[=<n>]`: how many GET /assessments never answer (default 3). Each is held
 * REQUEST_HANG_MS, past the load test's 10 s timeout, then dropped without an answer.
 */
export const REQUESTS_HANG = 3;
export const REQUEST_HANG_MS = 15_000;
/** How late `fr:css-late` answers the login page's stylesheet (`fr:css-late=<ms>` sets it). */
export const CSS_LATE_MS = 2500;
/** Report generation delay: ~300 ms normally, 7 s under `fr:report-slow` (budget is 5 s; `fr:report-slow=<ms>` sets it). */
export const REPORT_MS = { normal: 300, slow: 7000 };
