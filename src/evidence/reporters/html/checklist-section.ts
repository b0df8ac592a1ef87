import { CHECKLISTS } from '../../../../config/checklists/index.ts';
import { CHECKS } from '../../../../config/checks.ts';
import { isAutomated, type ChecklistItem } from '../../../config/checklist.ts';
import type { CheckResult } from '../../../core/types.ts';
import { escapeHtml as h, STATUS_WORST_FIRST } from '../format.ts';
import type { RunReport } from '../report-doc.ts';
import type { SignOff } from '../../current-state.ts';
import { rowBadge, type RowState } from './badge.ts';
import { plainWords } from './why.ts';

/**
 * The runbook's checklist in runbook order (config/checklists/<app>.ts), every line with who
 * answers it in THIS run: the checks that automate it (status, one line of evidence, link),
 * a person (open until a sign-off names the item), nobody (not covered), or a check that did
 * not run in this run (its phase was not selected, e.g. perf after a rollback).
 */

export interface ChecklistRow {
  item: ChecklistItem;
  state: RowState;
  evidence: string;
  links: string[];
}

const worst = (results: readonly CheckResult[]) => [...results].sort((a, b) => STATUS_WORST_FIRST.indexOf(a.status) - STATUS_WORST_FIRST.indexOf(b.status))[0]!;

const short = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** "4 assertion(s) passed" says little: the assertions themselves, in plain words, say what was seen. */
function passEvidence(c: CheckResult): string {
  if (!/^\d+ assertion\(s\) passed$/.test(c.message.trim()) || !c.assertions.length) return plainWords(c.message);
  return (
    c.assertions
      .slice(0, 3)
      .map((a) => plainWords(a.message))
      .join('; ') + (c.assertions.length > 3 ? `; and ${c.assertions.length - 3} more` : '')
  );
}

export function checklistRows(report: RunReport, signOffs: readonly SignOff[] = []): ChecklistRow[] {
  const list = CHECKLISTS[report.run.app];
  if (!list) return [];
  return list.items.map((item): ChecklistRow => {
    if (item.by === 'not-covered')
      return { item, state: 'not-covered', evidence: 'The gate does not check this line: a person must, outside postflight.', links: [] };
    if (item.by === 'manual') {
      const signed = signOffs.find((s) => s.items?.includes(item.id));
      return signed
        ? { item, state: 'signed', evidence: `signed by ${signed.name} (${signed.role}) at ${signed.at}${signed.note ? `: ${signed.note}` : ''}`, links: [] }
        : { item, state: 'manual', evidence: `A person must do this; open until signed (postflight signoff --item ${item.id}).`, links: [] };
    }
    const ids = isAutomated(item.by) ? item.by : [];
    const results = report.checks.filter((c) => ids.includes(c.id));
    if (!results.length) {
      const defs = ids.map((id) => CHECKS.find((c) => c.id === id)).filter((c) => c !== undefined);
      const phases = [...new Set(defs.map((c) => c.phase))];
      const selected = phases.some((p) => report.run.phases.includes(p));
      const why =
        defs.length && defs.every((c) => c.owner === 'orchestrator')
          ? 'a step of the deploy checks this: see its deploy report'
          : selected
            ? 'no result for it in this run'
            : `phase ${phases.join(', ') || '?'} not selected; this run ran ${report.run.phases.join(', ') || 'nothing'}`;
      return { item, state: 'not-run', evidence: `Not run in this run (${ids.join(', ')}: ${why}).`, links: [] };
    }
    const w = worst(results);
    const evidence = w.status === 'fail' || w.status === 'error' || w.status === 'inconclusive' ? `${w.id} ${w.status}: see Why above` : short(passEvidence(w));
    return { item, state: w.status, evidence, links: results.map((r) => r.id) };
  });
}

export function checklistSection(report: RunReport, signOffs: readonly SignOff[] = []): string {
  const rows = checklistRows(report, signOffs);
  if (!rows.length) return '';
  const list = CHECKLISTS[report.run.app]!;
  let section = '';
  const body = rows.map((r) => {
    const head = r.item.section !== section ? `<tr class="sec"><th colspan="4">${h(r.item.section)}</th></tr>` : '';
    section = r.item.section;
    const links = r.links.map((id) => `<a href="#check-${h(id)}"><code>${h(id)}</code></a>`).join(' ');
    return `${head}<tr data-state="${r.state}" id="cl-${h(r.item.id)}"><td>${rowBadge(r.state)}</td><td>${h(r.item.text)}<br><code class="muted">${h(r.item.id)}</code></td><td>${h(r.evidence)}</td><td>${links}</td></tr>`;
  });
  const open = rows.filter((r) => r.state === 'manual').length;
  return (
    `<section id="checklist"><h2>Runbook checklist (${h(list.runbook)}, in runbook order)</h2>` +
    `<p class="muted">${rows.length} lines: ${rows.filter((r) => Array.isArray(r.item.by)).length} automated, ${rows.filter((r) => r.item.by === 'manual').length} manual (${open} open), ${rows.filter((r) => r.state === 'not-covered').length} not covered, ${rows.filter((r) => r.state === 'not-run').length} not run in this run.</p>` +
    `<table class="checklist"><thead><tr><th>status</th><th>runbook line</th><th>evidence</th><th>checks</th></tr></thead><tbody>${body.join('')}</tbody></table></section>`
  );
}
