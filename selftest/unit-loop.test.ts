/**
 * The fast loop keeps its promise: selftest/unit-files.ts names real self-test files, and the
 * guard `npm run test:unit` loads fails a file that starts a process or opens a server, even
 * when the test swallows the error. (This file spawns node, so it runs only in `npm test`.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UNIT_FILES } from './unit-files.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GUARD = join(ROOT, 'selftest/fixtures/no-process-guard.mjs');

test('the unit list names existing self-test files, once each, in order', () => {
  for (const file of UNIT_FILES) {
    assert.match(file, /^selftest\/.+\.test\.ts$/, file);
    assert.ok(existsSync(join(ROOT, file)), `${file} is listed in selftest/unit-files.ts but does not exist`);
  }
  assert.equal(new Set(UNIT_FILES).size, UNIT_FILES.length, 'a file is listed twice');
  assert.deepEqual([...UNIT_FILES], [...UNIT_FILES].sort(), 'keep selftest/unit-files.ts sorted');
  assert.ok(!UNIT_FILES.includes('selftest/unit-loop.test.ts'), 'this file spawns node: it is no unit file');
});

/** Runs one test file the way `npm run test:unit` does: tsx, the guard, node's test runner. */
function runGuarded(source: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pf-unit-guard-'));
  try {
    const file = join(dir, 'probe.test.ts');
    writeFileSync(file, source);
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT; // else the runner below would think it is a test file itself
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--import', GUARD, '--test', file], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    return { status: res.status, output: `${res.stdout}\n${res.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a file that starts nothing passes under the guard', () => {
  const run = runGuarded("import { test } from 'node:test';\nconst n: number = 2;\ntest('pure', () => { if (n + n !== 4) throw new Error('math'); });\n");
  assert.equal(run.status, 0, run.output);
});

test('a file that spawns a process fails, even if the test catches the error', () => {
  const run = runGuarded(
    "import { test } from 'node:test';\nimport { spawnSync } from 'node:child_process';\ntest('swallows', () => { try { spawnSync('true'); } catch {} });\n",
  );
  assert.notEqual(run.status, 0, run.output);
  assert.match(run.output, /no-process guard: this file started a child process \(spawnSync true\)/);
});

test('a file that opens a server fails', () => {
  const run = runGuarded(
    "import { test } from 'node:test';\nimport { createServer } from 'node:http';\ntest('listens', async () => { createServer().listen(0); });\n",
  );
  assert.notEqual(run.status, 0, run.output);
  assert.match(run.output, /unit test started a server/);
});
