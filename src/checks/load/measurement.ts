import type { LoadScenario } from '../../config/app-profile.ts';
import { assertThat } from '../../core/assertions.ts';
import type { Assertion } from '../../core/types.ts';
import { round } from '../perf/stats.ts';

/**
 * What a load run measured, whichever engine ran it. Both engines fill the same shape, so the
 * judgement below (and the report) cannot tell them apart except by `engine`.
 */
export interface LoadMeasurement {
  engine: 'k6' | 'embedded';
  /** Requests issued (answered, failed or timed out). */
  requests: number;
  /** 95th percentile of request duration, ms. */
  p95Ms: number;
  /**
   * Failed requests / requests, 0..1 (k6 `http_req_failed`: status >= 400 or no response).
   * A 429 is not a failure here: it is the target's rate limiter, counted in `throttled`.
   */
  errorRate: number;
  /** Requests answered 429 Too Many Requests (part of `requests`, not of `errorRate`). */
  throttled: number;
  timeouts: number;
  rps: number;
  durationS: number;
  /** Thresholds k6 itself reported as crossed, as `metric: expression`; [] when none or unknown. */
  thresholdsCrossed: string[];
}

/** The runbook's three limits: "p95 < 500 ms, error rate < 1 %, no timeouts". */
export function loadAssertions(m: LoadMeasurement, thresholds: LoadScenario['thresholds'], k6Exit?: number): Assertion[] {
  const failed = Math.round(m.errorRate * m.requests);
  const p95 = assertThat('p95 latency', round(m.p95Ms), '<', thresholds.p95Ms, { unit: ' ms' });
  const errors = assertThat('error rate', round(m.errorRate, 4), '<', thresholds.errorRate);
  const timeouts = assertThat('timeouts', m.timeouts, '<=', thresholds.timeouts);
  const out: Assertion[] = [
    p95,
    { ...errors, message: `${errors.message} (${round(m.errorRate * 100, 2)} %: ${failed} of ${m.requests} requests failed)` },
    timeouts,
  ];
  // k6 may judge more than these three (a threshold added to the script); its word counts too.
  if (m.thresholdsCrossed.length > 0 || k6Exit === 99) {
    const crossed = m.thresholdsCrossed.length > 0 ? m.thresholdsCrossed : ['k6 exited 99 (thresholds crossed); this summary format does not say which'];
    const a = assertThat('k6 thresholds crossed', crossed, '==', []);
    out.push({ ...a, message: `k6 thresholds crossed: ${crossed.join(', ')}` });
  }
  return out;
}

export function loadMetrics(m: LoadMeasurement, scenario: Pick<LoadScenario, 'vus' | 'arrivalRate'>): Record<string, number | string> {
  return {
    engine: m.engine,
    p95Ms: round(m.p95Ms),
    errorRate: round(m.errorRate, 4),
    timeouts: m.timeouts,
    requests: m.requests,
    throttled429: m.throttled,
    rps: round(m.rps),
    durationS: round(m.durationS),
    vus: scenario.vus,
    // Not `arrivalRate`: reporters format a key ending in "Rate" as a percentage.
    ...(scenario.arrivalRate ? { pacedRps: scenario.arrivalRate } : {}),
  };
}
