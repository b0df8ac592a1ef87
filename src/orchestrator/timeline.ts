import type { Replayed } from '../evidence/journal/replay.ts';
import type { StepStatus } from '../evidence/journal/schema.ts';

/**
 * The timeline of a run, from its journal alone: each phase's time against the runbook's own
 * budget (Financial RISE: 90 min window, Phase 1 30 min, ...; procedure A 10-15 min, ...).
 * Pure; the report renders it. Time of an attempt killed mid-step is unknown (no
 * `step-finished`) and is left out rather than guessed; the row says so.
 */

export interface TimelineRow {
  phase: string;
  steps: string[];
  /** Sum of the finished attempts' durations. */
  durationMs: number;
  budgetMs?: number;
  overBudget: boolean;
  /** Worst outcome of the phase's steps (`in-flight` = the run died there). */
  status: StepStatus | 'in-flight' | 'not run';
  /** Attempts that never finished (killed): their time is not counted. */
  unfinishedAttempts: number;
}

export interface Timeline {
  rows: TimelineRow[];
  totalMs: number;
  totalBudgetMs?: number;
  overBudget: boolean;
}

const RANK: Record<TimelineRow['status'], number> = { 'not run': 0, succeeded: 1, 'in-flight': 2, error: 3, failed: 4 };

export function timeline(r: Replayed, budgetsMin: Readonly<Record<string, number>> = {}, totalBudgetMin?: number): Timeline {
  const planned = r.plans.length ? r.plans.flatMap((p) => p.steps) : [...r.steps.keys()].map((id) => ({ id, phase: 'steps' }));
  const rows = new Map<string, TimelineRow>();
  for (const s of planned) {
    const row = rows.get(s.phase) ?? { phase: s.phase, steps: [], durationMs: 0, overBudget: false, status: 'not run' as const, unfinishedAttempts: 0 };
    row.steps.push(s.id);
    const rec = r.steps.get(s.id);
    if (rec && RANK[rec.state] > RANK[row.status]) row.status = rec.state;
    rows.set(s.phase, row);
  }
  const phaseOf = new Map(planned.map((s) => [s.id, s.phase]));
  const starts = new Map<string, number>();
  for (const e of r.events) {
    if (e.event === 'step-started') starts.set(e.stepId, (starts.get(e.stepId) ?? 0) + 1);
    if (e.event !== 'step-finished') continue;
    const row = rows.get(phaseOf.get(e.stepId) ?? '');
    if (row) row.durationMs += e.durationMs;
    starts.set(e.stepId, (starts.get(e.stepId) ?? 1) - 1);
  }
  for (const [id, open] of starts) {
    const row = rows.get(phaseOf.get(id) ?? '');
    if (row && open > 0) row.unfinishedAttempts += open;
  }
  for (const row of rows.values()) {
    const budget = budgetsMin[row.phase];
    if (budget !== undefined) {
      row.budgetMs = budget * 60_000;
      row.overBudget = row.durationMs > row.budgetMs;
    }
  }
  const totalMs = [...rows.values()].reduce((s, x) => s + x.durationMs, 0);
  const totalBudgetMs = totalBudgetMin !== undefined ? totalBudgetMin * 60_000 : undefined;
  return {
    rows: [...rows.values()],
    totalMs,
    ...(totalBudgetMs !== undefined ? { totalBudgetMs } : {}),
    overBudget: totalBudgetMs !== undefined && totalMs > totalBudgetMs,
  };
}
