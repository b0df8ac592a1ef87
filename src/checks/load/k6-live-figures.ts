import type { ProgressEvent } from '../../core/progress.ts';

/** What the live console shows of a load window besides its elapsed time. */
export type LiveLoadFigures = Pick<Extract<ProgressEvent, { kind: 'load' }>, 'requests' | 'rps' | 'p95Ms' | 'errors' | 'throttled'>;

/**
 * k6's REST API answer to `GET /v1/metrics` (JSON:API, k6 docs "k6 REST API") turned into the
 * live figures, pure. Each metric is `{ type: 'metrics', id: <name>, attributes: { type,
 * contains, tainted, sample } }`; the sample holds the figures so far:
 *
 *  http_reqs          counter  { count, rate }    rate = count / seconds since the test began
 *  http_req_duration  trend    { avg, min, med, max, 'p(90)', 'p(95)' }  (ms)
 *  http_req_failed    rate     { rate }           share of FAILED requests (our scripts leave
 *                                                 429 out: they declare it expected)
 *  throttled          counter  { count }          our scripts' Counter of 429 answers
 *
 * (k6's api/v1/metric.go: `sample` is the metric's Sink.Format, over ObservedMetrics only.)
 * A live view never fails a run: anything missing or odd is an undefined figure (shown as `—`),
 * never a throw. Before the first request k6 lists no http_reqs metric at all, and in the
 * run's first instant a counter's rate is count / 0, which k6 cannot encode (it answers 500).
 */
export function k6LiveFigures(json: unknown): LiveLoadFigures {
  const samples = new Map<string, Record<string, unknown>>();
  const data = isObj(json) && Array.isArray(json.data) ? json.data : [];
  for (const metric of data) {
    if (!isObj(metric) || typeof metric.id !== 'string' || !isObj(metric.attributes)) continue;
    const sample = metric.attributes.sample;
    if (isObj(sample)) samples.set(metric.id, sample);
  }
  const requests = num(samples.get('http_reqs')?.count);
  const failedShare = num(samples.get('http_req_failed')?.rate);
  const figures: LiveLoadFigures = {
    requests,
    rps: num(samples.get('http_reqs')?.rate),
    p95Ms: num(samples.get('http_req_duration')?.['p(95)']),
    errors: requests !== undefined && failedShare !== undefined ? Math.round(failedShare * requests) : undefined,
    throttled: num(samples.get('throttled')?.count),
  };
  // Only the figures k6 gave: an absent key is what the console shows as `—`.
  return Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== undefined)) as LiveLoadFigures;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
