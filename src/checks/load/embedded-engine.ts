import autocannon from 'autocannon';
import type { ScenarioSpec } from '../../../load/lib/mix.ts';
import { weightedSequence } from '../../../load/lib/mix.ts';
import { ApiSession, describe } from '../perf/api-session.ts';
import type { RequestPacer } from '../../http/client.ts';
import { percentile } from '../perf/stats.ts';
import type { LoadMeasurement } from './measurement.ts';
import type { ProgressSink } from '../../core/progress.ts';
import { windowTicker } from './window-ticker.ts';

/**
 * The same scenario as the k6 scripts, on autocannon inside this process, for machines without
 * k6. Same shape as k6: log in once (setup), then `vus` connections each sending the weighted
 * request mix back to back (or paced at `arrivalRate`) for `durationS`. Latency is recorded per response from autocannon's
 * `response` event and p95 is the nearest-rank percentile of every sample (autocannon's own
 * histogram stops at p90/p97.5 and, by default, drops non-2xx latencies).
 */

export class EmbeddedSetupError extends Error {
  constructor(
    message: string,
    options?: { cause?: unknown },
    readonly rateLimited = false,
  ) {
    super(message, options);
    this.name = 'EmbeddedSetupError';
  }
}

export interface EmbeddedRun {
  target: string;
  scenario: ScenarioSpec;
  credentials: { email: string; password: string };
  /** Probed before anything else, like the k6 setup() (default: the login route answers at all). */
  healthPath?: string;
  log: (line: string) => void;
  /** The run's deadline: when it fires, the load stops at once (nothing keeps sending). */
  signal?: AbortSignal;
  /** The target's request budget (setup requests wait for it) and the run id that shares the login. */
  pacer?: RequestPacer;
  shareKey?: string;
  /** Stop after this many requests (the budget's allowance). */
  maxRequests?: number;
  /** The live console: the figures so far, once a second. */
  progress?: ProgressSink;
}

export interface EmbeddedResult extends LoadMeasurement {
  statusCounts: Record<string, number>;
  errors: number;
}

/**
 * autocannon paces in whole requests per second across all connections (`overallRate`, sent
 * at the start of each second). A slower declared rate cannot be honoured here: refused
 * rather than rounded up past the target's limit.
 */
export function overallRate(scenario: Pick<ScenarioSpec, 'arrivalRate'>): number | undefined {
  if (!scenario.arrivalRate) return undefined;
  const rate = Math.floor(scenario.arrivalRate);
  if (rate < 1) {
    throw new EmbeddedSetupError(
      `the scenario is paced at ${scenario.arrivalRate} requests/s; the embedded engine paces in whole requests per second (>= 1): run it on k6, which paces per minute, or raise load.arrivalRate`,
    );
  }
  return rate;
}

/** Logs in once; the token is shared by every connection (one login, like k6's setup()). */
async function setup(run: EmbeddedRun): Promise<string> {
  const session = new ApiSession(run.target, { timeoutMs: 10_000, ...(run.pacer ? { pacer: run.pacer } : {}) });
  if (run.healthPath) {
    // Only "does it answer at all": a 429 answers too, so this probe is not paced or retried.
    const probe = await new ApiSession(run.target, { timeoutMs: 10_000 }).request('GET', run.healthPath, { auth: false });
    // Same rule as the k6 setup(): unreachable is "down"; a 503 health is the smoke checks' business.
    if (probe.status === 0) throw new EmbeddedSetupError(`target ${run.target} is down: GET ${run.healthPath} gave ${describe(probe)}`);
  }
  try {
    await session.loginShared(
      run.shareKey ?? `load-${Date.now()}`,
      run.scenario.login.path,
      run.credentials.email,
      run.credentials.password,
      run.scenario.login.tokenField,
    );
  } catch (error) {
    const message = (error as Error).message;
    // The one login answered 429: the limiter, not the account, stopped the run.
    const rateLimited = /\bHTTP 429\b/.test(message);
    throw new EmbeddedSetupError(rateLimited ? `${message}: the target rate-limited the gate before the load started` : message, { cause: error }, rateLimited);
  }
  return session.bearer as string;
}

export async function runEmbedded(run: EmbeddedRun): Promise<EmbeddedResult> {
  const { scenario } = run;
  const rate = overallRate(scenario);
  const token = await setup(run);
  const requests = weightedSequence(scenario.requests).map((r) => ({
    method: r.method,
    path: r.path,
    headers: {
      ...(r.auth ? { authorization: `Bearer ${token}` } : {}),
      ...(r.body ? { 'content-type': 'application/json' } : {}),
    },
    ...(r.body ? { body: JSON.stringify(r.body) } : {}),
  }));
  if (requests.length === 0) throw new EmbeddedSetupError('the load scenario has no request with a positive weight');

  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let failedResponses = 0;
  /** 429s: the target's rate limiter, kept apart from the app's errors. */
  let throttled = 0;
  /** Answered, but after the timeout: k6 would have given up on these. */
  let lateResponses = 0;
  run.log(`load (embedded): ${scenario.vus} connections x ${scenario.durationS} s${rate ? `, paced at ${rate} requests/s` : ''} against ${run.target}`);
  const began = Date.now();
  const ticker = run.progress
    ? windowTicker(run.progress, 'embedded', scenario.durationS, () => {
        const elapsedS = (Date.now() - began) / 1000;
        return {
          requests: latencies.length,
          rps: elapsedS > 0 ? latencies.length / elapsedS : 0,
          ...(latencies.length ? { p95Ms: percentile(latencies, 95) } : {}),
          errors: failedResponses + lateResponses,
          throttled,
        };
      })
    : undefined;
  // The most answers this run waits for: the budget's allowance, and rate x duration when paced
  // (what is in flight when it stops, at most one per connection, still counts as sent).
  // Counted here, not by autocannon's `amount`, which switches its duration off (a run could then
  // outlast it); and autocannon sends a whole second's batch at each tick, so a paced run could
  // start one batch more than rate x duration (fresh8: 34 requests in 2 s at 10/s).
  const cap = Math.min(run.maxRequests ?? Number.POSITIVE_INFINITY, rate ? rate * scenario.durationS : Number.POSITIVE_INFINITY);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: run.target,
        connections: scenario.vus,
        duration: scenario.durationS,
        // Seconds, and autocannon refuses less than 1; responses slower than the scenario's
        // timeout are classified as timeouts below, so the rule holds for any value.
        timeout: Math.max(1, scenario.timeoutMs / 1000),
        requests,
        ...(rate ? { overallRate: rate } : {}),
      },
      (error, done) => (ticker?.stop(), error ? reject(error) : resolve(done)),
    );
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      (instance as unknown as { stop(): void }).stop();
    };
    if (run.signal?.aborted) stop();
    else run.signal?.addEventListener('abort', stop, { once: true });
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
      if (responseTime >= scenario.timeoutMs) lateResponses++;
      else if (statusCode === 429) throttled++;
      // Same rule as the k6 scripts' http_req_failed: anything outside 200-399 but 429 failed.
      else if (statusCode < 200 || statusCode >= 400) failedResponses++;
      if (latencies.length >= cap) stop();
    });
  });

  // A timed-out request has no response event; it took at least the timeout, so it is
  // counted at that value rather than silently left out of p95.
  for (let i = 0; i < result.timeouts; i++) latencies.push(scenario.timeoutMs);
  const requestsDone = latencies.length + (result.errors - result.timeouts);
  const timeouts = result.timeouts + lateResponses;
  const failed = failedResponses + lateResponses + result.errors;
  const durationS = result.duration;
  return {
    engine: 'embedded',
    requests: requestsDone,
    p95Ms: percentile(latencies, 95) ?? Number.NaN,
    errorRate: requestsDone > 0 ? failed / requestsDone : 0,
    timeouts,
    throttled,
    rps: durationS > 0 ? requestsDone / durationS : 0,
    durationS,
    thresholdsCrossed: [],
    statusCounts,
    errors: result.errors,
  };
}
