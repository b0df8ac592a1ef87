/**
 * `deploy --watch` through the real CLI on the real sandbox: after a GO the deploy hands over to
 * `postflight watch` (short schedule), the deploy report links the watch folder, and a SIGTERM
 * during the watch seals it as `watch` does (exit 143); after a NO-GO nothing is watched; watch
 * flags without --watch are refused (exit 3, nothing done). Starts the sandbox (5-40 s), one
 * deploy + smoke gate each way (~1 min each); ~3 min in all.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startReceiver } from './fixtures/webhook-receiver.ts';

const run = promisify(execFile);
let stateDir = '';
let work = '';
let env: NodeJS.ProcessEnv = {};
const deployArgs = (release: string, out: string) => [
  'bin/postflight.mjs',
  'deploy',
  '--app',
  'financial-rise',
  '--env',
  'local',
  '--release',
  release,
  '--only',
  'smoke',
  '--out',
  out,
];

before(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'pf-deploy-watch-state-'));
  work = await mkdtemp(join(tmpdir(), 'pf-deploy-watch-'));
  env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up'], { env, timeout: 240_000 });
});

after(async () => {
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env, timeout: 120_000 }).catch(() => undefined);
});

test('watch flags without --watch, or a bad --watch-for, are refused before anything runs (exit 3)', async () => {
  const out = join(work, 'refused');
  const refused = await run(process.execPath, [...deployArgs('1.0.0', out), '--watch-for', '10s', '--watch', '--watch-schedule', 'often'], {
    env,
    timeout: 60_000,
  }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => e,
  );
  assert.equal(refused.code, 3);
  assert.match(refused.stderr, /--watch-schedule: "often" is neither runbook nor an interval/);
  const lonely = await run(process.execPath, [...deployArgs('1.0.0', out), '--watch-for', '10s'], { env, timeout: 60_000 }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => e,
  );
  assert.equal(lonely.code, 3);
  assert.match(lonely.stderr, /only with --watch/);
  assert.ok(!existsSync(out), 'nothing was written');
});

test('deploy --watch after a GO hands over to the watch; SIGTERM mid-watch seals it (143); the deploy report links the watch folder', {
  timeout: 300_000,
}, async () => {
  const receiver = await startReceiver();
  const out = join(work, 'go');
  const child = spawn(process.execPath, [...deployArgs('1.0.0', out), '--watch', '--watch-schedule', '5s', '--watch-for', '120s', '--notify', receiver.url], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const done = new Promise<number | null>((r) => child.on('close', r));
  try {
    const until = Date.now() + 240_000;
    while (!/round 1 \(slot/.test(output)) {
      assert.ok(Date.now() < until && child.exitCode === null, `no watch round after the deploy:\n${output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.match(output, /Gate after the deploy: GO/);
    assert.match(output, /Handing over to postflight watch \(5s schedule, for 120s\)/);
    child.kill('SIGTERM');
    const code = await done;
    assert.equal(code, 143, output.slice(-3000));
    const watchDir = /folder (\S+watch\S+)/.exec(output)?.[1];
    assert.ok(watchDir && existsSync(join(watchDir, 'rounds.jsonl')), output.slice(-2000));
    const watchJson = JSON.parse(readFileSync(join(watchDir, 'watch.json'), 'utf8')) as { interruptedBy?: string; rounds: number };
    assert.equal(watchJson.interruptedBy, 'SIGTERM');
    assert.ok(watchJson.rounds >= 1);
    assert.ok(existsSync(join(watchDir, 'manifest.json')), 'the watch folder is sealed');
    const deployDir = /Deploy folder: (\S+)/.exec(output)?.[1] ?? '';
    const report = readFileSync(join(deployDir, 'deploy-report.md'), 'utf8');
    assert.match(
      report,
      /Watch after the GO: \d+ round\(s\), worst \S+, interrupted by SIGTERM; rounds in `\.\.\/\.\.\/\.\.\/\.\.\/watch\/financial-rise\/local\/[^`]+\/rounds\.jsonl`/,
    );
    assert.doesNotMatch(output, /secretpath/, 'the webhook URL never printed');
    console.log(`deploy --watch: exit ${code}, ${watchJson.rounds} round(s) before SIGTERM`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await receiver.close();
  }
});

test('deploy --watch after a NO-GO does not watch: exit 1, no watch folder', { timeout: 300_000 }, async () => {
  const out = join(work, 'nogo');
  // 1.0.1 serves corrupt report PDFs: the smoke gate says NO-GO; without --auto-rollback CI gets the command.
  const result = await run(process.execPath, [...deployArgs('1.0.1', out), '--watch', '--watch-schedule', '5s', '--watch-for', '10s'], {
    env,
    timeout: 280_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => e,
  );
  assert.equal(result.code, 1, result.stdout.slice(-3000));
  assert.match(result.stdout, /--watch: not watching/);
  assert.ok(!existsSync(join(out, 'watch')) || readdirSync(join(out, 'watch')).length === 0, 'no watch folder');
});
