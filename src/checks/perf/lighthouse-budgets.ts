import type { LighthouseBudget } from '../../config/app-profile.ts';
import { assertThat } from '../../core/assertions.ts';
import type { Assertion } from '../../core/types.ts';
import type { LighthouseSample } from '../../../perf/lighthouse.ts';
import { median, round } from './stats.ts';

/**
 * Holds Lighthouse samples to the profile's budgets (pure). The score moves a few points
 * between identical runs (0.93-0.97 on a trivial page), so each budget is judged on the median
 * of N runs; every sample stays in `values` so a reader can see the spread.
 */

const LABEL: Record<LighthouseBudget['metric'], { name: string; unit: string; digits: number }> = {
  performance: { name: 'performance score', unit: '', digits: 3 },
  'first-contentful-paint': { name: 'FCP', unit: ' ms', digits: 0 },
  interactive: { name: 'TTI', unit: ' ms', digits: 0 },
  'largest-contentful-paint': { name: 'LCP', unit: ' ms', digits: 0 },
  'total-blocking-time': { name: 'TBT', unit: ' ms', digits: 0 },
};

/** One assertion per budget for one page, on the runs that produced a result. */
export function pageAssertions(page: string, samples: readonly LighthouseSample[], budgets: readonly LighthouseBudget[]): Assertion[] {
  const measured = samples.filter((s) => !s.error);
  return budgets.map((b) => {
    const label = LABEL[b.metric];
    const values = measured
      .map((s) => s.metrics[b.metric])
      .filter((v): v is number => typeof v === 'number')
      .map((v) => round(v, label.digits));
    const mid = median(values);
    const a = assertThat(`${page} ${label.name} (median)`, mid === undefined ? undefined : round(mid, label.digits), b.operator, b.value, {
      values,
      unit: label.unit,
    });
    if (values.length === 0) return a;
    const spread = `min ${Math.min(...values)}${label.unit}, median ${round(mid as number, label.digits)}${label.unit}, max ${Math.max(...values)}${label.unit} over ${values.length} run(s)`;
    return { ...a, message: `${a.message} (${spread})` };
  });
}

/**
 * The report's headline numbers. With several pages, the worst page speaks for the app:
 * a budget holds only if it holds everywhere.
 */
export function lighthouseMetrics(samples: readonly LighthouseSample[]): Record<string, number> {
  const pages = [...new Set(samples.map((s) => s.page))];
  const medianOf = (page: string, metric: LighthouseBudget['metric']) =>
    median(
      samples
        .filter((s) => s.page === page && !s.error)
        .map((s) => s.metrics[metric])
        .filter((v): v is number => typeof v === 'number'),
    );
  const pick = (metric: LighthouseBudget['metric'], worse: (a: number, b: number) => number) =>
    pages
      .map((p) => medianOf(p, metric))
      .filter((v): v is number => v !== undefined)
      .reduce<number | undefined>((acc, v) => (acc === undefined ? v : worse(acc, v)), undefined);
  const out: Record<string, number> = { runs: samples.length };
  const perf = pick('performance', Math.min);
  const fcp = pick('first-contentful-paint', Math.max);
  const tti = pick('interactive', Math.max);
  if (perf !== undefined) out.performanceMedian = round(perf, 3);
  if (fcp !== undefined) out.fcpMedianMs = round(fcp, 0);
  if (tti !== undefined) out.ttiMedianMs = round(tti, 0);
  return out;
}

/** Pages with no usable run: nothing was measured there, which is an error, not a fail. */
export function unmeasuredPages(samples: readonly LighthouseSample[]): { page: string; errors: string[] }[] {
  const pages = [...new Set(samples.map((s) => s.page))];
  return pages
    .filter((p) => samples.every((s) => s.page !== p || s.error))
    .map((p) => ({ page: p, errors: samples.filter((s) => s.page === p).map((s) => s.error as string) }));
}
