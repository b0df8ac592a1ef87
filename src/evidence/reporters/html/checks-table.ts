import type { CheckResult, Status } from '../../../core/types.ts';
import {
  escapeHtml as h,
  evidenceHref,
  formatDuration,
  formatExpected,
  formatMetric,
  formatValue,
  GATE_HEALTH_INTRO,
  GATE_HEALTH_TITLE,
  gateProblemsOf,
  STATUS_WORST_FIRST,
} from '../format.ts';
import type { RunReport } from '../report-doc.ts';
import { statusBadge, statusIcon, STATUS_WORD } from './badge.ts';
import { plainWords } from './why.ts';

/**
 * Every check of the run in catalogue order with its assertions (in plain words), metrics
 * and evidence links; the gate's own problems apart; what was waived. The status filter
 * hides rows by `data-status`; colour sits on each row's own badge only.
 */

const FAILING = new Set<Status>(['fail', 'error', 'inconclusive']);

function details(c: CheckResult): string {
  const parts: string[] = [
    `<p class="muted">Runbook: ${h(c.runbookRef)} · ${c.attempts} attempt(s)${c.flaky ? ' · FLAKY: passed only on retry' : ''} · started ${h(c.startedAt)}</p>`,
  ];
  if (c.assertions.length) {
    const rows = c.assertions.map(
      (a) =>
        `<tr><td>${statusIcon(a.passed ? 'pass' : 'fail')} ${a.passed ? 'met' : 'NOT met'}</td><td>${h(a.name)}</td><td>${h(formatExpected(a))}</td><td>${h(formatValue(a.actual))}${a.values?.length ? ` <span class="muted">(samples ${h(a.values.join(', '))})</span>` : ''}</td></tr>`,
    );
    parts.push(
      `<table class="inner"><thead><tr><th>result</th><th>assertion</th><th>expected</th><th>actual</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  const seen = new Set<string>();
  const files = c.evidence.filter((e) => !e.path.endsWith('error-context.md') && !seen.has(e.path) && seen.add(e.path));
  if (files.length) {
    parts.push(
      `<p>Evidence: ${files
        .map((e) => {
          const href = evidenceHref(e.path);
          const label = `${e.title || e.path} (${e.kind})`;
          return href ? `<a href="${h(href)}">${h(label)}</a>` : `${h(label)}: <code>${h(e.path)}</code>`;
        })
        .join(' · ')}</p>`,
    );
  }
  const metrics = Object.entries(c.metrics ?? {}).filter(([k]) => !(k === 'engine' && c.phase !== 'load'));
  if (metrics.length) parts.push(`<p>Metrics: ${metrics.map(([k, v]) => `${h(k)} <b>${h(formatMetric(k, v))}</b>`).join(' · ')}</p>`);
  return `<details${FAILING.has(c.status) ? ' open' : ''}><summary>details</summary>${parts.join('')}</details>`;
}

export function checksTable(report: RunReport): string {
  const boxes = STATUS_WORST_FIRST.map(
    (s) => `<label><input type="checkbox" data-filter="${s}" checked> ${statusIcon(s)} ${STATUS_WORD[s].toLowerCase()} (${report.counts[s]})</label>`,
  ).join('');
  const rows = report.checks.map((c) => {
    const message = FAILING.has(c.status) ? `<a href="#why-${h(c.id)}">see Why</a>` : h(plainWords(c.message));
    return (
      `<tr data-status="${c.status}" id="check-${h(c.id)}"><td>${statusBadge(c.status)}</td><td><code>${h(c.id)}</code><br>${h(c.title)}</td>` +
      `<td>${h(c.phase)}</td><td>${h(c.severity)}</td><td>${message}${details(c)}</td><td>${h(formatDuration(c.durationMs))}</td></tr>`
    );
  });
  return (
    `<section id="all-checks"><h2>All checks (catalogue order)</h2><p class="filters no-print">Show: ${boxes}</p>` +
    `<table id="checks"><thead><tr><th>status</th><th>check</th><th>phase</th><th>severity</th><th>result</th><th>time</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
  );
}

/** Apart from the release's failures and before them: what the gate could not do, with each fix. */
export function gateHealthSection(report: RunReport): string {
  const problems = gateProblemsOf(report);
  if (!problems.length) return '';
  const items = problems.map(
    (g) => `<li>${statusBadge(g.status)} <code>${h(g.id)}</code>: ${h(plainWords(g.message))}${g.fix ? `<br><b>Fix:</b> ${h(g.fix)}` : ''}</li>`,
  );
  return `<section class="gate" id="gate-health"><h2>${h(GATE_HEALTH_TITLE)}</h2><p class="muted">${h(GATE_HEALTH_INTRO)}</p><ul>${items.join('')}</ul></section>`;
}

/** Every waiver, so the meeting sees what the gate did not verify and who decided that. */
export function waiverSection(report: RunReport): string {
  if (!report.waivers?.length) return '';
  const rows = report.waivers.map((w) => `<tr><td><code>${h(w.item)}</code></td><td>${h(w.reason)}</td><td>${h(w.by)}</td></tr>`);
  return `<section id="waived"><h2>Not verified by the gate (waived)</h2><table><thead><tr><th>item</th><th>reason</th><th>configured by</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}
