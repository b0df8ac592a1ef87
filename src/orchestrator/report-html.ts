import { escapeHtml as h } from '../evidence/reporters/format.ts';
import { gantt, type GanttRow } from '../evidence/reporters/html/gantt.ts';
import { STYLE } from '../evidence/reporters/html/style.ts';
import { humanMs } from '../platforms/wait.ts';
import type { DeployReportData } from './deploy-report-data.ts';

/**
 * deploy-report.html: the same data as deploy-report.md, as one self-contained page with the
 * steps on a Gantt chart and links to each gate run's index.html (relative paths).
 */

const clock = (iso?: string) => (iso ? iso.slice(11, 19) : '—');

const tone = (ran: string, outcome: string): GanttRow['tone'] =>
  ran === 'failed' || outcome.startsWith('NO-GO')
    ? 'bad'
    : ran === 'error' || ran === 'in-flight' || outcome.startsWith('INCONCLUSIVE')
      ? 'warn'
      : ran === 'succeeded'
        ? 'ok'
        : 'idle';

/** The gate runs this deploy owns, each linked to its report (the folder's `gate-<step>` links). */
function gateLinks(d: DeployReportData): string {
  const gates = d.s.steps.filter((x) => x.gateLink);
  if (!gates.length) return '';
  return `<p class="meta"><b>Gate runs:</b> ${gates.map((x) => `<a href="${h(x.gateLink!)}/index.html">${h(x.stepId)}: ${h(x.outcome)}</a>`).join(' · ')}</p>`;
}

export function renderDeployHtml(d: DeployReportData): string {
  const { s } = d;
  const timed = s.steps.filter((x) => x.startedAt && x.durationMs !== undefined);
  const chart = gantt(
    timed.map((x) => ({ label: x.stepId, start: Date.parse(x.startedAt!), end: Date.parse(x.startedAt!) + x.durationMs!, tone: tone(x.ran, x.outcome) })),
    'deploy steps timeline',
  );
  const decision = s.closing.decision ?? 'INCONCLUSIVE';
  const steps = s.steps.map(
    (x) =>
      `<tr data-ran="${h(x.ran)}"><td><code>${h(x.stepId)}</code></td><td>${h(x.phase)}</td><td>${h(x.ran)}</td><td><b>${h(x.outcome)}</b></td>` +
      `<td>${clock(x.startedAt)}</td><td>${clock(x.finishedAt)}</td><td>${x.durationMs !== undefined ? h(humanMs(x.durationMs)) : '—'}</td><td>${x.attempts}</td>` +
      `<td>${h(x.message)}${x.gateLink ? ` <a href="${h(x.gateLink)}/index.html">gate report</a>` : ''}</td></tr>`,
  );
  const phases = d.lines.map(
    (l) => `<tr><td>${h(l.phase)}</td><td>${h(l.status)}</td><td>${h(l.time)}</td><td>${h(l.budget.replace(' **over**', ' OVER'))}</td></tr>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${h(d.title)}</title><style>${STYLE}</style></head>
<body><main>
<section class="top top-${h(decision)}" id="top"><h1 class="advice">${h(d.title)}</h1>
<p class="current" id="current-state"><b>Now:</b> ${h(s.closing.line)}.</p>
<p class="meta"><b>Story:</b> ${h(d.story)}${s.timeToRestoreMs !== undefined ? ` · <b>time to restore</b> ${h(humanMs(s.timeToRestoreMs))}` : ''}</p>
${gateLinks(d)}${d.extra.map((e) => `<p class="muted">${h(e)}</p>`).join('')}</section>
<section id="gantt"><h2>Steps on a time axis (UTC)</h2>${chart}</section>
<section id="steps"><h2>Steps</h2><table><thead><tr><th>step</th><th>phase</th><th>ran</th><th>outcome</th><th>started</th><th>finished</th><th>time</th><th>attempts</th><th>message</th></tr></thead><tbody>${steps.join('')}</tbody></table></section>
<section id="timeline"><h2>Timeline against the runbook budgets</h2><table><thead><tr><th>phase</th><th>status</th><th>time</th><th>runbook budget</th></tr></thead><tbody>${phases.join('')}</tbody></table>
<p>Total ${h(humanMs(d.t.totalMs))}${d.t.totalBudgetMs !== undefined ? ` of a ${h(humanMs(d.t.totalBudgetMs))} deploy window` : ''}.</p></section>
<section id="manifest"><h2>Manifest</h2><dl>${Object.entries(d.manifest)
    .map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(String(v))}</dd>`)
    .join('')}</dl>
<p class="muted">journal.jsonl holds every step with inputs, outputs, timings and calls; steps/&lt;step&gt;/ each step's output; gate-* the gate runs.</p></section>
</main></body></html>
`;
}
