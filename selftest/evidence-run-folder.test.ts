import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunFolder, envSegment, makeRunId, safeSegment } from '../src/evidence/run-folder.ts';

test('makeRunId: sortable UTC timestamp plus a random suffix', () => {
  assert.equal(
    makeRunId(new Date('2026-11-25T07:12:09.123Z'), () => 'ab12'),
    '20261125-071209-ab12',
  );
  assert.match(makeRunId(), /^\d{8}-\d{6}-[0-9a-f]{4}$/);
});

const SEGMENTS: [string, string, string][] = [
  ['staging', 'staging', 'staging'],
  ['./envs/qa.json', 'qa.json', 'qa'],
  ['../../etc', 'etc', 'etc'],
  ['..', 'unnamed', 'unnamed'],
  ['a b/c:d', 'c-d', 'c-d'],
];
for (const [input, safe, env] of SEGMENTS) {
  test(`safeSegment(${JSON.stringify(input)}) = ${safe}, envSegment = ${env}`, () => {
    assert.equal(safeSegment(input), safe);
    assert.equal(envSegment(input), env);
  });
}

test('createRunFolder: reports/<app>/<env>/<run-id>/, evidence paths relative, nothing outside', async () => {
  const root = await mkdtemp(join(tmpdir(), 'postflight-folder-'));
  try {
    const folder = await createRunFolder({ root, app: 'financial-rise', env: 'staging', now: new Date('2026-01-01T00:00:00Z') });
    assert.match(folder.runId, /^20260101-000000-[0-9a-f]{4}$/);
    assert.equal(folder.dir, join(root, 'financial-rise', 'staging', folder.runId));
    assert.ok((await stat(folder.dir)).isDirectory());
    assert.equal(folder.path('verdict.json'), join(folder.dir, 'verdict.json'));
    const abs = folder.path('evidence', safeSegment('fr.smoke.reports'), safeSegment('consultant report.pdf'));
    const e = { abs, rel: folder.relative(abs) };
    assert.equal(e.rel, 'evidence/fr.smoke.reports/consultant-report.pdf');
    assert.equal(e.abs, join(folder.dir, e.rel));
    assert.equal(folder.relative(join(folder.dir, 'a', 'b.txt')), 'a/b.txt');
    assert.throws(() => folder.relative(join(root, 'elsewhere.txt')), /outside the run folder/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
