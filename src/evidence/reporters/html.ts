import { renderLatencyChart } from './latency-chart.ts';
import { escapeHtml } from './format.ts';
import type { CheckResult, Status } from '../../core/types.ts';
import { endOfRunReporter, type FileReporterOptions } from './file-reporter.ts';
import {
  DECISION_ICON, evidenceHref, formatDuration, formatExpected, formatMetric, formatValue, GATE_HEALTH_INTRO, GATE_HEALTH_TITLE,
  gateProblemsOf, HOW_TO_READ, isKeyMetric, procedureLabel, STATUS_ICON, STATUS_WORST_FIRST, worstFirst,
} from './format.ts';
import type { RunReport } from './report-doc.ts';
import type { Reporter } from './reporter.ts';

/**
 * index.html: ONE self-contained file (inline style and script, no fonts, no CDN) that opens
 * from file:// on a meeting-room laptop or from a CI artifact store. Everything from the run
 * is escaped: a check message is data, never markup. Evidence is linked by relative path.
 * Without JavaScript the page shows everything; the script only adds the status filter.
 */

export const HTML_FILE = 'index.html';

const h = escapeHtml;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
main{max-width:1200px;margin:0 auto;padding:0 16px 48px}
.banner{padding:20px 24px;color:#fff}.banner h1{margin:0;font-size:32px}.banner p{margin:4px 0 0}
.d-GO{background:#1a7f37}.d-NO-GO{background:#cf222e}.d-INCONCLUSIVE{background:#9a6700}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:16px 0;padding:12px 16px}
.gate{border-left:8px solid #6e7781}.rb-immediate{border-left:8px solid #cf222e}.rb-consider{border-left:8px solid #bf8700}.rb-none{border-left:8px solid #1a7f37}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eaeef2}
th{background:#f6f8fa}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
.s-fail td:first-child{color:#cf222e}.s-error td:first-child,.s-inconclusive td:first-child{color:#9a6700}
.filters label{margin-right:12px;white-space:nowrap}details{margin-top:4px}.muted{color:#57606a}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}dt{font-weight:600}dd{margin:0}
.hide-pass tr[data-status=pass],.hide-fail tr[data-status=fail],.hide-error tr[data-status=error],
.hide-inconclusive tr[data-status=inconclusive],.hide-skipped tr[data-status=skipped]{display:none}
`;

/** Toggles a `hide-<status>` class on the table; nothing else. */
const SCRIPT = `
document.querySelectorAll('input[data-filter]').forEach(function (box) {
  box.addEventListener('change', function () {
    document.getElementById('checks').classList.toggle('hide-' + box.getAttribute('data-filter'), !box.checked);
  });
});
`;

function list(items: readonly string[]): string {
  return items.length ? `<ul>${items.map((i) => `<li>${h(i)}</li>`).join('')}</ul>` : '';
}

/** Apart from the release's failures and before them: what the gate could not do, with each fix. */
function gateHealthSection(report: RunReport): string {
  const problems = gateProblemsOf(report);
  if (problems.length === 0) return '';
  const items = problems.map((g) => `<li>${STATUS_ICON[g.status]} <code>${h(g.id)}</code> ${h(g.status)}: ${h(g.message)}${g.fix ? `<br><b>Fix:</b> ${h(g.fix)}` : ''}</li>`);
  return `<section class="gate" id="gate-health"><h2>⚙️ ${h(GATE_HEALTH_TITLE)}</h2><p class="muted">${h(GATE_HEALTH_INTRO)}</p><ul>${items.join('')}</ul></section>`;
}

function runSection(report: RunReport): string {
  const r = report.run;
  const rows: [string, string][] = [
    ['Run', r.runId], ['App', `${r.appName} (${r.app})`], ['Environment', r.env], ['Release', r.release ?? 'not stated'],
    ['API', r.targets.apiUrl], ['Web', r.targets.webUrl], ['Started', r.startedAt], ['Finished', `${r.finishedAt} (${formatDuration(r.durationMs)})`],
    ['Phases', r.phases.join(', ') || 'none'], ['Load engine', r.loadEngine ?? 'not used'], ['postflight', r.postflightVersion],
  ];
  return `<section><h2>Run</h2><dl>${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl></section>`;
}

function keyMetrics(report: RunReport): string {
  const rows = report.checks.flatMap((c) =>
    Object.entries(c.metrics ?? {}).filter(([k]) => isKeyMetric(k)).map(([k, v]) => `<tr><td><code>${h(c.id)}</code></td><td>${h(k)}</td><td>${h(formatMetric(k, v))}</td></tr>`),
  );
  const m = report.measurements;
  if (m?.observed?.errorRate !== undefined) rows.push(`<tr><td>rollback criteria</td><td>errorRate</td><td>${h(formatMetric('errorRate', m.observed.errorRate))}</td></tr>`);
  if (m?.observed?.p95Ms !== undefined) rows.push(`<tr><td>rollback criteria</td><td>p95Ms</td><td>${h(formatMetric('p95Ms', m.observed.p95Ms))}${m.baseline?.p95Ms !== undefined ? ` (baseline ${h(formatMetric('p95Ms', m.baseline.p95Ms))})` : ''}</td></tr>`);
  if (rows.length === 0) return '';
  return `<section><h2>Key metrics</h2><table><thead><tr><th>from</th><th>metric</th><th>value</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function checkDetails(c: CheckResult): string {
  const parts: string[] = [`<p class="muted">Runbook: ${h(c.runbookRef)} · ${c.attempts} attempt(s)${c.flaky ? ' · ⚠️ flaky: passed only on retry' : ''} · started ${h(c.startedAt)}</p>`];
  if (c.assertions.length) {
    const rows = c.assertions.map((a) => {
      const actual = a.values?.length ? `${formatValue(a.actual)} (samples ${a.values.join(', ')})` : formatValue(a.actual);
      return `<tr><td>${a.passed ? '✅' : '❌'}</td><td>${h(a.name)}</td><td>${h(formatExpected(a))}</td><td>${h(actual)}</td><td>${h(a.message)}</td></tr>`;
    });
    parts.push(`<table><thead><tr><th></th><th>assertion</th><th>expected</th><th>actual</th><th>message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  }
  if (c.evidence.length) {
    const links = c.evidence.map((e) => {
      const href = evidenceHref(e.path);
      const label = `${e.title || e.path} (${e.kind})`;
      return href ? `<li><a href="${h(href)}">${h(label)}</a></li>` : `<li>${h(label)}: <code>${h(e.path)}</code></li>`;
    });
    parts.push(`<p>Evidence:</p><ul>${links.join('')}</ul>`);
  }
  const metrics = Object.entries(c.metrics ?? {});
  if (metrics.length) parts.push(`<p>Metrics: ${metrics.map(([k, v]) => `${h(k)} <b>${h(formatMetric(k, v))}</b>`).join(' · ')}</p>`);
  const open = c.status === 'fail' || c.status === 'error' || c.status === 'inconclusive' ? ' open' : '';
  return `<details${open}><summary>details</summary>${parts.join('')}</details>`;
}

/** Every waiver, so the meeting sees what the gate did not verify and who decided that. */
function waiverSection(report: RunReport): string {
  if (!report.waivers?.length) return '';
  const rows = report.waivers.map((w) => `<tr><td><code>${h(w.item)}</code></td><td>${h(w.reason)}</td><td>${h(w.by)}</td></tr>`);
  return `<section id="waived"><h2>🚫 Not verified by the gate (waived)</h2><table><thead><tr><th>item</th><th>reason</th><th>configured by</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function checkTable(report: RunReport): string {
  const boxes = STATUS_WORST_FIRST.map(
    (s: Status) => `<label><input type="checkbox" data-filter="${s}" checked> ${STATUS_ICON[s]} ${s} (${report.counts[s]})</label>`,
  ).join('');
  const rows = worstFirst(report.checks).map(
    (c) =>
      `<tr class="s-${c.status}" data-status="${c.status}"><td>${STATUS_ICON[c.status]} ${c.status}</td><td><code>${h(c.id)}</code><br>${h(c.title)}</td>` +
      `<td>${h(c.phase)}</td><td>${h(c.severity)}</td><td>${h(c.message)}${checkDetails(c)}</td><td>${h(formatDuration(c.durationMs))}</td></tr>`,
  );
  return (
    `<section><h2>Checks</h2><p class="filters">Show: ${boxes}</p>` +
    `<table id="checks"><thead><tr><th>status</th><th>check</th><th>phase</th><th>severity</th><th>message</th><th>time</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></section>`
  );
}

export function renderHtml(report: RunReport): string {
  const { run, rollback, decision } = report;
  const title = `${decision} — ${run.appName} on ${run.env} — postflight`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${h(title)}</title><style>${STYLE}</style></head>
<body>
<header class="banner d-${decision}"><h1>${DECISION_ICON[decision]} ${h(decision)}</h1><p>${h(run.appName)} · ${h(run.env)} · release ${h(run.release ?? 'not stated')} · run ${h(run.runId)}</p></header>
<main>
<section class="rb-${rollback.recommendation}"><h2>Rollback: ${h(rollback.recommendation)}</h2>${rollback.procedure ? `<p><b>Procedure:</b> ${h(procedureLabel(rollback)!)}</p>` : ''}${list(rollback.reasons)}</section>
${gateHealthSection(report)}
<section><h2>Why</h2>${list(report.reasons)}</section>
${waiverSection(report)}
${runSection(report)}
${keyMetrics(report)}
${renderLatencyChart(report.checks)}
${checkTable(report)}
<section><h2>How to read this</h2>${list(HOW_TO_READ)}</section>
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}

export function htmlReporter(opts: FileReporterOptions): Reporter {
  return endOfRunReporter('html', opts, (report) => ({ [HTML_FILE]: renderHtml(report) }));
}
