import http from 'k6/http';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
import type { Options } from 'k6/options';
import { tokenAt, weightedSequence, type RequestSpec, type ScenarioSpec } from './mix.ts';

/**
 * What every postflight k6 script shares: the scenario read from `__ENV`, options and
 * thresholds built from it, a setup that fails fast and logs in once, the weighted request
 * mix, and a JSON summary for the gate. The app scripts only name their scenario.
 *
 * Inputs (`-e NAME=value` or the process environment):
 *   TARGET        API origin, e.g. http://127.0.0.1:3000 (required)
 *   SCENARIO      the app profile's LoadScenario as JSON (required)
 *   HEALTH_PATH   probed by setup() before anything else (default `/`)
 *   VUS, DURATION_S   override the scenario's virtual users and duration
 *   THRESHOLDS    JSON overriding part of the scenario's thresholds, e.g. {"p95Ms":800}
 *   SUMMARY_PATH  where handleSummary() writes the JSON summary
 *   POSTFLIGHT_LOGIN_EMAIL / POSTFLIGHT_LOGIN_PASSWORD   the account; read from the process
 *                 environment so they never appear on a command line
 */

/** Requests that hit the timeout (k6 error code 1050). A Counter so `count<=0` can be a threshold. */
export const timeouts = new Counter('timeouts');

/**
 * Requests the target answered 429 (its rate limiter, not a fault of the app). Counted apart,
 * and expected below so `http_req_failed` (the runbook's error rate) leaves them out: a
 * throttled run is the gate's problem, which postflight reports as such from this count.
 */
export const throttled = new Counter('throttled');
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 399 }, 429));

export interface SetupData {
  token: string;
}

function required(name: string): string {
  const value = __ENV[name];
  if (!value) throw new Error(`${name} is not set: run this script through postflight, or pass -e ${name}=...`);
  return value;
}

function positive(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

export function scenarioFromEnv(): ScenarioSpec {
  const s = JSON.parse(required('SCENARIO')) as ScenarioSpec;
  const thresholds = __ENV.THRESHOLDS ? { ...s.thresholds, ...(JSON.parse(__ENV.THRESHOLDS) as Partial<ScenarioSpec['thresholds']>) } : s.thresholds;
  return { ...s, vus: positive(__ENV.VUS) ?? s.vus, durationS: positive(__ENV.DURATION_S) ?? s.durationS, thresholds };
}

/**
 * One scenario running the named exported function (constant VUs, or paced), and the
 * runbook's three thresholds. The setup's two requests (probe, login) are in the global metrics too; against
 * thousands of requests they cannot move p95 or the error rate, and if they fail the run aborts.
 */
export function buildOptions(scenarioName: string, s: ScenarioSpec): Options {
  return {
    scenarios: { [scenarioName]: executorFor(scenarioName, s) },
    thresholds: {
      http_req_duration: [`p(95)<${s.thresholds.p95Ms}`],
      http_req_failed: [`rate<${s.thresholds.errorRate}`],
      timeouts: [`count<=${s.thresholds.timeouts}`],
    },
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
    setupTimeout: '60s',
  };
}

/**
 * Back to back on `vus` VUs, or paced at `arrivalRate` requests/s. The rate is given per
 * minute (k6 wants a whole number per time unit) and rounded down, so a declared limit of
 * 100 per 15 minutes (6.67/min) becomes 6/min, never 7.
 */
function executorFor(exec: string, s: ScenarioSpec) {
  const common = { exec, duration: `${s.durationS}s`, gracefulStop: '10s' };
  if (!s.arrivalRate) return { ...common, executor: 'constant-vus' as const, vus: s.vus };
  const perMinute = Math.max(1, Math.floor(s.arrivalRate * 60));
  return { ...common, executor: 'constant-arrival-rate' as const, rate: perMinute, timeUnit: '1m', preAllocatedVUs: s.vus, maxVUs: s.vus };
}

function abort(reason: string): never {
  exec.test.abort(reason);
  throw new Error(reason);
}

/** Fails fast (exit 108, "aborted") when the target is down, then logs in once for all VUs. */
export function setupTarget(s: ScenarioSpec): SetupData {
  const target = required('TARGET');
  const probePath = __ENV.HEALTH_PATH || '/';
  const probe = http.get(`${target}${probePath}`, { timeout: '10s', tags: { name: 'setup: probe' } });
  // Unreachable is "down". A health endpoint answering 503 is the smoke checks' finding; the
  // login below decides whether the API itself can take requests.
  if (probe.status === 0) abort(`target ${target} is down: GET ${probePath} gave no response (${probe.error})`);
  // One login for the whole test: Financial RISE allows 5 logins per minute per IP.
  const body = JSON.stringify({ email: required('POSTFLIGHT_LOGIN_EMAIL'), password: required('POSTFLIGHT_LOGIN_PASSWORD') });
  const login = http.post(`${target}${s.login.path}`, body, {
    headers: { 'Content-Type': 'application/json' },
    timeout: '10s',
    tags: { name: 'setup: login' },
  });
  let parsed: unknown;
  try {
    parsed = login.json();
  } catch {
    parsed = undefined;
  }
  const token = tokenAt(parsed, s.login.tokenField);
  if (login.status === 429)
    abort(`login at ${s.login.path} answered 429: the target rate-limited the gate before the load started; allowlist its IP or lower the rate`);
  if (login.status < 200 || login.status >= 300 || !token) {
    abort(`login at ${s.login.path} failed: HTTP ${login.status}${token ? '' : ` (no "${s.login.tokenField}" in the body)`}`);
  }
  return { token };
}

/** Builds the per-iteration request function for a scenario (call in the init context). */
export function requestMix(s: ScenarioSpec): (data: SetupData) => void {
  const target = required('TARGET');
  const sequence: RequestSpec[] = weightedSequence(s.requests);
  if (sequence.length === 0) throw new Error('the scenario has no request with a positive weight');
  return (data) => {
    // Each VU starts at a different point of the cycle so the mix holds at every moment.
    const r = sequence[(exec.vu.iterationInScenario + exec.vu.idInTest) % sequence.length];
    const headers: Record<string, string> = r.auth ? { Authorization: `Bearer ${data.token}` } : {};
    if (r.body) headers['Content-Type'] = 'application/json';
    const params = { headers, timeout: `${s.timeoutMs}ms`, tags: { name: r.name } };
    const res = r.method === 'GET' ? http.get(`${target}${r.path}`, params) : http.post(`${target}${r.path}`, JSON.stringify(r.body ?? {}), params);
    // add(0) too: the metric then always exists in the summary, with its true count.
    timeouts.add(res.error_code === 1050 ? 1 : 0);
    throttled.add(res.status === 429 ? 1 : 0);
  };
}

/**
 * handleSummary(): the summary as JSON where the gate reads it. k6 includes `setup_data` in
 * the summary, and ours holds the bearer token: it never goes into a file that becomes evidence.
 */
export function summaryFiles(data: unknown): Record<string, string> {
  const path = __ENV.SUMMARY_PATH || 'load-summary.json';
  const { setup_data: _token, ...rest } = data as Record<string, unknown>;
  return { [path]: JSON.stringify(rest, null, 2), stdout: `postflight: k6 summary written to ${path}\n` };
}
