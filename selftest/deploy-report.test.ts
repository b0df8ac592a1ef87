/**
 * deploy-report: left-out steps and phases are marked where the runbook has them (FlowComply's
 * Phase 2 "left out", not missing), a gate step's outcome is its decision (not "succeeded"),
 * and a destructive rollback's data line counts the rows lost. Pure; no process started.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replay } from '../src/evidence/journal/replay.ts';
import { deployStory } from '../src/orchestrator/deploy-story.ts';
import { dataLossLine } from '../src/orchestrator/record-state.ts';
import { renderTimeline, timelineLines } from '../src/orchestrator/report.ts';
import { timeline } from '../src/orchestrator/timeline.ts';

const step = (id: string, phase: string) => ({ id, title: id, phase, runbookRef: '', destructive: false, timeoutMs: 60_000 });
const finished = (stepId: string, at: string, outputs: Record<string, unknown>, message = 'ok') => [
  JSON.stringify({ event: 'step-started', at, stepId, attempt: 1, resumed: false, inputs: {} }),
  JSON.stringify({
    event: 'step-finished',
    at,
    stepId,
    attempt: 1,
    status: 'succeeded',
    retriable: false,
    message,
    outputs,
    calls: [],
    startedAt: at,
    durationMs: 1000,
  }),
];

const FC_JOURNAL = [
  JSON.stringify({ kind: 'journal', schemaVersion: 1, createdAt: '2026-12-04T16:00:00.000Z', writer: 'orchestrator', runId: 'r1' }),
  JSON.stringify({
    event: 'plan',
    at: '2026-12-04T16:00:00.000Z',
    runId: 'r1',
    app: 'flowcomply',
    env: 'local',
    release: '1.0.1',
    kind: 'deploy',
    steps: [
      step('fc.pre.db-snapshot', 'Phase 1: Pre-Deployment'),
      step('fc.orch.verify-schema', 'Phase 3: Database Migration'),
      step('fc.deploy.backend', 'Phase 4: Deploy Application'),
      step('fc.orch.gate', 'Phase 5-6: Verification, Monitoring'),
    ],
  }),
  ...finished('fc.pre.db-snapshot', '2026-12-04T16:00:01.000Z', { snapshotId: 'snap-1' }),
  ...finished('fc.orch.verify-schema', '2026-12-04T16:00:02.000Z', { results: { 'fc.deploy.migrations': 'pass', 'fc.deploy.schema': 'pass' } }),
  ...finished('fc.deploy.backend', '2026-12-04T16:00:03.000Z', { release: '1.0.1', revision: 'flowcomply:2' }),
  ...finished(
    'fc.orch.gate',
    '2026-12-04T16:00:04.000Z',
    { decision: 'NO-GO', gateRun: '../x', link: 'gate-fc.orch.gate' },
    'Gate NO-GO: me: "undefined" fails == "string" — /abs/reports/flowcomply/local/x',
  ),
  JSON.stringify({ event: 'run-end', at: '2026-12-04T16:00:05.000Z', decision: 'NO-GO', rollback: { recommendation: 'immediate', reasons: [] }, counts: {} }),
];

test("deploy report: left-out steps and phases in runbook order, the gate step's outcome is its decision, paths relative", () => {
  const r = replay(FC_JOURNAL);
  const s = deployStory(r, 'flowcomply');
  const byId = new Map(s.steps.map((x) => [x.stepId, x]));
  assert.equal(byId.get('fc.orch.build-push')?.ran, 'left out: no command configured');
  assert.equal(byId.get('fc.orch.migrate')?.ran, 'left out: no command configured');
  assert.equal(byId.get('fc.orch.gate')?.ran, 'succeeded');
  assert.equal(byId.get('fc.orch.gate')?.outcome, 'NO-GO', 'the step ran; the release did not pass');
  assert.equal(
    byId.get('fc.orch.gate')?.message,
    'Gate NO-GO: me: missing, expected a string — gate-fc.orch.gate',
    'plain words, and the run named by its link, not an absolute path',
  );
  assert.deepEqual(s.steps.map((x) => x.stepId).slice(0, 6), [
    'fc.orch.preflight',
    'fc.orch.revisions',
    'fc.pre.db-snapshot',
    'fc.orch.build-push',
    'fc.orch.migrate',
    'fc.orch.verify-schema',
  ]);
  assert.equal(s.closing.line, 'now on 1.0.1, flowcomply:2, NO-GO at 16:00:05; snapshot snap-1 kept');
  const t = timeline(r, {}, 180);
  const lines = renderTimeline(t, timelineLines(t, r, 'flowcomply'));
  const phases = lines.slice(2).map((l) => l.split(' | ')[0]!.replace(/^\| /, ''));
  assert.deepEqual(phases.slice(0, 3), ['Phase 1: Pre-Deployment', 'Phase 2: Build & Push', 'Phase 3: Database Migration'], 'Phase 2 in its place');
  assert.match(lines.find((l) => l.includes('Phase 2'))!, /left out: no command configured/);
  assert.match(lines.find((l) => l.includes('Phase 3'))!, /left out: fc\.orch\.migrate: no command configured/);
});

test('data line: no data loss for a code rollback; rows counted from rows-lost.md for a restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'postflight-deploy-report-'));
  try {
    assert.equal(dataLossLine(dir, false, 'snap'), 'no data loss (the database was not touched)');
    assert.match(dataLossLine(dir, true, 'snap'), /data written since it was lost \(rows not counted\)/);
    writeFileSync(
      join(dir, 'rows-lost.md'),
      'Data loss if restored from snap (row counts, live vs snapshot; updated rows are not counted):\n  users: 3 row(s) created since the snapshot would be lost (live 10, snapshot 7)\n  assessments: 1 row(s) created since the snapshot would be lost (live 5, snapshot 4)\n',
    );
    assert.equal(dataLossLine(dir, true, 'snap'), 'lost 4 row(s) written since snap (users 3, assessments 1); needed --confirm-data-loss');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
