import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRollbackPlan, type ProcedureInfo, type RollbackRequest } from '../src/orchestrator/rollback-plan.ts';
import { PlanError } from '../src/orchestrator/plan.ts';

const proc = (id: string, destructive = false): ProcedureInfo => ({
  id,
  title: `procedure ${id}`,
  runbookSection: `Rollback Procedure ${id}`,
  destructive,
  automatic: true,
  budgetMinutes: { min: 10, max: 15 },
});
const revisions = { backend: 'financial-rise-backend:2', frontend: 'financial-rise-frontend:2' };
const req = (app: RollbackRequest['app'], p: ProcedureInfo, o: Partial<RollbackRequest> = {}): RollbackRequest => ({
  app,
  env: 'production',
  runId: 'r9',
  procedure: p,
  target: { revisions },
  snapshotId: 'pre-deploy-r1',
  restartDesired: 2,
  ...o,
});
const shape = (r: RollbackRequest) =>
  buildRollbackPlan(r).steps.map((s) => (s.action.kind === 'platform' ? s.action.action.kind : s.action.kind) + (s.destructive ? '!' : ''));

const cases: { name: string; req: RollbackRequest; want: string[] }[] = [
  {
    name: 'Financial RISE A: revert both services, invalidate, verify',
    req: req('financial-rise', proc('A')),
    want: ['revert-service', 'revert-service', 'invalidate-cdn', 'gate'],
  },
  {
    name: 'Financial RISE B: stop, restore (destructive), restart, verify',
    req: req('financial-rise', proc('B', true)),
    want: ['scale-service', 'restore-db!', 'scale-service', 'gate'],
  },
  {
    name: 'Financial RISE C: A + B + flush + CDN + verify',
    req: req('financial-rise', proc('C', true)),
    want: ['revert-service', 'revert-service', 'scale-service', 'restore-db!', 'scale-service', 'command', 'invalidate-cdn', 'gate'],
  },
  { name: 'FlowComply option 1: revert both, verify', req: req('flowcomply', proc('option-1')), want: ['revert-service', 'revert-service', 'gate'] },
  {
    name: 'FlowComply option 2: stop, restore, old version, restart, verify',
    req: req('flowcomply', proc('option-2', true)),
    want: ['scale-service', 'restore-db!', 'revert-service', 'revert-service', 'scale-service', 'gate'],
  },
  {
    name: 'a release target redeploys that release',
    req: req('financial-rise', proc('A'), { target: { release: '1.0.0' } }),
    want: ['deploy-service', 'deploy-service', 'invalidate-cdn', 'gate'],
  },
];
for (const c of cases) test(`rollback plan: ${c.name}`, () => assert.deepEqual(shape(c.req), c.want));

test('rollback plan: ids, refs and targets are data a person can follow', () => {
  const p = buildRollbackPlan(req('financial-rise', proc('A')));
  assert.equal(p.kind, 'rollback:A');
  assert.deepEqual(
    p.steps.map((s) => s.id),
    ['fr.rollback.backend', 'fr.rollback.frontend', 'fr.rollback.cdn', 'fr.rollback.verify'],
  );
  assert.equal(p.steps[0]!.runbookRef, 'Rollback Procedure A: Revert Backend');
  assert.deepEqual(p.steps[1]!.action, { kind: 'platform', action: { kind: 'revert-service', service: 'frontend', to: 'financial-rise-frontend:2' } });
});

const refusals: { name: string; req: RollbackRequest; says: RegExp }[] = [
  { name: 'option 3 is never automatic', req: req('flowcomply', proc('option-3', true)), says: /never automatic/ },
  {
    name: 'a procedure the profile marks not automatic',
    req: req('financial-rise', { ...proc('A'), automatic: false }),
    says: /not automatic in the financial-rise profile: follow "Rollback Procedure A" by hand/,
  },
  { name: 'an unknown procedure', req: req('financial-rise', proc('Z')), says: /"Z" is not automated for financial-rise \(automated: A, B, C\)/ },
  { name: 'no target for a revert', req: req('financial-rise', proc('A'), { target: undefined }), says: /--to <release>/ },
  {
    name: 'no snapshot for a restore, no restart count',
    req: req('financial-rise', proc('B', true), { snapshotId: undefined, restartDesired: undefined }),
    says: /no snapshot to restore[\s\S]*count to restart/,
  },
  { name: 'a restore not marked destructive in the profile', req: req('financial-rise', proc('B', false)), says: /does not mark it destructive/ },
];
for (const c of refusals)
  test(`rollback plan refuses: ${c.name}`, () =>
    assert.throws(
      () => buildRollbackPlan(c.req),
      (e: Error) => e instanceof PlanError && c.says.test(e.message),
    ));
