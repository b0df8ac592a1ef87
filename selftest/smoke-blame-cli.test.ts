/**
 * Right blame, through the real CLI against the sandbox (one sandbox for the three runs):
 * - `--retries 1` with a broken report endpoint: the retried serial flow reads its own
 *   invitation, so the report check (Smoke 6) fails and Smoke 4/5 pass, not flaky;
 * - login broken: one check fails (Smoke 3, whose login step broke) and the checks that log
 *   in are skipped naming it;
 * - the gate's own smoke account locked: `error` caused by the gate, with the fix; never NO-GO;
 * - health failing (FlowComply without Redis) or timing out (the app process frozen with
 *   SIGSTOP): the checks behind it are skipped at once naming it, not each after its timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sandboxDeploy } from '../sandbox/control.ts';
import type { CheckResult } from '../src/core/types.ts';

const run = promisify(execFile);

async function verify(
  env: NodeJS.ProcessEnv,
  out: string,
  extra: string[] = [],
  app = 'financial-rise',
  whenStarted?: () => Promise<void>,
): Promise<{ code: number; decision: string; checks: Map<string, CheckResult> }> {
  const args = ['bin/postflight.mjs', 'verify', '--app', app, '--env', 'local', '--only', 'smoke', '--out', out, '--json', ...extra];
  const running = run(process.execPath, args, { env, maxBuffer: 16 << 20 });
  await whenStarted?.();
  const { code, stdout } = await running.then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  const [verdict] = JSON.parse(stdout) as Array<{ decision: string; runDir: string }>;
  const results = JSON.parse(await readFile(join(verdict.runDir, 'smoke-results.json'), 'utf8')) as CheckResult[];
  return { code, decision: verdict.decision, checks: new Map(results.map((r) => [r.id, r])) };
}

test('blame lands on the check that broke: retried flow, broken login, locked smoke account', { timeout: 400_000 }, async (t) => {
  const stateDir = await mkdtemp(join(tmpdir(), 'postflight-blame-'));
  const out = join(stateDir, 'reports');
  const env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up'], { env });
  try {
    await t.test('--retries 1 with report generation broken blames Smoke 6, not Smoke 5', async () => {
      await sandboxDeploy(stateDir, 'financial-rise', '1.0.0', ['fr:report-failed']);
      const { decision, checks } = await verify(env, out, ['--retries', '1']);
      assert.equal(decision, 'NO-GO');
      const reports = checks.get('fr.smoke.reports')!;
      assert.equal(reports.status, 'fail', reports.message);
      assert.equal(reports.attempts, 2);
      for (const id of ['fr.smoke.assessment-create', 'fr.smoke.assessment-complete']) {
        const r = checks.get(id)!;
        assert.equal(r.status, 'pass', `${id}: ${r.message}`);
        assert.equal(r.attempts, 2, `${id} reran with its flow`);
        assert.equal(r.flaky, false, `${id} passed both times: not flaky`);
      }
    });

    await t.test('login broken: exactly one smoke check fails, those that log in are skipped naming it', async () => {
      await sandboxDeploy(stateDir, 'financial-rise', '1.0.0', ['fr:login-broken']);
      const { decision, checks } = await verify(env, out);
      assert.equal(decision, 'NO-GO');
      // fr.smoke.logs-clean reads the app's log, not its API: the 500s are ERROR lines there
      // (the fault lists it in mayAlsoTrip). Among the checks that call the app, one fails.
      const failing = [...checks.values()]
        .filter((r) => r.id !== 'fr.smoke.logs-clean' && (r.status === 'fail' || r.status === 'error'))
        .map((r) => `${r.id}: ${r.message}`);
      assert.deepEqual(
        failing.map((f) => f.split(':')[0]),
        ['fr.smoke.registration'],
        failing.join('\n'),
      );
      for (const id of ['fr.smoke.assessment-create', 'fr.smoke.assessment-complete', 'fr.smoke.reports', 'fr.smoke.admin']) {
        const r = checks.get(id)!;
        assert.equal(r.status, 'skipped', `${id}: ${r.message}`);
        assert.match(r.message, /^skipped: prerequisite fr\.smoke\.registration failed/, id);
      }
    });

    await t.test("the gate's own smoke account locked: error caused by the gate, with the fix; not NO-GO", async () => {
      await sandboxDeploy(stateDir, 'financial-rise', '1.0.0', []);
      const state = JSON.parse(await readFile(join(stateDir, 'sandbox.json'), 'utf8'));
      const login = `${state.apps['financial-rise'].apiUrl}/api/v1/auth/login`;
      for (let i = 0; i < 5; i++) {
        await fetch(login, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: state.accounts['financial-rise'].consultant.email, password: 'not-the-password-1A!' }),
        });
      }
      const { code, decision, checks } = await verify(env, out);
      assert.notEqual(decision, 'NO-GO');
      assert.notEqual(code, 1);
      const create = checks.get('fr.smoke.assessment-create')!;
      assert.equal(create.status, 'error', create.message);
      assert.equal(create.cause, 'gate');
      assert.match(create.fix ?? '', /smoke account is locked.*unlock or rotate FR_SMOKE_EMAIL\/FR_SMOKE_PASSWORD/);
      assert.equal(checks.get('fr.smoke.registration')!.status, 'pass', 'a fresh account still registers and logs in');
      for (const r of checks.values()) assert.notEqual(r.status, 'fail', `${r.id}: ${r.message}`);
    });

    await t.test('FlowComply health failing: login and everything behind it skipped naming fc.smoke.health', async () => {
      await sandboxDeploy(stateDir, 'flowcomply', '1.0.0', ['fc:redis-down']);
      const { checks } = await verify(env, out, [], 'flowcomply');
      assert.equal(checks.get('fc.smoke.health')!.status, 'fail');
      assert.match(checks.get('fc.smoke.login')!.message, /^skipped: prerequisite fc\.smoke\.health failed at its ready step$/);
      for (const id of ['fc.smoke.me', 'fc.smoke.dashboard', 'fc.smoke.assets', 'fc.smoke.db-metrics', 'fc.smoke.queues']) {
        const r = checks.get(id)!;
        assert.equal(r.status, 'skipped', `${id}: ${r.message}`);
        assert.equal(r.message, 'skipped: prerequisite fc.smoke.health failed at its ready step (via fc.smoke.login)', id);
      }
      await sandboxDeploy(stateDir, 'flowcomply', '1.0.0', []);
    });

    await t.test('a frozen target: health times out once, the checks behind it are skipped at once', async () => {
      await sandboxDeploy(stateDir, 'financial-rise', '1.0.0', []);
      const { pid } = JSON.parse(await readFile(join(stateDir, 'sandbox.json'), 'utf8')) as { pid: number };
      // The sandbox's mail catcher lives in the same process as the apps: freeze it once the
      // preflight has seen the inbox answer (the run folder exists), as a target would freeze.
      const runs = join(out, 'financial-rise', 'local');
      const before = new Set(await readdir(runs).catch(() => []));
      const freezeOnceStarted = async () => {
        for (let i = 0; i < 300 && (await readdir(runs).catch(() => [])).every((d) => before.has(d)); i++) await new Promise((r) => setTimeout(r, 100));
        process.kill(pid, 'SIGSTOP');
      };
      let elapsed = 0;
      let checks: Map<string, CheckResult>;
      try {
        const started = Date.now();
        ({ checks } = await verify(env, out, [], 'financial-rise', freezeOnceStarted));
        elapsed = (Date.now() - started) / 1000;
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      const health = checks.get('fr.smoke.health')!;
      assert.equal(health.status, 'error', health.message);
      assert.equal(health.cause, 'target', 'a target that does not answer is evidence about the target');
      for (const id of ['fr.smoke.registration', 'fr.smoke.assessment-create', 'fr.smoke.assessment-complete', 'fr.smoke.reports', 'fr.smoke.admin']) {
        const r = checks.get(id)!;
        assert.equal(r.status, 'skipped', `${id}: ${r.message}`);
        assert.match(r.message, /^skipped: prerequisite fr\.smoke\.health failed/, id);
        assert.ok(r.durationMs < 2000, `${id} waited ${r.durationMs} ms`);
      }
      // One health timeout (15 s) and the front end's own navigation timeout, not one per check.
      assert.ok(elapsed < 90, `verify took ${elapsed} s`);
    });
  } finally {
    await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env });
    await rm(stateDir, { recursive: true, force: true });
  }
});
