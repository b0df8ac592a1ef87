/**
 * Cancellation as CI does it (SIGINT / SIGTERM): the first signal is an early deadline (tools
 * stopped, unfinished checks `error` "interrupted" caused by the gate, verdict written, folder
 * sealed, exit 130 / 143); a second one ends the process at once.
 * - the signal hub and the deadline's messages, as pure logic;
 * - through the real CLI on the real sandbox: SIGTERM 4 s into `verify --app all` (and again
 *   while the browsers run) ends within 15 s with exit 143, a sealed INCONCLUSIVE folder per app
 *   naming the interrupted checks, and no process of the run left. Starts the sandbox (~40 s).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createInterruptHub, Interrupted } from '../src/host/interrupt.ts';
import { deadlineFix, deadlineMessage, INTERRUPTED_FIX, startDeadline } from '../src/gate/deadline.ts';
import { alive, descendants, type Proc } from './fixtures/descendants.ts';

test('first signal aborts every claim with the reason; the second ends at once with 128 + signal', () => {
  const exits: number[] = [];
  const hub = createInterruptHub(
    (code) => exits.push(code),
    () => {},
  );
  const claim = hub.claim();
  hub.deliver('SIGTERM');
  assert.equal(exits.length, 0, 'a claimed first signal does not exit');
  assert.ok(claim.signal.aborted);
  assert.ok(claim.signal.reason instanceof Interrupted);
  assert.equal(claim.received()?.exitCode, 143);
  hub.deliver('SIGINT');
  assert.deepEqual(exits, [130]);
});

test('with no claim a signal ends at once, unless the command is one that will claim it', () => {
  const exits: number[] = [];
  createInterruptHub(
    (code) => exits.push(code),
    () => {},
  ).deliver('SIGINT');
  assert.deepEqual(exits, [130]);
  const graceful = createInterruptHub(
    (code) => exits.push(code),
    () => {},
    true,
  );
  graceful.deliver('SIGTERM');
  assert.deepEqual(exits, [130], 'kept for the claim to come');
  const late = graceful.claim();
  assert.ok(late.signal.aborted, 'a claim made after the signal starts aborted');
  assert.equal(late.received()?.signalName, 'SIGTERM');
});

test('an interrupt is an early deadline whose messages say "interrupted", not the time limit', () => {
  const source = new AbortController();
  const d = startDeadline(20, 'the default', Date.now(), source.signal);
  assert.ok(!d.signal.aborted);
  source.abort(new Interrupted('SIGTERM'));
  assert.ok(d.signal.aborted);
  assert.match(deadlineMessage(d, true), /^interrupted: .*SIGTERM.*tools were stopped/);
  assert.match(deadlineMessage(d, false), /^interrupted: .*before this phase could start/);
  assert.equal(deadlineFix(d), INTERRUPTED_FIX);
  d.dispose();
  const plain = startDeadline(20, 'the default');
  assert.match(deadlineMessage(plain, true), /deadline of 20 min/);
  plain.dispose();
});

const run = promisify(execFile);
let stateDir = '';
let work = '';
let env: NodeJS.ProcessEnv = {};

before(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'pf-interrupt-state-'));
  work = await mkdtemp(join(tmpdir(), 'pf-interrupt-'));
  env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up'], { env, timeout: 240_000 });
});

after(async () => {
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env, timeout: 120_000 }).catch(() => undefined);
});

interface Interrupted_ {
  code: number | null;
  out: string;
  afterSignalMs: number;
  seen: Map<number, Proc>;
}

/** Runs `verify`, sending `sig` when `when` says so; samples the processes below it. */
function interruptedVerify(args: string[], sig: NodeJS.Signals, when: (elapsedMs: number, procs: Proc[]) => boolean): Promise<Interrupted_> {
  const started = Date.now();
  const seen = new Map<number, Proc>();
  let signalledAt = 0;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/postflight.mjs', 'verify', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    const sample = setInterval(() => {
      const procs = descendants(child.pid!);
      for (const p of procs) seen.set(p.pid, p);
      if (!signalledAt && when(Date.now() - started, procs)) {
        signalledAt = Date.now();
        child.kill(sig);
      }
    }, 100);
    const guard = setTimeout(() => child.kill('SIGKILL'), 5 * 60_000);
    child.on('close', (code) => {
      clearInterval(sample);
      clearTimeout(guard);
      resolve({ code, out, afterSignalMs: signalledAt ? Date.now() - signalledAt : -1, seen });
    });
  });
}

const stillRunning = (seen: Map<number, Proc>) =>
  [...seen.values()].filter((p) => alive(p.pid) && descendants(1).some((q) => q.pid === p.pid && q.args === p.args));

/**
 * What the run left running. Kill signals were sent before the gate exited, but a Chromium's
 * zygote and GPU processes take a moment to go after their parent: up to 3 s is allowed.
 */
function leftBehind(seen: Map<number, Proc>): Proc[] {
  const until = Date.now() + 3000;
  let left = stillRunning(seen);
  while (left.length && Date.now() < until) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    left = stillRunning(seen);
  }
  return left;
}

async function assertSealedInconclusive(r: Interrupted_, signalName: string): Promise<void> {
  for (const app of ['financial-rise', 'flowcomply']) {
    const dir = new RegExp(`${app}: INCONCLUSIVE\\s+(\\S+)`).exec(r.out)?.[1];
    assert.ok(dir, `${app}: no INCONCLUSIVE folder printed:\n${r.out.slice(-3000)}`);
    assert.ok(existsSync(join(dir, 'manifest.json')), `${app}: folder not sealed (no manifest.json)`);
    const verdict = JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8')) as {
      decision: string;
      checks: Array<{ id: string; status: string; cause?: string; message: string }>;
      reasons: string[];
    };
    assert.equal(verdict.decision, 'INCONCLUSIVE');
    const stopped = verdict.checks.filter((c) => new RegExp(`^interrupted: .*${signalName}`).test(c.message));
    assert.ok(stopped.length > 0, `${app}: no check says it was interrupted`);
    for (const c of stopped) {
      assert.equal(c.status, 'error', c.id);
      assert.equal(c.cause, 'gate', c.id);
    }
    assert.ok(
      verdict.reasons.some((reason) => reason.includes(stopped[0]!.id)),
      `${app}: the verdict's reasons do not name ${stopped[0]!.id}`,
    );
  }
}

test('SIGTERM 4 s into verify --app all: exit 143 within 15 s, sealed INCONCLUSIVE folders, nothing left', { timeout: 300_000 }, async () => {
  const r = await interruptedVerify(['--app', 'all', '--env', 'local', '--out', join(work, 'at-4s')], 'SIGTERM', (ms) => ms >= 4000);
  console.log(`SIGTERM at 4 s: exit ${r.code} ${(r.afterSignalMs / 1000).toFixed(1)} s after the signal; ${r.seen.size} process(es) seen below it`);
  assert.equal(r.code, 143, r.out.slice(-3000));
  assert.ok(r.afterSignalMs < 15_000, `took ${r.afterSignalMs} ms`);
  await assertSealedInconclusive(r, 'SIGTERM');
  assert.deepEqual(
    leftBehind(r.seen).map((p) => `${p.pid} ${p.args.slice(0, 100)}`),
    [],
  );
});

test('SIGINT while the browsers run: exit 130 within 15 s, sealed INCONCLUSIVE folders, no Chromium or Playwright left', { timeout: 300_000 }, async () => {
  let browserSince = 0;
  const r = await interruptedVerify(['--app', 'all', '--env', 'local', '--only', 'smoke,perf', '--out', join(work, 'browsers')], 'SIGINT', (ms, procs) => {
    if (!browserSince && procs.some((p) => /chrom/i.test(p.args))) browserSince = ms;
    return (browserSince > 0 && ms - browserSince > 1500) || ms > 90_000;
  });
  const kinds = (re: RegExp) => [...r.seen.values()].filter((p) => re.test(p.args)).length;
  console.log(
    `SIGINT with browsers: exit ${r.code} ${(r.afterSignalMs / 1000).toFixed(1)} s after the signal; seen ${kinds(/chrom/i)} Chromium, ${kinds(/playwright/)} Playwright`,
  );
  assert.equal(r.code, 130, r.out.slice(-3000));
  assert.ok(r.afterSignalMs < 15_000, `took ${r.afterSignalMs} ms`);
  await assertSealedInconclusive(r, 'SIGINT');
  assert.deepEqual(
    leftBehind(r.seen).map((p) => `${p.pid} ${p.args.slice(0, 100)}`),
    [],
  );
});

test('SIGTERM to deploy during its gate step: the gate stops and seals INCONCLUSIVE, no further step, exit 143', { timeout: 300_000 }, async () => {
  const out = join(work, 'deploy');
  const started = Date.now();
  let signalledAt = 0;
  const child = spawn(process.execPath, ['bin/postflight.mjs', 'deploy', '--app', 'financial-rise', '--env', 'local', '--release', '1.0.0', '--out', out], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const seen = new Map<number, Proc>();
  const sample = setInterval(() => {
    for (const p of descendants(child.pid!)) seen.set(p.pid, p);
    // Two seconds into the gate step (its tools at work), or a guard at 3 min.
    if (!signalledAt && (/gate: smoke/.test(text) || Date.now() - started > 180_000)) {
      signalledAt = Date.now() + 2000;
      setTimeout(() => child.kill('SIGTERM'), 2000);
    }
  }, 100);
  child.stdout.on('data', (d: Buffer) => (text += d));
  child.stderr.on('data', (d: Buffer) => (text += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  clearInterval(sample);
  const afterMs = Date.now() - signalledAt;
  console.log(`deploy: exit ${code} ${(afterMs / 1000).toFixed(1)} s after SIGTERM`);
  assert.equal(code, 143, text.slice(-3000));
  assert.ok(afterMs < 15_000, `took ${afterMs} ms`);
  const gateDir = /fr\.orch\.gate: Gate INCONCLUSIVE .* — (\S+)/.exec(text)?.[1];
  assert.ok(gateDir, `the gate step did not end INCONCLUSIVE:\n${text.slice(-3000)}`);
  assert.ok(existsSync(join(gateDir, 'manifest.json')), 'gate folder sealed');
  const verdict = JSON.parse(await readFile(join(gateDir, 'verdict.json'), 'utf8')) as { checks: Array<{ message: string; cause?: string }> };
  assert.ok(verdict.checks.some((c) => /^interrupted: .*SIGTERM/.test(c.message) && c.cause === 'gate'));
  assert.deepEqual(
    leftBehind(seen).map((p) => `${p.pid} ${p.args.slice(0, 100)}`),
    [],
  );
});
