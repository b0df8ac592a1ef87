/**
 * Bounded time and right blame, through the real CLI on the real sandbox:
 * - a browser that starts and dies (a stand-in given as CHROME_PATH) makes the browser checks
 *   `error` caused by the gate, with the fix; never NO-GO;
 * - a frozen target (the sandbox process stopped with SIGSTOP while the gate runs) ends within
 *   `--deadline` with `error`s, and nothing the run started (Playwright, Chromium) is left.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { alive, descendants, type Proc } from './fixtures/descendants.ts';

const run = promisify(execFile);
let stateDir = '';
let work = '';
let env: NodeJS.ProcessEnv = {};
let daemonPid = 0;

before(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'pf-bounded-state-'));
  work = await mkdtemp(join(tmpdir(), 'pf-bounded-'));
  env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  delete env.CHROME_PATH;
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up'], { env });
  daemonPid = (JSON.parse(await readFile(join(stateDir, 'sandbox.json'), 'utf8')) as { pid: number }).pid;
});

after(async () => {
  if (daemonPid) {
    try {
      process.kill(daemonPid, 'SIGCONT');
    } catch {
      // already gone
    }
  }
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env }).catch(() => undefined);
});

interface Verify {
  code: number | null;
  stdout: string;
  ms: number;
  seen: Map<number, Proc>;
}

/** Runs `verify`, sampling the processes below it every 200 ms; `onLine` sees stdout lines. */
function verify(
  args: string[],
  extraEnv: NodeJS.ProcessEnv,
  onLine: (line: string) => void = () => {},
  onSample: (procs: Proc[]) => void = () => {},
): Promise<Verify> {
  const started = Date.now();
  const seen = new Map<number, Proc>();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/postflight.mjs', 'verify', ...args], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      for (const line of d.toString().split('\n')) onLine(line);
    });
    child.stderr.on('data', (d: Buffer) => (stdout += d));
    const sample = setInterval(() => {
      const procs = descendants(child.pid!);
      for (const p of procs) seen.set(p.pid, p);
      onSample(procs);
    }, 200);
    const guard = setTimeout(() => child.kill('SIGKILL'), 10 * 60_000);
    child.on('close', (code) => {
      clearInterval(sample);
      clearTimeout(guard);
      resolve({ code, stdout, ms: Date.now() - started, seen });
    });
  });
}

/** The processes the run started that still run (same pid and same command line). */
function leftBehind(seen: Map<number, Proc>): Proc[] {
  return [...seen.values()].filter((p) => alive(p.pid) && descendants(1).some((q) => q.pid === p.pid && q.args === p.args));
}

interface RunReport {
  decision: string;
  checks: Array<{ id: string; status: string; cause?: string; fix?: string; message: string }>;
}

async function report(stdout: string, app: string): Promise<RunReport> {
  const dir = new RegExp(`(\\S*${app}/local/[0-9a-f-]+)/index\\.html`).exec(stdout)?.[1];
  assert.ok(dir, `no run folder for ${app} in:\n${stdout}`);
  const abs = dir.startsWith('/') ? dir : join(process.cwd(), dir);
  return JSON.parse(await readFile(join(abs, 'verdict.json'), 'utf8')) as RunReport;
}

test('a browser that starts and dies: the browser checks are gate errors with the fix, the run is INCONCLUSIVE, never NO-GO', {
  timeout: 300_000,
}, async () => {
  const standin = join(work, 'crashing-chromium');
  await writeFile(
    standin,
    '#!/bin/sh\n# Starts, then dies before it answers, as a broken Chromium does.\nsleep 1\necho "stand-in browser: crashed" >&2\nexit 1\n',
  );
  await chmod(standin, 0o755);
  const out = join(work, 'crash-out');
  const r = await verify(['--app', 'flowcomply', '--env', 'local', '--only', 'smoke', '--out', out], { CHROME_PATH: standin });
  const rep = await report(r.stdout, 'flowcomply');
  const browserChecks = rep.checks.filter((c) => c.status === 'error' && /browserType\.launch/.test(c.message));
  assert.ok(browserChecks.length > 0, `no browser check failed to launch:\n${rep.checks.map((c) => `${c.id} ${c.status} ${c.message}`).join('\n')}`);
  for (const c of browserChecks) {
    assert.equal(c.cause, 'gate', c.id);
    assert.match(c.fix ?? '', /apt-get install chromium|CHROME_PATH/, c.id);
    assert.doesNotMatch(c.message, /npx playwright install/, c.id);
  }
  assert.ok(!rep.checks.some((c) => c.status === 'fail' && c.cause !== 'target'), 'a gate problem is never a target fail');
  assert.notEqual(rep.decision, 'NO-GO', 'a broken browser must not say NO-GO');
  // INCONCLUSIVE = exit 2; needs the verdict rule "gate-caused never makes NO-GO" (core's branch).
  assert.equal(r.code, 2, r.stdout.slice(-2000));
  assert.deepEqual(leftBehind(r.seen), []);
});

test('a frozen target ends within --deadline with errors, and no process of the run is left', { timeout: 300_000 }, async () => {
  const out = join(work, 'frozen-out');
  let frozen = false;
  let smokeSeenAt = 0;
  const deadlineMin = 1;
  const freeze = () => {
    if (frozen) return;
    frozen = true;
    process.kill(daemonPid, 'SIGSTOP');
  };
  // Frozen once the gate is past its preflight and a browser is at work (so the deadline has a
  // Chromium to kill), or 20 s into smoke: the target stops answering mid-run.
  const r = await verify(
    ['--app', 'all', '--env', 'local', '--only', 'smoke,db,monitoring', '--deadline', String(deadlineMin), '--out', out],
    {},
    (line) => void (!smokeSeenAt && /: smoke\.\.\./.test(line) && (smokeSeenAt = Date.now())),
    (procs) => {
      if (smokeSeenAt && (procs.some((p) => /chrom/i.test(p.args)) || Date.now() - smokeSeenAt > 20_000)) freeze();
    },
  );
  try {
    assert.ok(frozen, `the run never reached smoke:\n${r.stdout}`);
    const seconds = r.ms / 1000;
    const kinds = (re: RegExp) => [...r.seen.values()].filter((p) => re.test(p.args)).length;
    console.log(
      `frozen target: verify ended in ${seconds.toFixed(1)} s (deadline ${deadlineMin * 60} s), exit ${r.code}; processes seen below it: ${r.seen.size} (${kinds(/playwright\/(test\/cli|lib\/)/)} Playwright node, ${kinds(/chrom/i)} Chromium)`,
    );
    assert.ok(seconds < deadlineMin * 60 + 45, `took ${seconds} s for a ${deadlineMin} min deadline`);
    assert.ok([1, 2].includes(r.code ?? -1), `exit ${r.code}`);
    for (const app of ['financial-rise', 'flowcomply']) {
      const rep = await report(r.stdout, app);
      const late = rep.checks.filter((c) => c.status === 'error' && /deadline/.test(c.message));
      assert.ok(late.length > 0, `${app}: no check ended on the deadline`);
      for (const c of late) assert.equal(c.cause, 'gate', c.id);
    }
    assert.ok(
      [...r.seen.values()].some((p) => /playwright/.test(p.args)),
      'Playwright ran (the sample saw it)',
    );
    const left = leftBehind(r.seen);
    assert.deepEqual(
      left.map((p) => `${p.pid} ${p.args.slice(0, 120)}`),
      [],
      'processes left behind',
    );
  } finally {
    process.kill(daemonPid, 'SIGCONT');
  }
});
