/**
 * Order statistics shared by the Lighthouse budgets, the API latency budgets and the embedded
 * load engine. Pure: the same numbers in give the same numbers out, so reports can be
 * re-derived from the `values` kept in each assertion.
 */

/**
 * Nearest-rank percentile (the definition k6 and most load tools document): the smallest
 * sample such that at least p % of the samples are <= it. Undefined for no samples, so a
 * missing measurement never turns into a passing 0.
 */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  if (p < 0 || p > 100) throw new RangeError(`percentile: p must be within 0..100, got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Median: the middle sample, or the mean of the two middle samples for an even count. */
export function median(samples: readonly number[]): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
  p50: number;
  p95: number;
  count: number;
}

/** min / median / max / p50 / p95 of a non-empty sample; undefined when there is nothing. */
export function spread(samples: readonly number[]): Spread | undefined {
  if (samples.length === 0) return undefined;
  // reduce, not Math.min(...samples): a load run can hold more samples than a call has arguments.
  return {
    min: samples.reduce((a, b) => Math.min(a, b)),
    median: median(samples) as number,
    max: samples.reduce((a, b) => Math.max(a, b)),
    p50: percentile(samples, 50) as number,
    p95: percentile(samples, 95) as number,
    count: samples.length,
  };
}

/** Rounds for display and metrics (ms to 0.1, scores to 0.001) without hiding the raw values. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
