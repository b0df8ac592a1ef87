import type { LoadScenario } from '../../config/app-profile.ts';
import { round } from '../perf/stats.ts';
import type { LoadMeasurement } from './measurement.ts';

/**
 * Was the load run throttled (pure)? A 429 is the target's rate limiter answering, not the app
 * failing: a run in which more than a small share of requests got one measured the limiter,
 * not the release, so the check is an `error` caused by the gate (allowlist its IP or pace
 * the scenario), never a fail or a NO-GO about the app.
 */

/** Above 1 % of requests answered 429, the numbers no longer describe the app under load. */
export const DEFAULT_MAX_THROTTLED_SHARE = 0.01;

export interface Throttling {
  throttled: boolean;
  share: number;
  limit: number;
  /** Set when throttled: what happened, for the check's message. */
  message?: string;
  /** Set when throttled: what the operator should do. */
  fix?: string;
}

export function throttling(m: Pick<LoadMeasurement, 'requests' | 'throttled'>, scenario: Pick<LoadScenario, 'maxThrottledShare' | 'arrivalRate'>): Throttling {
  const limit = scenario.maxThrottledShare ?? DEFAULT_MAX_THROTTLED_SHARE;
  const share = m.requests > 0 ? m.throttled / m.requests : 0;
  if (m.throttled === 0 || share <= limit) return { throttled: false, share, limit };
  const paced = scenario.arrivalRate ? ` (the scenario is paced at ${scenario.arrivalRate} requests/s)` : '';
  return {
    throttled: true,
    share,
    limit,
    message: `the target rate-limited the gate (${m.throttled} of ${m.requests} requests answered 429, ${round(share * 100, 1)} % > ${round(limit * 100, 2)} % allowed${paced}): allowlist the gate's IP or lower the rate`,
    fix: "allowlist the load generator's IP in the target's rate limiter, or set the app's `load.arrivalRate` (requests/s) below the target's limit; nothing was judged about the app",
  };
}
