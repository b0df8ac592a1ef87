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
    .map(({ c, a }) => ({ label: `${labelOf(c)}: ${a.name}`, actual: a.actual as number, budget: a.expected as number, passed: a.passed }));
}

/** The load check's id says k6 whatever engine ran: the label names the engine that did. */
const labelOf = (c: CheckResult): string => (c.phase === 'load' && typeof c.metrics?.engine === 'string' ? `load test (${c.metrics.engine} engine)` : c.id);

/** Budgets above 50 are milliseconds (error rates and scores are fractions or counts). */
function isTime(a: Assertion): boolean {
  return (a.expected as number) >= 50;
}

/**
 * One inline SVG (the report stays a single file): every measured latency on ONE shared
 * millisecond axis, so a 5 s report budget and a 300 ms API budget compare honestly; the
 * black tick on each bar is its own runbook budget.
 */
export function renderLatencyChart(checks: readonly CheckResult[]): string {
  const bars = latencyBars(checks);
  if (bars.length === 0) return '';
  const rowH = 22;
  const labelW = 380;
  const plotW = 440;
  const axisMax = Math.max(...bars.flatMap((b) => [b.actual, b.budget])) * 1.08;
  const x = (ms: number) => labelW + (ms / axisMax) * plotW;
  const rows = bars.map((b, i) => {
    const y = i * rowH + 4;
    const w = Math.max(1, x(b.actual) - labelW);
    return (
      `<text x="${labelW - 6}" y="${y + 13}" text-anchor="end" font-size="11">${h(b.label.slice(0, 64))}</text>` +
      `<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${b.passed ? '#2e7d32' : '#c62828'}"><title>${h(`${b.actual} ms of ${b.budget} ms`)}</title></rect>` +
      `<line x1="${x(b.budget).toFixed(1)}" x2="${x(b.budget).toFixed(1)}" y1="${y - 2}" y2="${y + rowH - 6}" stroke="#000" stroke-width="2"/>` +
      `<text x="${(Math.max(x(b.actual), x(b.budget)) + 4).toFixed(1)}" y="${y + 12}" font-size="10">${Math.round(b.actual)} ms / ${b.budget}</text>`
    );
  });
  const axisY = bars.length * rowH + 6;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const ms = axisMax * f;
    return `<line x1="${x(ms).toFixed(1)}" x2="${x(ms).toFixed(1)}" y1="${axisY}" y2="${axisY + 4}" stroke="#57606a"/><text x="${x(ms).toFixed(1)}" y="${axisY + 15}" font-size="10" text-anchor="middle">${Math.round(ms)} ms</text>`;
  });
  const height = axisY + 20;
  return (
    `<section id="latency"><h2>Latency against budgets (one shared axis)</h2><p class="muted">Each bar is a measured latency in milliseconds on the same axis; the black tick is its runbook budget.</p>` +
    `<svg role="img" aria-label="latency chart" width="${labelW + plotW + 110}" height="${height}" viewBox="0 0 ${labelW + plotW + 110} ${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}` +
    `<line x1="${labelW}" x2="${labelW + plotW}" y1="${axisY}" y2="${axisY}" stroke="#57606a"/>${ticks.join('')}</svg></section>`
  );
}
