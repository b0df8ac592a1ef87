import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryJournal } from '../src/evidence/journal/file.ts';
import { replay } from '../src/evidence/journal/replay.ts';
import { runPlan } from '../src/orchestrator/engine.ts';
import { DEPLOY_BUDGET_MIN, DEPLOY_PHASES, PHASE_BUDGET_MIN } from '../src/orchestrator/deploy-phases.ts';
import { timeline } from '../src/orchestrator/timeline.ts';
import type { Step } from '../src/orchestrator/step.ts';
import { failed, succeeded } from '../src/platforms/outcome.ts';
import { virtualClock } from './fixtures/orchestrator/virtual-clock.ts';

const MIN = 60_000;
const step = (id: string, phase: string, minutes: number, ok = true): Step => ({
  id,
  title: id,
  phase,
  runbookRef: id,
  destructive: false,
  timeoutMs: 120 * MIN,
  inputs: {},
  plannedCalls: [],
  run: async (ctx) => {
    await ctx.clock.sleep(minutes * MIN);
    return ok ? succeeded('ok') : failed('no');
  },
});

test('timeline: each phase against the runbook budget, the whole run against the window', async () => {
  const journal = memoryJournal();
  const steps = [
    step('fr.deploy.db-snapshot', 'Phase 1: Database Migration', 12),
    step('fr.orch.migrate', 'Phase 1: Database Migration', 10),
    step('fr.deploy.backend', 'Phase 2: Backend Deployment', 25),
    step('fr.deploy.frontend', 'Phase 3: Frontend Deployment', 5, false),
    step('fr.deploy.cdn', 'Phase 3: Frontend Deployment', 1),
  ];
  await runPlan(
    { runId: 'r1', kind: 'deploy', app: 'financial-rise', env: 'production', release: '1.1.0', steps },
    { journal, clock: virtualClock(), resumeCommand: 'x' },
  );
  const t = timeline(replay(journal.all()), PHASE_BUDGET_MIN['financial-rise'], DEPLOY_BUDGET_MIN['financial-rise']);
  const rows = Object.fromEntries(t.rows.map((r) => [r.phase, r]));
  assert.equal(rows['Phase 1: Database Migration']!.durationMs, 22 * MIN);
  assert.equal(rows['Phase 1: Database Migration']!.overBudget, false);
  assert.equal(rows['Phase 2: Backend Deployment']!.overBudget, true, "25 min against the runbook's 20");
  assert.equal(rows['Phase 3: Frontend Deployment']!.status, 'failed');
  assert.deepEqual(rows['Phase 3: Frontend Deployment']!.steps, ['fr.deploy.frontend', 'fr.deploy.cdn']);
  assert.equal(t.totalMs, 52 * MIN);
  assert.equal(t.totalBudgetMs, 90 * MIN);
  assert.equal(t.overBudget, false);
});

test('timeline: an attempt killed mid-step is counted as unfinished, not guessed', () => {
  const L = (o: object) => JSON.stringify(o);
  const lines = [
    L({ kind: 'journal', schemaVersion: 1, createdAt: 'x', writer: 'orchestrator' }),
    L({
      event: 'plan',
      at: 'x',
      runId: 'r',
      app: 'flowcomply',
      env: 'p',
      kind: 'deploy',
      steps: [{ id: 'fc.pre.db-snapshot', title: '', phase: 'Phase 1: Pre-Deployment', runbookRef: '', destructive: false, timeoutMs: 1 }],
    }),
    L({ event: 'step-started', at: 'x', stepId: 'fc.pre.db-snapshot', attempt: 1, resumed: false, inputs: {} }),
    L({ event: 'step-started', at: 'x', stepId: 'fc.pre.db-snapshot', attempt: 2, resumed: true, inputs: {} }),
    L({
      event: 'step-finished',
      at: 'x',
      stepId: 'fc.pre.db-snapshot',
      attempt: 2,
      status: 'succeeded',
      retriable: false,
      message: '',
      outputs: {},
      calls: [],
      startedAt: 'x',
      durationMs: 3 * MIN,
    }),
  ];
  const [row] = timeline(replay(lines), PHASE_BUDGET_MIN.flowcomply).rows;
  assert.equal(row!.unfinishedAttempts, 1);
  assert.equal(row!.durationMs, 3 * MIN);
  assert.equal(row!.budgetMs, 60 * MIN);
});

test("every phase named in the budgets is a phase of the app's deploy steps", () => {
  for (const app of ['financial-rise', 'flowcomply'] as const) {
    const phases = new Set(DEPLOY_PHASES[app].map((s) => s.phase));
    for (const p of Object.keys(PHASE_BUDGET_MIN[app])) assert.ok(phases.has(p), `${app}: budget for unknown phase "${p}"`);
  }
});
