import type { LoadMeasurement } from './measurement.ts';

/**
 * Reads a k6 end-of-test summary, in any of the three shapes k6 writes, into one
 * LoadMeasurement (pure). Also how the gate reads summaries from k6-operator or Grafana Cloud
 * runs: whichever generator ran, the numbers come out the same way.
 *
 *  handleSummary  `metrics.<name>` = { type, contains, values: { count, rate, 'p(95)', ... },
 *                 thresholds: { '<expr>': { ok } } }; `state.testRunDurationMs`.
 *  summary-export (legacy `--summary-export`) values are flat on the metric; a rate metric has
 *                 `value` instead of `rate`; thresholds map `'<expr>': true` when FAILED; no
 *                 duration (derived from count / rate of http_reqs).
 *  machine-readable (k6 >= 1.5, `--new-machine-readable-summary`, schema `version` 1.x):
 *                 { version, config: { duration (s), execution, script }, metadata,
 *                 results: { metrics: [{ name, type, contains, values }], checks } }; counters
 *                 carry only `count`, rates { matches, total, rate }; no thresholds (exit code 99
 *                 is the only word on them).
 *
 * For `http_req_failed`, a "pass" / "match" is a FAILED request (the rate counts failures).
 * `throttled` (our scripts' Counter) is the number of 429 answers, which our scripts declare
 * expected so that `http_req_failed` leaves them out.
 */

export type SummaryFormat = 'handleSummary' | 'summary-export' | 'machine-readable';

export class SummaryFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SummaryFormatError';
  }
}

type Values = Record<string, unknown>;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function detectFormat(data: unknown): SummaryFormat {
  if (isObj(data) && typeof data.version === 'string' && isObj(data.results) && Array.isArray(data.results.metrics)) return 'machine-readable';
  if (isObj(data) && isObj(data.metrics)) {
    const sample = data.metrics.http_reqs ?? Object.values(data.metrics)[0];
    return isObj(sample) && isObj(sample.values) ? 'handleSummary' : 'summary-export';
  }
  throw new SummaryFormatError('not a k6 summary: expected `metrics` (handleSummary / --summary-export) or `version` + `results.metrics` (machine-readable)');
}

/** Flattens each format into name -> values (rates as `rate`), plus thresholds and duration. */
function normalise(data: Obj, format: SummaryFormat): { metrics: Map<string, Values>; crossed: string[]; durationS?: number } {
  const metrics = new Map<string, Values>();
  const crossed: string[] = [];
  if (format === 'machine-readable') {
    for (const m of (data.results as Obj).metrics as unknown[]) {
      if (isObj(m) && typeof m.name === 'string' && isObj(m.values)) metrics.set(m.name, m.values);
    }
    return { metrics, crossed, durationS: num(isObj(data.config) ? data.config.duration : undefined) };
  }
  for (const [name, raw] of Object.entries(data.metrics as Obj)) {
    if (!isObj(raw)) continue;
    if (format === 'handleSummary') {
      metrics.set(name, isObj(raw.values) ? raw.values : {});
      for (const [expr, t] of Object.entries(isObj(raw.thresholds) ? raw.thresholds : {})) {
        if (isObj(t) && t.ok === false) crossed.push(`${name}: ${expr}`);
      }
    } else {
      const { thresholds, ...values } = raw;
      // A rate metric (it has passes/fails) calls its rate `value`; a gauge's `value` stays.
      metrics.set(name, 'passes' in values && 'value' in values ? { ...values, rate: values.value } : values);
      for (const [expr, failed] of Object.entries(isObj(thresholds) ? thresholds : {})) {
        if (failed === true) crossed.push(`${name}: ${expr}`);
      }
    }
  }
  const state = isObj(data.state) ? data.state : {};
  const ms = num(state.testRunDurationMs);
  return { metrics, crossed, durationS: ms === undefined ? undefined : ms / 1000 };
}

export function parseK6Summary(data: unknown): LoadMeasurement & { format: SummaryFormat } {
  const format = detectFormat(data);
  const { metrics, crossed, durationS: stated } = normalise(data as Obj, format);
  const reqs = metrics.get('http_reqs') ?? {};
  const requests = num(reqs.count);
  const p95 = num(metrics.get('http_req_duration')?.['p(95)']);
  const failed = metrics.get('http_req_failed') ?? {};
  if (requests === undefined || requests === 0) throw new SummaryFormatError(`${format} summary has no http_reqs count: the run sent no request`);
  if (p95 === undefined) {
    throw new SummaryFormatError(`${format} summary has no http_req_duration p(95): add "p(95)" to summaryTrendStats in the script`);
  }
  const failures = num(failed.passes) ?? num(failed.matches);
  const errorRate = num(failed.rate) ?? (failures !== undefined ? failures / requests : undefined);
  if (errorRate === undefined) throw new SummaryFormatError(`${format} summary has no http_req_failed rate`);
  // Counter rate is per second over the whole run, so count / rate is the run's duration.
  const rateOfReqs = num(reqs.rate);
  const durationS = stated ?? (rateOfReqs ? requests / rateOfReqs : 0);
  return {
    format,
    engine: 'k6',
    requests,
    p95Ms: p95,
    errorRate,
    // Our scripts always emit `timeouts` (add(0) per request); a foreign script may not.
    timeouts: num(metrics.get('timeouts')?.count) ?? 0,
    // Our scripts count 429s in `throttled` and expect them (not in http_req_failed); a foreign
    // script without the counter reads as 0 and its 429s stay in its own error rate.
    throttled: num(metrics.get('throttled')?.count) ?? 0,
    rps: rateOfReqs ?? (durationS > 0 ? requests / durationS : 0),
    durationS,
    thresholdsCrossed: crossed,
  };
}
