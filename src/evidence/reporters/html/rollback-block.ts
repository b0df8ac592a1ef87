import { APP_PROFILES } from '../../../../config/apps/index.ts';
import { escapeHtml as h, procedureLabel } from '../format.ts';
import type { RunReport } from '../report-doc.ts';
import type { CurrentState } from '../../current-state.ts';

/**
 * The rollback block: what to run, not only its name. Procedure id and title, the runbook's
 * steps and time budget (procedures are data in config/apps/*.ts), the target, the snapshot,
 * the exact `postflight rollback ...` command and what it costs in data. When the rollback
 * already happened (current state), the block says so first.
 */

/** What the page's edge found out about the rollback (history, the deploy's journal). */
export interface RollbackFacts {
  /** "release 1.0.0 (last GO, run ...)" or "revisions backend financial-rise:1, ...". */
  target?: string;
  command?: string;
  snapshotId?: string;
  /** "no data loss", "loses 3 rows written since <snapshot>, needs --confirm-data-loss", ... */
  dataLoss?: string;
}

function dataLine(destructive: boolean, facts: RollbackFacts): string {
  if (facts.dataLoss) return facts.dataLoss;
  if (!destructive) return 'no data loss (the database is not touched)';
  return `loses everything written since the pre-deploy snapshot${facts.snapshotId ? ` ${facts.snapshotId}` : ''} (rows not counted here); needs --confirm-data-loss`;
}

export function rollbackBlock(report: RunReport, facts: RollbackFacts = {}, current?: CurrentState): string {
  const r = report.rollback;
  if (r.recommendation === 'none' && !current?.rollback) {
    return `<section class="rb rb-none" id="rollback"><h2>Rollback: none recommended</h2><p>${h(r.reasons[0] ?? 'No rollback criterion was met.')}</p></section>`;
  }
  const procedures = APP_PROFILES[report.run.app]?.rollback.procedures ?? [];
  const id = current?.rollback?.procedure ?? r.procedure;
  const proc = procedures.find((p) => p.id === id);
  const merged: RollbackFacts = {
    ...facts,
    ...(current?.rollback?.target ? { target: current.rollback.target } : {}),
    ...(current?.rollback?.command ? { command: current.rollback.command } : {}),
    ...(current?.snapshotId ? { snapshotId: current.snapshotId } : {}),
    ...(current?.rollback?.dataLoss ? { dataLoss: current.rollback.dataLoss } : {}),
  };
  const done = current && current.state === 'rolled-back' ? `<p class="done"><b>Already done:</b> ${h(current.summary)}. Do not run it again.</p>` : '';
  const rows: [string, string][] = [
    ['Procedure', proc ? `${h(proc.id)} — ${h(proc.title)}${proc.destructive ? ' (destructive)' : ''}` : h(procedureLabel(r) ?? 'none named')],
    ['Runbook budget', proc ? `${proc.budgetMinutes.min}-${proc.budgetMinutes.max} minutes (runbook: ${h(proc.runbookSection)})` : 'not known'],
    ['Target', h(merged.target ?? 'not known here: the deploy chooses the last release verified GO on this environment')],
    ['Snapshot', h(merged.snapshotId ?? 'none recorded for this run')],
    ['Data', h(dataLine(proc?.destructive ?? r.destructive ?? false, merged))],
    ['Command', merged.command ? `<code class="cmd">${h(merged.command)}</code>` : 'not known here'],
  ];
  const steps = proc ? `<ol class="steps">${proc.steps.map((s) => `<li>${h(s)}</li>`).join('')}</ol>` : '';
  const reasons = r.reasons.length ? `<p class="muted">Why: ${r.reasons.map(h).join('; ')}</p>` : '';
  return (
    `<section class="rb rb-${r.recommendation}" id="rollback"><h2>Rollback: ${h(r.recommendation)}${id ? `, procedure ${h(id)}` : ''}</h2>${done}` +
    `<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>${steps}${reasons}</section>`
  );
}
