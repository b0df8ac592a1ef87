/**
 * The live console on a real load window: `verify --only load --load-duration 12` through the CLI
 * on the sandbox, stdout a pipe (not a terminal, as in CI): timestamped progress lines with
 * elapsed / total, requests per second, p95 so far, errors and 429s, the last at 12/12 s; no
 * secret printed. Starts the sandbox (5-40 s) and sends 12 s of load; ~1 min.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
let stateDir = '';
let env: NodeJS.ProcessEnv = {};

before(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'pf-live-state-'));
  env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up'], { env, timeout: 240_000 });
});

after(async () => {
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env, timeout: 120_000 }).catch(() => undefined);
});

test('a 12 s load window not on a terminal: timestamped progress lines with every field, the last at 12/12 s', { timeout: 240_000 }, async () => {
  const out = await mkdtemp(join(tmpdir(), 'pf-live-'));
  const { stdout } = await run(
    process.execPath,
    [
      'bin/postflight.mjs',
      'verify',
      '--app',
      'financial-rise',
      '--env',
      'local',
      '--only',
      'load',
      '--load-duration',
      '12',
      '--load-engine',
      'embedded',
      '--out',
      out,
    ],
    { env, timeout: 200_000 },
  );
  const progress = stdout
    .split('\n')
    .filter((l) => /^\[\d\d:\d\d:\d\d\] financial-rise: load \(embedded\)/.test(l))
    .map((l) =>
      /^\[[\d:]+\] financial-rise: load \(embedded\) (\d+)\/12 s · ([\d.]+) req\/s · p95 (\d+|—)( ms)? · errors (\d+) · 429s (\d+) · (\d+) requests$/.exec(l),
    );
  console.log(
    stdout
      .split('\n')
      .filter((l) => /^\[/.test(l))
      .join('\n'),
  );
  assert.ok(progress.length >= 2, `expected progress lines:\n${stdout}`);
  assert.ok(
    progress.every((m) => m),
    `a progress line without every field:\n${stdout}`,
  );
  const last = progress[progress.length - 1]!;
  assert.equal(last[1], '12', 'the end of the window is printed');
  assert.ok(Number(last[7]) > 0 && last[3] !== '—', 'requests counted and a p95 so far');
  assert.ok(progress.length <= 4, 'every ~10 s, not every second');
  const state = JSON.parse(await readFile(join(stateDir, 'sandbox.json'), 'utf8')) as { accounts: Record<string, Record<string, { password: string }>> };
  for (const account of Object.values(state.accounts['financial-rise']!)) assert.ok(!stdout.includes(account.password), 'no password printed');
});
