import type { Assertion, CheckResult } from '../../core/types.ts';
import { escapeHtml as h } from './format.ts';

interface Bar {
  label: string;
  actual: number;
  budget: number;
  passed: boolean;
}

/** Latency-like assertions of the perf and load phases: a number held under a numeric budget. */
export function latencyBars(checks: readonly CheckResult[]): Bar[] {
  return checks
    .filter((c) => c.phase === 'perf' || c.phase === 'load')
    .flatMap((c) => c.assertions.map((a) => ({ c, a })))
    .filter(({ a }) => (a.operator === '<' || a.operator === '<=') && typeof a.actual === 'number' && typeof a.expected === 'number' && isTime(a))
    .map(({ c, a }) => ({ label: `${c.id}: ${a.name}`, actual: a.actual as number, budget: a.expected as number, passed: a.passed }));
}

/** Budgets above 50 are milliseconds (error rates and scores are fractions or counts). */
function isTime(a: Assertion): boolean {
  return (a.expected as number) >= 50;
}

/**
 * One inline SVG (the report stays a single file): a bar per measured latency, scaled to its
 * own budget, so "how close to the budget" reads at a glance; the tick marks the budget.
 */
export function renderLatencyChart(checks: readonly CheckResult[]): string {
  const bars = latencyBars(checks);
  if (bars.length === 0) return '';
  const rowH = 22;
  const labelW = 420;
  const plotW = 360;
  const scaleMax = Math.max(...bars.map((b) => b.actual / b.budget), 1.2);
  const x = (ratio: number) => labelW + (ratio / scaleMax) * plotW;
  const rows = bars.map((b, i) => {
    const y = i * rowH + 4;
    const w = Math.max(1, x(b.actual / b.budget) - labelW);
    return `<text x="${labelW - 6}" y="${y + 13}" text-anchor="end" font-size="11">${h(b.label.slice(0, 70))}</text>` +
      `<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${b.passed ? '#2e7d32' : '#c62828'}"><title>${h(`${b.actual} ms of ${b.budget} ms`)}</title></rect>` +
      `<line x1="${x(1).toFixed(1)}" x2="${x(1).toFixed(1)}" y1="${y - 2}" y2="${y + rowH - 6}" stroke="#000" stroke-width="2"/>` +
      `<text x="${(x(b.actual / b.budget) + 4).toFixed(1)}" y="${y + 12}" font-size="10">${b.actual} ms / ${b.budget}</text>`;
  });
  const height = bars.length * rowH + 8;
  return `<section><h2>Latency against budgets</h2><p class="muted">Each bar is a measured latency; the black tick is its runbook budget.</p>` +
    `<svg role="img" aria-label="latency chart" width="${labelW + plotW + 90}" height="${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg></section>`;
}
