import { escapeHtml as h, formatDuration } from '../format.ts';

/**
 * A Gantt chart as inline SVG: one bar per row on one time axis (start to end of the run),
 * with clock times at both ends. Used for the gate's phases and the deploy's steps.
 */

export interface GanttRow {
  label: string;
  start: number;
  end: number;
  /** A colour word: ok, bad, warn, idle. */
  tone: 'ok' | 'bad' | 'warn' | 'idle';
}

const TONE = { ok: '#2e7d32', bad: '#c62828', warn: '#9a6700', idle: '#8c959f' } as const;

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export function gantt(rows: readonly GanttRow[], ariaLabel: string): string {
  if (!rows.length) return '';
  const t0 = Math.min(...rows.map((r) => r.start));
  const t1 = Math.max(...rows.map((r) => r.end), t0 + 1);
  const labelW = 300;
  const plotW = 560;
  const rowH = 20;
  const x = (t: number) => labelW + ((t - t0) / (t1 - t0)) * plotW;
  const bars = rows.map((r, i) => {
    const y = i * rowH + 4;
    const w = Math.max(2, x(r.end) - x(r.start));
    return (
      `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end" font-size="11">${h(r.label.slice(0, 48))}</text>` +
      `<rect x="${x(r.start).toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${TONE[r.tone]}"><title>${h(`${r.label}: ${clock(r.start)} to ${clock(r.end)} UTC (${formatDuration(r.end - r.start)})`)}</title></rect>` +
      `<text x="${(x(r.start) + w + 4).toFixed(1)}" y="${y + 11}" font-size="10">${h(formatDuration(r.end - r.start))}</text>`
    );
  });
  const axisY = rows.length * rowH + 6;
  const height = axisY + 20;
  const width = labelW + plotW + 80;
  return (
    `<svg class="gantt" role="img" aria-label="${h(ariaLabel)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}` +
    `<line x1="${labelW}" x2="${labelW + plotW}" y1="${axisY}" y2="${axisY}" stroke="#57606a"/>` +
    `<text x="${labelW}" y="${axisY + 14}" font-size="10">${clock(t0)} UTC</text><text x="${labelW + plotW}" y="${axisY + 14}" font-size="10" text-anchor="end">${clock(t1)} UTC</text></svg>`
  );
}
