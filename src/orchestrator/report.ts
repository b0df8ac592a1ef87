import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppId } from '../core/types.ts';
import { replay, type Replayed } from '../evidence/journal/replay.ts';
import { DEPLOY_BUDGET_MIN, PHASE_BUDGET_MIN } from './deploy-phases.ts';
import { timeline, type Timeline } from './timeline.ts';
import { humanMs } from '../platforms/wait.ts';

/**
 * `deploy-report.md` of a deploy folder, from its journal alone (so a resumed or crashed run
 * reports the same way): the story (plans and gate decisions in order), every step with its
 * outcome, and the timeline against the runbook's budgets (deploy window, each phase, the
 * rollback procedure's "Time Required").
 */

export interface ProcedureBudget {
  id: string;
  title: string;
  budgetMinutes: { min: number; max: number };
}

export function budgetsFor(app: AppId, procedures: readonly ProcedureBudget[]): Record<string, number> {
  const out: Record<string, number> = { ...PHASE_BUDGET_MIN[app] };
  // rollback-plan.ts names the phase `Rollback <id>: <title>`; the budget is the runbook's upper bound.
  for (const p of procedures) out[`Rollback ${p.id}: ${p.title}`] = p.budgetMinutes.max;
  return out;
}

export function readJournal(dir: string): Replayed {
  return replay(readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n').filter((l) => l.trim()));
}

/** `deploy -> NO-GO -> rollback:A -> GO`: the story a go/no-go meeting reads first. */
export function story(r: Replayed): string {
  const parts: string[] = [];
  for (const e of r.events) {
    if (e.event === 'plan') parts.push(e.kind);
    if (e.event === 'run-end') parts.push(e.decision);
    if (e.event === 'run-stopped' && e.status !== 'completed') parts.push(`stopped at ${e.atStep} (${e.status})`);
  }
  return parts.join(' -> ');
}

const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;

export function renderTimeline(t: Timeline): string[] {
  const lines = [row(['phase', 'status', 'time', 'runbook budget']), row(['---', '---', '---', '---'])];
  for (const r of t.rows) {
    lines.push(row([r.phase, r.status + (r.unfinishedAttempts ? ` (${r.unfinishedAttempts} attempt killed)` : ''), humanMs(r.durationMs),
      r.budgetMs !== undefined ? `${humanMs(r.budgetMs)}${r.overBudget ? ' **over**' : ''}` : '—']));
  }
  lines.push(row(['**total**', '', humanMs(t.totalMs), t.totalBudgetMs !== undefined ? `${humanMs(t.totalBudgetMs)} (deploy window)${t.overBudget ? ' **over**' : ''}` : '—']));
  return lines;
}

export function writeDeployReport(dir: string, app: AppId, procedures: readonly ProcedureBudget[], extra: string[] = []): { path: string; story: string; timeline: Timeline } {
  const r = readJournal(dir);
  const t = timeline(r, budgetsFor(app, procedures), DEPLOY_BUDGET_MIN[app]);
  const first = r.plans[0];
  const lines = [
    `# ${first?.kind ?? 'run'} of ${app}${first?.release ? ` ${first.release}` : ''} on ${first?.env ?? '?'} — run ${first?.runId ?? '?'}`,
    '',
    `**Story:** ${story(r)}`,
    '',
    ...extra,
    ...(extra.length ? [''] : []),
    '## Timeline (against the runbook budgets)',
    '',
    ...renderTimeline(t),
    '',
    '## Steps',
    '',
    row(['step', 'status', 'attempts', 'time', 'message']),
    row(['---', '---', '---', '---', '---']),
    ...[...r.steps.values()].map((s) => row([s.stepId, s.state, String(s.attempts), s.durationMs !== undefined ? humanMs(s.durationMs) : '—', s.message ?? ''])),
    '',
    'Evidence: `journal.jsonl` (every step with inputs, outputs, timings and calls), `steps/<step>/` (each step\'s output), `gate-*` (the gate runs, linked).',
    '',
  ];
  const path = join(dir, 'deploy-report.md');
  writeFileSync(path, lines.join('\n'));
  return { path, story: story(r), timeline: t };
}
