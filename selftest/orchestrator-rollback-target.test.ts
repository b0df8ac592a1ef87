import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rollbackTarget, type PastRun, type RollbackTargetInput } from '../src/orchestrator/rollback-target.ts';

const run = (runId: string, release: string | undefined, decision: PastRun['decision'], finishedAt: string, o: Partial<PastRun> = {}): PastRun => ({
  runId,
  app: 'financial-rise',
  env: 'production',
  ...(release ? { release } : {}),
  decision,
  finishedAt,
  ...o,
});
const before = { backend: 'financial-rise-backend:7', frontend: 'financial-rise-frontend:7' };
const input = (history: PastRun[], o: Partial<RollbackTargetInput> = {}): RollbackTargetInput => ({
  app: 'financial-rise',
  env: 'production',
  failing: '1.3.0',
  history,
  recordedBefore: before,
  ...o,
});

const cases: { name: string; input: RollbackTargetInput; want: string }[] = [
  {
    name: 'the last GO release',
    input: input([run('a', '1.0.0', 'GO', '2026-11-01T00:00:00Z'), run('b', '1.1.0', 'GO', '2026-11-10T00:00:00Z')]),
    want: 'release 1.1.0 from b',
  },
  {
    name: 'two failed deploys in a row: back to the last GO, not to the first failure',
    input: input([run('a', '1.1.0', 'GO', '2026-11-10T00:00:00Z'), run('b', '1.2.0', 'NO-GO', '2026-11-20T00:00:00Z')]),
    want: 'release 1.1.0 from a',
  },
  {
    name: 'INCONCLUSIVE never counts as GO',
    input: input([run('a', '1.0.0', 'GO', '2026-11-01T00:00:00Z'), run('b', '1.2.0', 'INCONCLUSIVE', '2026-11-20T00:00:00Z')]),
    want: 'release 1.0.0 from a',
  },
  {
    name: 'a GO on staging says nothing about production',
    input: input([run('s', '1.2.0', 'GO', '2026-11-20T00:00:00Z', { env: 'staging' })]),
    want: 'revisions financial-rise-backend:7',
  },
  {
    name: 'a GO of the other app does not count',
    input: input([run('f', '2.0.0', 'GO', '2026-11-20T00:00:00Z', { app: 'flowcomply' })]),
    want: 'revisions financial-rise-backend:7',
  },
  {
    name: 'the failing release itself (an earlier GO of it) is not a target',
    input: input([run('a', '1.0.0', 'GO', '2026-11-01T00:00:00Z'), run('b', 'v1.3.0', 'GO', '2026-11-15T00:00:00Z')]),
    want: 'release 1.0.0 from a',
  },
  {
    name: 'a GO run without a release cannot be a target',
    input: input([run('a', undefined, 'GO', '2026-11-20T00:00:00Z')]),
    want: 'revisions financial-rise-backend:7',
  },
  {
    name: 'history out of order: the latest finishedAt wins',
    input: input([run('b', '1.1.0', 'GO', '2026-11-10T00:00:00Z'), run('a', '1.0.0', 'GO', '2026-11-01T00:00:00Z')]),
    want: 'release 1.1.0 from b',
  },
  { name: 'no history, no record: nothing to guess, ask for --to', input: input([], { recordedBefore: {} }), want: 'none' },
];

for (const c of cases) {
  test(`rollback target: ${c.name}`, () => {
    const t = rollbackTarget(c.input);
    const got = t.kind === 'release' ? `release ${t.release} from ${t.fromRun}` : t.kind === 'revisions' ? `revisions ${t.revisions.backend}` : 'none';
    assert.equal(got, c.want, t.reason);
    if (t.kind === 'none') assert.match(t.reason, /--to <release>/);
  });
}
