import type { Assertion, CheckResult } from '../../../core/types.ts';
import { escapeHtml as h } from '../format.ts';
import type { RunReport } from '../report-doc.ts';
import { statusIcon } from './badge.ts';

/**
 * Metrics as an analysis table: every numeric assertion of the run with its budget, how many
 * samples it rests on and their spread (min / median / p95 / max), the last GO run's value
 * where there is one (the load p95 baseline of verdict.json) and the change against it.
 */

export interface MetricRow {
  check: string;
  name: string;
  budget: string;
  passed: boolean;
  samples: number;
  min: number;
  median: number;
  p95: number;
  max: number;
  actual: number;
  baseline?: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 1) return sorted[0]!;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const isNumericBudget = (a: Assertion) => typeof a.actual === 'number' && typeof a.expected === 'number' && ['<', '<=', '>', '>='].includes(a.operator);

export function metricRows(report: RunReport): MetricRow[] {
  const base = report.measurements?.baseline?.p95Ms;
  return report.checks.flatMap((c: CheckResult) =>
    c.assertions.filter(isNumericBudget).map((a): MetricRow => {
      const values = (a.values?.length ? a.values : [a.actual as number]).filter((v) => Number.isFinite(v));
      const sorted = [...values].sort((x, y) => x - y);
      const isLoadP95 = c.phase === 'load' && /p95/i.test(a.name);
      return {
        check: c.id,
        name: a.name,
        budget: `${a.operator} ${fmt(a.expected as number)}`,
        passed: a.passed,
        samples: values.length,
        min: sorted[0] ?? NaN,
        median: sorted.length ? quantile(sorted, 0.5) : NaN,
        p95: sorted.length ? quantile(sorted, 0.95) : NaN,
        max: sorted.at(-1) ?? NaN,
        actual: a.actual as number,
        ...(isLoadP95 && base !== undefined ? { baseline: base } : {}),
      };
    }),
  );
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 100) return String(Math.round(n));
  return String(Number(n.toFixed(3)));
}

function change(r: MetricRow): string {
  if (r.baseline === undefined || r.baseline === 0) return '—';
  const pct = ((r.actual - r.baseline) / r.baseline) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(0)} %`;
}

export function metricsSection(report: RunReport): string {
  const rows = metricRows(report);
  if (!rows.length) return '';
  const body = rows.map(
    (r) =>
      `<tr><td>${statusIcon(r.passed ? 'pass' : 'fail')} <code>${h(r.check)}</code></td><td>${h(r.name)}</td><td><b>${fmt(r.actual)}</b></td><td>${h(r.budget)}</td>` +
      `<td>${r.samples}</td><td>${fmt(r.min)}</td><td>${fmt(r.median)}</td><td>${fmt(r.p95)}</td><td>${fmt(r.max)}</td><td>${r.baseline !== undefined ? fmt(r.baseline) : '—'}</td><td>${change(r)}</td></tr>`,
  );
  const note =
    report.measurements?.baseline?.p95Ms !== undefined
      ? 'Baseline: the load p95 of the last GO run on this environment.'
      : 'No baseline: no earlier GO run with a load test on this environment.';
  return (
    `<section id="metrics"><h2>Metrics against their budgets</h2><p class="muted">Every measured number with the runbook budget it was held to; spread over the samples. ${note}</p>` +
    `<table class="num"><thead><tr><th>check</th><th>metric</th><th>value</th><th>budget</th><th>samples</th><th>min</th><th>median</th><th>p95</th><th>max</th><th>last GO</th><th>change</th></tr></thead><tbody>${body.join('')}</tbody></table></section>`
  );
}
