import type { Status } from '../../../core/types.ts';
import { escapeHtml as h, formatDuration, gateProblemsOf } from '../format.ts';
import type { RunReport } from '../report-doc.ts';
import type { CurrentState } from '../../current-state.ts';
import { decisionBadge, statusBadge, statusColour, statusIcon, STATUS_WORD } from './badge.ts';
import { adviceSentence } from './why.ts';

/**
 * The first screen (1280x720): the decision and one sentence of advice, what runs NOW when an
 * orchestrator owns this run, the counts as one stacked bar, the critical checks as tiles,
 * the gate's own health apart, and release / environment / run / duration.
 */

const BAR_ORDER: Status[] = ['fail', 'error', 'inconclusive', 'skipped', 'waived', 'pass'];

export function countsBar(counts: Record<Status, number>): string {
  const total = BAR_ORDER.reduce((n, s) => n + counts[s], 0);
  const W = 560;
  let x = 0;
  const rects =
    total === 0
      ? ['<rect width="560" height="14" fill="#eaeef2"/>']
      : BAR_ORDER.filter((s) => counts[s] > 0).map((s) => {
          const w = (counts[s] / total) * W;
          const r = `<rect x="${x.toFixed(1)}" width="${w.toFixed(1)}" height="14" fill="${statusColour(s)}"><title>${counts[s]} ${STATUS_WORD[s]}</title></rect>`;
          x += w;
          return r;
        });
  const legend = BAR_ORDER.filter((s) => counts[s] > 0).map(
    (s) => `<span class="legend">${statusIcon(s)} <b>${counts[s]}</b> ${STATUS_WORD[s].toLowerCase()}</span>`,
  );
  return (
    `<div class="counts" id="counts"><svg class="bar" width="${W}" height="14" viewBox="0 0 ${W} 14" role="img" aria-label="check counts">${rects.join('')}</svg>` +
    `<div>${legend.join(' ')}${total === 0 ? 'no checks' : ` <span class="muted">of ${total} checks</span>`}</div></div>`
  );
}

function criticalTiles(report: RunReport): string {
  const crit = report.checks.filter((c) => c.severity === 'critical');
  if (!crit.length) return '';
  const tiles = crit.map(
    (c) =>
      `<a class="tile t-${c.status}" href="#check-${h(c.id)}" title="${h(c.title)}">${statusIcon(c.status)}<span>${h(c.id.replace(/^[a-z]+\./, ''))}</span><b>${STATUS_WORD[c.status]}</b></a>`,
  );
  return `<div class="tiles" aria-label="critical checks"><span class="tiles-h">Critical checks</span>${tiles.join('')}</div>`;
}

function gateHealthLine(report: RunReport): string {
  const problems = gateProblemsOf(report);
  if (!problems.length) return `<p class="gatehealth ok">Gate health: no problem of the gate itself.</p>`;
  return `<p class="gatehealth bad">Gate health: ${problems.length} problem(s) of the gate, not of the release (${problems.map((p) => h(p.id)).join(', ')}): <a href="#gate-health">fix the gate</a>.</p>`;
}

export function currentStateLine(current: CurrentState | undefined): string {
  if (!current) return '';
  const verified = current.verifiedBy ? ` (<a href="${h(current.verifiedBy.href)}">verification run ${h(current.verifiedBy.runId)}</a>)` : '';
  return `<p class="current s-${h(current.state)}" id="current-state"><b>Current state:</b> ${h(current.summary)}${verified} — deploy <a href="${h(current.deploy.href)}">${h(current.deploy.runId)}</a></p>`;
}

export function topCard(report: RunReport, current?: CurrentState): string {
  const r = report.run;
  const meta = [
    `<b>${h(r.appName)}</b>`,
    `release <b>${h(r.release ?? 'not stated')}</b>`,
    `environment <b>${h(r.env)}</b>`,
    `run <code>${h(r.runId)}</code>`,
    `${h(r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}, ${h(formatDuration(r.durationMs))}`,
  ];
  return (
    `<section class="top top-${report.decision}" id="top">` +
    `<div class="headline">${decisionBadge(report.decision)}<p class="advice" id="advice">${h(adviceSentence(report, current))}</p></div>` +
    currentStateLine(current) +
    `<p class="meta">${meta.join(' · ')}</p>` +
    countsBar(report.counts) +
    criticalTiles(report) +
    gateHealthLine(report) +
    `</section>`
  );
}

export { statusBadge };
