/**
 * The FlowComply fault switches (their effects are listed in `sandbox/faults.ts`), plus the
 * pure rule behind `fc:error-rate`. Names are constants so a typo is a type error, not a
 * fault that silently never fires.
 */
export const FC = {
  redisDown: 'fc:redis-down',
  s3Down: 'fc:s3-down',
  loginAcceptsWrongPassword: 'fc:login-accepts-wrong-password',
  me500: 'fc:me-500',
  dashboard500: 'fc:dashboard-500',
  queuesStuck: 'fc:queues-stuck',
  metricsRouteMissing: 'fc:metrics-route-missing',
  frontend500: 'fc:frontend-500',
  errorRate: 'fc:error-rate',
  /** Every authenticated API request answers this much later (`fc:api-slow=<ms>`; default API_SLOW_MS). */
  apiSlow: 'fc:api-slow',
  /** The first n asset list requests never answer (`fc:requests-hang=<n>`; default REQUESTS_HANG). */
  requestsHang: 'fc:requests-hang',
  /** /login waits for a render-blocking stylesheet answered late (`fc:css-late=<ms>`; default CSS_LATE_MS). */
  cssLate: 'fc:css-late',
  tableMissing: 'fc:table-missing',
  migrationPending: 'fc:migration-pending',
  /** The release's schema file expects `"User"."phoneNumber"`; no migration creates it (sandbox/schema-files.ts). */
  codeExpectsColumn: 'fc:code-expects-column',
  // security defects
  registerGrantsRole: 'fc:register-grants-role',
  meLeaksHash: 'fc:me-leaks-hash',
  forgedTokenAccepted: 'fc:forged-token-accepted',
  corsEchoOrigin: 'fc:cors-echo-origin',
  // blame (issue 15): a release that refuses valid passwords is its failure, not the gate's credentials
  loginRefusesAll: 'fc:login-refuses-all',
  webPortClosed: 'fc:web-port-closed',
  // Drift, not defects: a healthy deployment that differs from the contract (release 2.0.0-drifted).
  driftNoS3: 'fc:drift-no-s3',
  driftMetricsMoved: 'fc:drift-metrics-moved',
  driftTokenRenamed: 'fc:drift-token-renamed',
  driftLabelsRequired: 'fc:drift-labels-required',
} as const;

export type FcFault = (typeof FC)[keyof typeof FC];

/** Extra latency of `fc:api-slow` without a value: well past the load p95 budget of 500 ms. */
export const API_SLOW_MS = 800;

/** `fc:requests-hang`: how many requests, each held this long (past the load test's 10 s timeout), then dropped. */
export const REQUESTS_HANG = 3;
export const REQUEST_HANG_MS = 15_000;

/** How late `fc:css-late` answers the login page's stylesheet without a value. */
export const CSS_LATE_MS = 2500;

/** Share of authenticated API requests that `fc:error-rate` answers with 503. */
export const ERROR_RATE_PERCENT = 15;

/**
 * Whether request number `n` (0-based) of a counter should fail, so that exactly
 * `percent` of every 100 consecutive requests fail, spread evenly (the first at n = 6, i.e.
 * about every 7th). Deterministic on purpose: a random 15 % can miss a threshold in a short
 * load test, and then the fault would not trip its check.
 */
export function failsAt(n: number, percent: number = ERROR_RATE_PERCENT): boolean {
  return Math.floor(((n + 1) * percent) / 100) > Math.floor((n * percent) / 100);
}

/** A counter over `failsAt`, one per app start. */
export function errorRateCounter(percent: number = ERROR_RATE_PERCENT): () => boolean {
  let n = 0;
  return () => failsAt(n++, percent);
}
