import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult } from '../src/core/types.ts';
import { stagingGateCheck } from '../src/checks/http/staging.ts';
import { renderDeploymentLog } from '../src/evidence/reporters/deployment-log.ts';
import { renderHtml } from '../src/evidence/reporters/html.ts';
import { renderSummary } from '../src/evidence/reporters/summary-md.ts';
import { lastGoBaseline } from '../src/gate/baseline.ts';
import { testContext } from './fixtures/aws/context.ts';

/**
 * Run folders written before procedures were data (and before gate health and the applied
 * policy were recorded) hold the procedure's prose in `rollback.procedure`. Everything that
 * reads an old verdict.json must still work with it.
 */

const PROSE = 'A: revert both ECS services to the previous task definition, invalidate CloudFront, smoke again';
const load = {
  id: 'fr.load.k6',
  app: 'financial-rise',
  phase: 'load',
  title: 't',
  runbookRef: 'r',
  severity: 'major',
  status: 'pass',
  message: 'm',
  assertions: [],
  evidence: [],
  startedAt: '2026-11-25T07:12:01.000Z',
  durationMs: 1,
  attempts: 1,
  flaky: false,
  metrics: { p95Ms: 210 },
} satisfies CheckResult;
const OLD = {
  schemaVersion: 1,
  run: {
    runId: '20261125-071200-ab12',
    app: 'financial-rise',
    appName: 'Financial RISE',
    env: 'staging',
    targets: { apiUrl: 'http://a', webUrl: 'http://w' },
    release: 'v1.4.0',
    startedAt: '2026-11-25T07:12:00.000Z',
    postflightVersion: '0.1.0',
    phases: ['load'],
    finishedAt: '2026-11-25T07:20:30.000Z',
    durationMs: 510_000,
  },
  decision: 'GO',
  rollback: { recommendation: 'consider', procedure: PROSE, reasons: ['r'] },
  reasons: ['ok'],
  counts: { pass: 1, skipped: 0, inconclusive: 0, error: 0, fail: 0 },
  checks: [load],
};

test('old verdict.json: reports render the prose procedure as it is, and no gate-health block', () => {
  assert.ok(renderSummary(OLD as never).includes(`**Procedure:** ${PROSE}`));
  const html = renderHtml(OLD as never);
  assert.ok(html.includes('A: revert both ECS services'), 'the prose procedure is shown as it is');
  assert.ok(!html.includes('gate-health'));
  assert.ok(renderDeploymentLog({ ...OLD, run: { ...OLD.run, app: 'flowcomply' } } as never).includes(`To consider — ${PROSE}`));
});

test('old verdict.json: the baseline and the staging-go check still read it', async () => {
  const root = await mkdtemp(join(tmpdir(), 'postflight-old-'));
  try {
    const runDir = join(root, 'financial-rise', 'staging', OLD.run.runId);
    await mkdir(runDir, { recursive: true });
    await writeFile(join(runDir, 'verdict.json'), JSON.stringify(OLD));
    assert.deepEqual(await lastGoBaseline(join(root, 'financial-rise', 'staging'), 'now'), { p95Ms: 210, runId: OLD.run.runId });
    const base = testContext({ app: 'financial-rise', endpoint: null });
    const ctx = { ...base, reportsRoot: root, runId: 'now', target: { ...base.target, release: 'v1.4.0', staging: { envName: 'staging' } } };
    const result = await stagingGateCheck(ctx, 'fr.pre.staging-go', false);
    assert.equal(result.status, 'pass', result.message);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
