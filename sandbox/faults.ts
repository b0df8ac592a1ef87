import type { ThresholdsOverride } from '../src/config/thresholds.ts';
import type { AppId } from '../src/core/types.ts';
import { AWS_FAULTS } from './aws/faults.ts';
import { plainFaultId } from './fault-values.ts';

/**
 * Every way the sandbox can be broken on purpose, and the check(s) that must notice.
 * The self-test matrix starts the sandbox with each fault and asserts that exactly
 * `trips` fail (checks in `mayAlsoTrip` may fail too: a cascade the fault cannot avoid).
 */
export interface Fault {
  /** `<app-prefix>:<name>`, e.g. `fr:health-down`. */
  id: string;
  app: AppId;
  name: string;
  /** The observable effect, in one sentence. */
  effect: string;
  /** Check ids that must fail when this fault is on. */
  trips: string[];
  mayAlsoTrip?: string[];
  /** Which gate phase detects it (the matrix runs that phase and those of `trips`). */
  phase: 'pre' | 'smoke' | 'perf' | 'load' | 'db' | 'monitoring';
  /**
   * What the gate must decide. Default NO-GO with `trips` failing; `inconclusive` for faults
   * that remove the evidence (no datapoints): `trips` must then be inconclusive, never pass;
   * `error` for faults that keep the gate from measuring (an unreadable log): `trips` must be
   * `error` and the run INCONCLUSIVE, never a pass. `gate-error` for a deployment that refuses
   * the gate's own input: `trips` are `error` (cause gate) and the run is INCONCLUSIVE, never NO-GO.
   * `go` for a threshold-edge row just under its limit: `trips` must then pass and the run be GO.
   */
  expect?: 'no-go' | 'inconclusive' | 'error' | 'gate-error' | 'go';
  /**
   * The fault lives in the app's log file, which `logs-clean` reads only where the environment
   * names no CloudWatch log groups: with the AWS world on, the gate reads CloudWatch instead and
   * the file is never opened, so the matrix runs such a row only without AWS.
   */
  fileLogOnly?: boolean;
  /**
   * The row's load test runs this long instead of the matrix's quick 5 s: a request hanging past
   * the 10 s load timeout is only counted as a timeout while the test still runs.
   */
  loadDurationS?: number;
  /**
   * The row's environment overrides these thresholds. A threshold-edge row of one budget of a
   * check with several (the page-load score, FCP, TTI of one Lighthouse check) sets the others
   * out of reach, so the budget under test alone decides the row.
   */
  envThresholds?: ThresholdsOverride;
  /**
   * A NO-GO edge row of one budget of a check with several: every failed assertion of `trips`
   * must name this budget (e.g. `FCP`), so the row fails for the limit it is about.
   */
  failsOn?: string;
}

const fr = (name: string, phase: Fault['phase'], trips: string[], effect: string, mayAlsoTrip?: string[]): Fault => ({
  id: `fr:${name}`,
  app: 'financial-rise',
  name,
  phase,
  trips,
  effect,
  ...(mayAlsoTrip ? { mayAlsoTrip } : {}),
});
const fc = (name: string, phase: Fault['phase'], trips: string[], effect: string, mayAlsoTrip?: string[]): Fault => ({
  id: `fc:${name}`,
  app: 'flowcomply',
  name,
  phase,
  trips,
  effect,
  ...(mayAlsoTrip ? { mayAlsoTrip } : {}),
});

/**
 * A fault that makes the app answer 5xx also writes ERROR lines (sandbox/financial-rise/api/server.ts
 * logs every 5xx; the report worker logs a failed report): "no errors in the logs" sees it too.
 * Every other allowance below carries its one-line reason. None lists a check whose phase the
 * row does not run (the matrix runs the fault's phase and its trips' phases only) and none lists
 * a check behind a failed prerequisite (tests/dependencies.ts skips those, naming the cause).
 */
const LOGS = ['fr.smoke.logs-clean'];
/** The hang faults' load: the 10 s load timeout, plus 4 s in which the first (hung) requests time out. */
const HANG_LOAD_S = 14;

/** The apps' own faults (the sandbox apps apply them; the AWS ones are in aws/faults.ts). */
export const APP_FAULTS: readonly Fault[] = [
  // The 503 is logged as an ERROR line.
  fr('health-down', 'smoke', ['fr.smoke.health'], 'GET /api/v1/health answers 503 {"status":"down"}.', LOGS),
  fr('health-degraded', 'smoke', ['fr.smoke.health'], 'GET /api/v1/health answers 200 with status "degraded".'),
  fr('frontend-console-error', 'smoke', ['fr.smoke.frontend'], 'The home page throws a JavaScript error on load.'),
  fr('frontend-404-asset', 'smoke', ['fr.smoke.frontend'], 'The home page references a stylesheet that answers 404.'),
  fr('no-verification-email', 'smoke', ['fr.smoke.registration'], 'Registration succeeds but no verification email is sent.'),
  // The 500 is logged as an ERROR line.
  fr('registration-500', 'smoke', ['fr.smoke.registration'], 'POST /auth/register answers 500.', LOGS),
  // The 500s are logged as ERROR lines; every check that logs in is skipped behind registration#login.
  fr('login-broken', 'smoke', ['fr.smoke.registration'], 'POST /auth/login answers 500 for every account.', LOGS),
  fr('assessment-not-persisted', 'smoke', ['fr.smoke.assessment-create'], 'POST /assessments answers 201 but no row is written.'),
  // The client link then comes the other configured way (contract.flow.clientLink): the
  // questionnaire, submit and reports are still measured and pass; only the mail fails.
  fr('no-invitation-email', 'smoke', ['fr.smoke.assessment-create'], 'Assessments are created but no invitation email is sent.'),
  // Not a defect: validation stricter than the contract refuses the gate's default test data.
  // The gate's problem (exit 2, the app's message quoted, contract.data.clientName named);
  // Smoke 5 and 6 are skipped behind it.
  {
    ...fr(
      'client-name-strict',
      'smoke',
      ['fr.smoke.assessment-create'],
      'POST /assessments refuses a client name that is not exactly a first and a last name (400, shown in the form).',
    ),
    expect: 'gate-error',
  },
  fr('questions-missing', 'smoke', ['fr.smoke.assessment-complete'], 'Only 24 of the 25 questions are seeded.'),
  // The 500 is logged as an ERROR line.
  fr('submit-fails', 'smoke', ['fr.smoke.assessment-complete'], 'Client submit answers 500; the assessment stays in progress.', LOGS),
  fr('report-slow', 'smoke', ['fr.smoke.reports'], 'Report generation takes 7 s (runbook budget 5 s).'),
  fr('report-corrupt-pdf', 'smoke', ['fr.smoke.reports'], 'Downloaded reports are not valid PDF files.'),
  // The report worker logs the failed generation as an ERROR line.
  fr('report-failed', 'smoke', ['fr.smoke.reports'], 'Report generation ends in status "failed".', LOGS),
  fr('admin-403', 'smoke', ['fr.smoke.admin'], 'Admin routes answer 403 even for the admin.'),
  fr('api-slow', 'perf', ['fr.perf.api'], 'Every /assessments request takes 400 ms longer.'),
  // Valued (`=<ms>`) by the threshold-edge rows of POST /assessments' own 500 ms budget.
  fr('api-post-slow', 'perf', ['fr.perf.api'], 'POST /assessments takes 800 ms longer; GET /assessments stays fast.'),
  fr('error-rate', 'load', ['fr.load.k6'], '15 % of authenticated API requests answer 503.'),
  // Valued (`=<n>`) by the threshold-edge rows of load.thresholds.timeouts (0).
  {
    ...fr('requests-hang', 'load', ['fr.load.k6'], 'The first 3 GET /assessments after start never answer (dropped after 15 s, past the 10 s load timeout).'),
    loadDurationS: HANG_LOAD_S,
  },
  fr('heavy-page', 'perf', ['fr.perf.lighthouse'], 'The login page ships 3 MB of blocking script and renders late.'),
  // Valued (`=<ms>`) by the Lighthouse edge rows: a server delay Lighthouse's simulation replays
  // nearly exactly (FCP = delay + ~200 ms, spread < 60 ms over 5 runs), unlike CPU-bound weight.
  fr('css-late', 'perf', ['fr.perf.lighthouse'], 'The login page waits for a render-blocking stylesheet the server answers 2.5 s late.'),
  // Valued (`=<days>`) by the threshold-edge rows of thresholds.tls.minDaysLeft (14): the
  // certificate of the app's HTTPS face (sandbox/https-face.ts), re-issued on each deploy.
  fr('served-cert-expiring', 'pre', ['fr.pre.tls'], 'The HTTPS endpoint serves a certificate that expires in 7 days (runbook: valid > 14 days).'),
  fr('migration-row-missing', 'db', ['fr.deploy.migrations'], 'The latest row of the `migrations` table is absent.'),
  fr('no-admin-user', 'db', ['fr.deploy.seed'], 'No user has role admin.'),
  // Rollback meaning from evidence (issue 15): a column that held data and is gone -> restore (B).
  fr(
    'migration-drops-column',
    'db',
    ['fr.deploy.schema'],
    "A release migration dropped users.first_name, which held every user's first name (the app's own queries of it fail too).",
  ),
  // Security defects (issue 10 item 7): each trips exactly its security smoke check.
  fr('register-grants-admin', 'smoke', ['fr.smoke.security-role'], 'POST /auth/register honours `role: "admin"` in the body: the new account is an admin.'),
  fr('user-list-leaks-hash', 'smoke', ['fr.smoke.security-secrets'], "GET /admin/users returns every user's password_hash."),
  fr('route-unauthenticated', 'smoke', ['fr.smoke.security-authz'], 'A request without an Authorization header is served as the seeded admin.'),
  fr('login-accepts-wrong-password', 'smoke', ['fr.smoke.security-password'], 'Login with a wrong password answers 200 with a token.'),
  // Blame (issue 15): a silence of one endpoint while the rest answers is the release's failure.
  fr('health-hang', 'smoke', ['fr.smoke.health'], 'GET /api/v1/health never answers (the connection stays open); every other route and the web server answer.'),
  fr('api-port-closed', 'smoke', ['fr.smoke.health'], 'The API port refuses connections (its process died after start); the web server answers.'),
  fr('frontend-late-error', 'smoke', ['fr.smoke.frontend'], 'The home page throws a JavaScript error 2 s after load (nothing during load).'),
  // One cause, one failure: security-authz needs the route to exist; it is skipped naming Smoke 7.
  fr('admin-routes-missing', 'smoke', ['fr.smoke.admin'], 'The admin routes are not mounted: /admin/* answers 404 to everyone, the admin included.'),
  // Its ERROR lines are the gate's CORS probe's own (logs-clean lists them as provoked, not counted).
  fr('cors-foreign-500', 'smoke', ['fr.smoke.security-cors'], 'A request from a foreign Origin answers 500 (preflight included), even on health.'),
  // No pass without measurement (issue 15): a log the gate cannot read is `error` (the gate's), never clean.
  {
    ...fr('log-unreadable', 'smoke', ['fr.smoke.logs-clean'], 'The app log file cannot be read (a directory stands at its path).'),
    expect: 'error',
    fileLogOnly: true,
  },
  {
    ...fr(
      'log-unknown-format',
      'smoke',
      ['fr.smoke.logs-clean'],
      'The app logs in logfmt (`time=... level=... msg=...`): no time the gate reads without `logFormat`.',
    ),
    expect: 'error',
    fileLogOnly: true,
  },

  fc('redis-down', 'smoke', ['fc.smoke.health'], 'GET /health/ready answers 503, redis "disconnected".'),
  fc('s3-down', 'smoke', ['fc.smoke.health'], 'GET /health/ready answers 503, s3 "disconnected".'),
  fc('login-accepts-wrong-password', 'smoke', ['fc.smoke.auth-negative'], 'Login with a wrong password answers 200 with a token.'),
  fc('me-500', 'smoke', ['fc.smoke.me'], 'GET /api/v1/auth/me answers 500.'),
  fc('dashboard-500', 'smoke', ['fc.smoke.dashboard'], 'GET /api/v1/analytics/dashboard answers 500.'),
  fc('queues-stuck', 'smoke', ['fc.smoke.queues'], 'Queue "compliance-reports" has failed jobs and a growing waiting count.'),
  fc('metrics-route-missing', 'smoke', ['fc.smoke.db-metrics'], 'GET /api/v1/monitoring/metrics answers 404.'),
  fc('frontend-500', 'smoke', ['fc.smoke.frontend'], 'The front end answers 500 on every page.'),
  fc('error-rate', 'load', ['fc.load.k6'], '15 % of authenticated API requests answer 503.'),
  // Valued (`=<ms>`) by the threshold-edge rows of the load p95 (500 ms).
  fc('api-slow', 'load', ['fc.load.k6'], 'Every authenticated API request takes 800 ms longer.'),
  // Valued (`=<n>`) by the threshold-edge rows of load.thresholds.timeouts (0).
  {
    ...fc('requests-hang', 'load', ['fc.load.k6'], 'The first 3 GET /api/v1/assets after start never answer (dropped after 15 s, past the 10 s load timeout).'),
    loadDurationS: HANG_LOAD_S,
  },
  // Valued (`=<days>`), as fr:served-cert-expiring.
  fc('served-cert-expiring', 'pre', ['fc.pre.tls'], 'The HTTPS endpoint serves a certificate that expires in 7 days (runbook: valid > 14 days).'),
  fc('table-missing', 'db', ['fc.deploy.schema'], 'Table "Asset" does not exist.'),
  fc('migration-pending', 'db', ['fc.deploy.migrations'], 'The newest migration has no finished_at.'),
  // Rollback meaning from evidence (issue 15): a column never created -> the code procedure, not a restore.
  fc('code-expects-column', 'db', ['fc.deploy.schema'], 'The release\'s schema file expects "User"."phoneNumber"; no migration creates it (it never existed).'),
  // Security defects (issue 10 item 7); a wrong password accepted is fc:login-accepts-wrong-password.
  fc('register-grants-role', 'smoke', ['fc.smoke.security-role'], 'POST /api/v1/auth/register honours `role` in the body: anyone can become SYSTEM_ADMIN.'),
  fc('me-leaks-hash', 'smoke', ['fc.smoke.security-secrets'], "GET /api/v1/auth/me returns the user's passwordHash."),
  fc('forged-token-accepted', 'smoke', ['fc.smoke.security-authz'], 'An unsigned JWT (alg none) is accepted with whatever role it claims.'),
  // Valued (`=<ms>`) by the Lighthouse score edge rows, as fr:css-late.
  fc('css-late', 'perf', ['fc.perf.lighthouse'], 'The login page waits for a render-blocking stylesheet the server answers 2.5 s late.'),
  fc('web-port-closed', 'smoke', ['fc.smoke.frontend'], "The front end's port refuses connections (its process died after start); the API answers."),
  fc('login-refuses-all', 'smoke', ['fc.smoke.login'], 'POST /api/v1/auth/login answers 401 for every account and password (valid ones included).'),
  fc('cors-echo-origin', 'smoke', ['fc.smoke.security-cors'], 'The API echoes any Origin in Access-Control-Allow-Origin, with credentials.'),
];

/**
 * Faults the running app reads on every request, so `postflight sandbox fault --on/--off` flips
 * them in place (no restart, well under a second). The others act at start (a closed port, a
 * dead Redis URL, the database's contents, the log format) and need a redeploy.
 */
export const RUNTIME_FAULT_IDS: ReadonlySet<string> = new Set([
  'fr:health-down',
  'fr:health-degraded',
  'fr:registration-500',
  'fr:login-broken',
  'fr:submit-fails',
  'fr:admin-403',
  'fr:api-slow',
  'fr:error-rate',
  'fc:me-500',
  'fc:dashboard-500',
  'fc:login-refuses-all',
]);

/** Every fault: the apps' own, and the AWS world's (applied by the moto seed). */
export const FAULTS: readonly Fault[] = [...APP_FAULTS, ...AWS_FAULTS];

/** Named releases: 1.0.0 is healthy; each other release carries faults (deploy/rollback demos). */
export const RELEASES: Record<AppId, Record<string, string[]>> = {
  'financial-rise': {
    '1.0.0': [],
    '1.0.1': ['fr:report-corrupt-pdf'],
    '1.0.2': ['fr:api-slow'],
    '1.1.0': ['fr:migration-row-missing', 'fr:health-degraded'],
    // Healthy but not as the contract says (issue 10 item 11): configuration, not faults, so not in FAULTS / the matrix.
    '2.0.0-drifted': ['fr:drift-47-questions', 'fr:drift-no-mail', 'fr:drift-register-fields', 'fr:drift-labels-required'],
  },
  flowcomply: {
    '1.0.0': [],
    '1.0.1': ['fc:me-500'],
    '1.0.2': ['fc:queues-stuck'],
    '1.1.0': ['fc:migration-pending'],
    // Healthy but not as the contract says (issue 10 item 11): configuration, not faults, so not in FAULTS / the matrix.
    '2.0.0-drifted': ['fc:drift-no-s3', 'fc:drift-metrics-moved', 'fc:drift-token-renamed', 'fc:drift-labels-required'],
  },
};

/** Also finds a valued fault (`fr:report-slow=5500`, see fault-values.ts) by its plain id. */
export function findFault(id: string): Fault | undefined {
  const plain = plainFaultId(id);
  return FAULTS.find((f) => f.id === plain);
}

/** Accepts `fr:x`, `financial-rise:x`, `fc:x`, `flowcomply:x`. */
export function normaliseFaultId(raw: string): string {
  const [app, name] = raw.split(':', 2);
  const prefix = app === 'financial-rise' ? 'fr' : app === 'flowcomply' ? 'fc' : app;
  return `${prefix}:${name ?? ''}`;
}
