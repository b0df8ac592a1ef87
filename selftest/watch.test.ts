/**
 * `postflight watch`: the runbooks' cadence as data, state changes (not rounds) notified, a
 * webhook that fails is retried and reported and never stops the watch; and through the real
 * CLI on the real sandbox: a fault switched on mid-watch is notified once (naming the failing
 * check), its removal once as a recovery, every round is in rounds.jsonl with a sealed folder,
 * the exit code is 1. The fault is flipped by the clock (on at 15 s, off at 25 s) through the
 * sandbox's runtime fault switch (no restart). Starts the sandbox (5-40 s) and watches 40 s.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultSpanMs, intervalCadence, parseDuration, roundOffsets, RUNBOOK_CADENCE } from '../src/watch/cadence.ts';
import { notification, transition } from '../src/watch/state.ts';
import { postWebhook } from '../src/watch/webhook.ts';
import { startReceiver } from './fixtures/webhook-receiver.ts';
import { sandboxFault } from '../sandbox/control.ts';

const MIN = 60_000;
const H = 60 * MIN;

test("durations and the runbooks' cadences", () => {
  assert.equal(parseDuration('5s'), 5000);
  assert.equal(parseDuration('15m'), 15 * MIN);
  assert.equal(parseDuration('1.5h'), 1.5 * H);
  for (const bad of ['', '5', 'm', '0s', '-5s', '5x', '5 s s']) assert.equal(parseDuration(bad), undefined, bad);
  const fr = roundOffsets(RUNBOOK_CADENCE['financial-rise'], defaultSpanMs(RUNBOOK_CADENCE['financial-rise']));
  assert.equal(fr.filter((t) => t <= 4 * H).length, 17, 'every 15 min for 4 h: 0, 15, ... 240 min');
  assert.deepEqual(
    fr.filter((t) => t > 4 * H),
    Array.from({ length: 20 }, (_, i) => (5 + i) * H),
    'then hourly to 24 h',
  );
  const fc = roundOffsets(RUNBOOK_CADENCE.flowcomply, defaultSpanMs(RUNBOOK_CADENCE.flowcomply));
  assert.deepEqual(fc.slice(0, 3), [0, 4 * H, 24 * H], 'at once, T+4 h, the next day');
  assert.equal(fc[fc.length - 1], 7 * 24 * H, 'through the first week');
  assert.deepEqual(roundOffsets(intervalCadence(5000), 40_000), [0, 5000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000]);
  assert.deepEqual(roundOffsets(RUNBOOK_CADENCE['financial-rise'], 40 * MIN), [0, 15 * MIN, 30 * MIN], '--for cuts the runbook short');
});

test('a change of state notifies, a round does not: first NO-GO, then the first round that is not', () => {
  const seq = ['GO', 'GO', 'NO-GO', 'NO-GO', 'INCONCLUSIVE', 'NO-GO', 'GO', 'GO'] as const;
  let failing = false;
  const kinds = seq.map((d) => {
    const k = transition(failing, d);
    failing = d === 'NO-GO';
    return k;
  });
  assert.deepEqual(kinds, [undefined, undefined, 'failure', undefined, 'recovery', 'failure', 'recovery', undefined]);
  const n = notification('failure', {
    app: 'financial-rise',
    appName: 'Financial RISE',
    env: 'staging',
    round: 3,
    decision: 'NO-GO',
    failing: ['fr.smoke.health'],
    unmeasured: [],
    folder: '/r/3',
  });
  assert.match(n.text, /NO-GO.*fr\.smoke\.health/);
  assert.match(n.text, /\/r\/3/);
  assert.ok(Array.isArray(n.blocks));
});

test('a webhook answering 500 is retried with backoff and reported, never thrown; 4xx is not retried', async () => {
  const flaky = await startReceiver((hit) => (hit <= 2 ? 500 : 200));
  const down = await startReceiver(() => 500);
  const refused = await startReceiver();
  await refused.close();
  const bad = await startReceiver(() => 400);
  try {
    const sleeps: number[] = [];
    const sleep = async (ms: number) => void sleeps.push(ms);
    const ok = await postWebhook(flaky.url, { text: 'x' }, { sleep });
    assert.equal(ok.delivered, true);
    assert.deepEqual(
      ok.attempts.map((a) => a.status),
      [500, 500, 200],
    );
    assert.deepEqual(sleeps, [500, 1000], 'doubling backoff');
    const no = await postWebhook(down.url, { text: 'x' }, { sleep });
    assert.equal(no.delivered, false);
    assert.equal(no.attempts.length, 4, 'bounded');
    const gone = await postWebhook(refused.url, { text: 'x' }, { sleep });
    assert.equal(gone.delivered, false);
    assert.ok(
      gone.attempts.every((a) => a.error),
      'connection refused is recorded as an error',
    );
    const rejected = await postWebhook(bad.url, { text: 'x' }, { sleep });
    assert.equal(rejected.attempts.length, 1, 'a 400 will not pass on a second try');
    for (const d of [ok, no, gone, rejected]) assert.doesNotMatch(JSON.stringify(d), /secretpath/, 'the webhook path (its secret) is never recorded');
  } finally {
    await Promise.all([flaky.close(), down.close(), bad.close()]);
  }
});

const run = promisify(execFile);
let stateDir = '';
let work = '';
let env: NodeJS.ProcessEnv = {};

before(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'pf-watch-state-'));
  work = await mkdtemp(join(tmpdir(), 'pf-watch-'));
  env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up'], { env, timeout: 240_000 });
});

after(async () => {
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env, timeout: 120_000 }).catch(() => undefined);
});

interface RoundLine {
  round: number;
  startedAt: string;
  decision: string;
  failing: string[];
  folder: string;
  notified?: { kind: string; deliveries: Array<{ to: string; delivered: boolean; attempts: Array<{ status?: number }> }> };
}

test('watch --schedule 5s --for 40s: fault on at 15 s, off at 25 s by the clock: one failure naming the check, one recovery, every round recorded; exit 1', {
  timeout: 180_000,
}, async () => {
  const receiver = await startReceiver();
  const broken = await startReceiver(() => 500);
  const out = join(work, 'out');
  const child = spawn(
    process.execPath,
    [
      'bin/postflight.mjs',
      'watch',
      '--app',
      'financial-rise',
      '--env',
      'local',
      '--schedule',
      '5s',
      '--for',
      '40s',
      '--notify',
      receiver.url,
      '--notify',
      broken.url,
      '--out',
      out,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let watchStart = 0;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
    // The watch's clock starts when it names its folder (runWatch logs it right after taking it).
    if (!watchStart && /folder \S+/.test(stdout)) watchStart = Date.now();
  });
  child.stderr.on('data', (d: Buffer) => (stdout += d));
  const done = new Promise<number | null>((r) => child.on('close', r));
  let stopBalancer = () => {};
  const watchDir = () => /folder (\S+)/.exec(stdout)?.[1];
  const rounds = (): RoundLine[] => {
    const f = watchDir();
    return f && existsSync(join(f, 'rounds.jsonl'))
      ? readFileSync(join(f, 'rounds.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as RoundLine)
      : [];
  };
  const at = async (offsetMs: number) => {
    while (!watchStart) {
      assert.ok(child.exitCode === null, `the watch never started:\n${stdout.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, watchStart + offsetMs - Date.now())));
  };
  try {
    // Meanwhile, through the CLI: a fault that acts only at start is refused (exit 3), nothing flipped.
    const refused = await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'fault', '--app', 'financial-rise', '--on', 'fr:report-slow'], {
      env,
      timeout: 60_000,
    }).then(
      () => 0,
      (e: { code?: number; stderr?: string }) => (assert.match(e.stderr ?? '', /acts when the app starts/), e.code),
    );
    assert.equal(refused, 3);
    const flips: string[] = [];
    const flip = async (on: boolean) => {
      const t = Date.now();
      const app = await sandboxFault(stateDir, 'financial-rise', 'fr:health-down', on);
      flips.push(`${on ? 'on' : 'off'} at ${((t - watchStart) / 1000).toFixed(1)} s in ${Date.now() - t} ms`);
      assert.equal(app.faults.includes('fr:health-down'), on);
      assert.ok(Date.now() - t < 1000, 'the switch lands in well under a second (no restart)');
    };
    // As in production, a load balancer checks health every second: while the fault is on its
    // 503s are ERROR lines in the app log, so a round that starts before 15 s and probes health
    // just before the switch still sees the fault in the log lines since the previous round.
    const api = (JSON.parse(readFileSync(join(stateDir, 'sandbox.json'), 'utf8')) as { apps: Record<string, { apiUrl: string }> }).apps['financial-rise']!
      .apiUrl;
    const balancer = setInterval(() => void fetch(`${api}/api/v1/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined), 1000);
    stopBalancer = () => clearInterval(balancer);
    await at(15_000);
    await flip(true);
    await at(25_000);
    await flip(false);
    const code = await done;
    stopBalancer();
    const all = rounds();
    console.log(
      `watch: exit ${code}; fault ${flips.join(', ')}; rounds ${all.map((r) => `${r.round}@${((Date.parse(r.startedAt) - watchStart) / 1000).toFixed(0)}s:${r.decision}${r.failing.length ? `(${r.failing.join('+')})` : ''}`).join(' ')}; receiver got ${receiver.received.length}, the 500 receiver was hit ${broken.hits} time(s)`,
    );
    assert.equal(code, 1, stdout.slice(-3000));
    const failures = receiver.received.filter((m) => /NO-GO/.test(m.text));
    const recoveries = receiver.received.filter((m) => /recovered/.test(m.text));
    assert.equal(failures.length, 1, JSON.stringify(receiver.received));
    // Named: the health check, or the log lines of the balancer's failed health checks (both are the fault).
    assert.match(failures[0]!.text, /fr\.smoke\.(health|logs-clean)/);
    const failing = new Set(all.flatMap((r) => r.failing));
    assert.ok(
      [...failing].every((id) => ['fr.smoke.health', 'fr.smoke.logs-clean'].includes(id)),
      [...failing].join(', '),
    );
    assert.equal(recoveries.length, 1, JSON.stringify(receiver.received));
    assert.equal(receiver.received.length, 2);
    // The receiver that answers 500: retried, reported in the round's line, the watch went on.
    const notified = all.filter((r) => r.notified);
    assert.equal(notified.length, 2);
    for (const r of notified) {
      const failed = r.notified!.deliveries.find((d) => !d.delivered)!;
      assert.deepEqual(
        failed.attempts.map((a) => a.status),
        [500, 500, 500, 500],
      );
      assert.ok(r.notified!.deliveries.some((d) => d.delivered));
    }
    // Every round is in the file, numbered, each with a sealed run folder.
    assert.ok(all.length >= 3, `too few rounds: ${all.length}`);
    assert.deepEqual(
      all.map((r) => r.round),
      all.map((_, i) => i + 1),
    );
    for (const r of all) assert.ok(existsSync(join(watchDir()!, r.folder, 'manifest.json')), `round ${r.round} not sealed`);
    const watchJson = JSON.parse(await readFile(join(watchDir()!, 'watch.json'), 'utf8')) as { rounds: number; worst: string };
    assert.equal(watchJson.rounds, all.length);
    assert.equal(watchJson.worst, 'NO-GO');
    assert.doesNotMatch(stdout + readFileSync(join(watchDir()!, 'rounds.jsonl'), 'utf8'), /secretpath/, 'the webhook URL never printed or recorded');
  } finally {
    stopBalancer();
    if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all([receiver.close(), broken.close()]);
  }
});
