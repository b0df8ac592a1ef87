/**
 * Corroborated blame through the real CLI against the sandbox (one sandbox for the runs):
 * - fr:health-hang: health never answers while the web server does: NO-GO, immediate
 *   rollback (procedure A), fr.smoke.health `fail` caused by the target, within the deadline;
 * - fr:api-port-closed: the API port refuses while the web answers: NO-GO, immediate;
 * - fr:frontend-late-error: the home page throws 2 s after load: fr.smoke.frontend fails;
 * - fr:admin-routes-missing: Smoke 7 fails once, security-authz is skipped naming it;
 * - fr:cors-foreign-500: security-cors fails once, logs-clean lists the probe's lines as provoked;
 * - fc:web-port-closed: the front end refuses while the API answers: NO-GO, immediate;
 * - fc:login-refuses-all: the smoke account and the throwaway account are both refused their
 *   valid passwords: NO-GO, fc.smoke.login `fail` caused by the target (not "rotate the password").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sandboxDeploy } from '../sandbox/control.ts';
import type { CheckResult, Verdict } from '../src/core/types.ts';

const run = promisify(execFile);

async function verify(
  env: NodeJS.ProcessEnv,
  out: string,
  app: string,
  extra: string[] = [],
): Promise<{ code: number; verdict: Verdict; checks: Map<string, CheckResult> }> {
  const args = ['bin/postflight.mjs', 'verify', '--app', app, '--env', 'local', '--only', 'smoke', '--out', out, '--json', ...extra];
  const { code, stdout } = await run(process.execPath, args, { env, maxBuffer: 16 << 20 }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  const [verdict] = JSON.parse(stdout) as Array<Verdict & { runDir: string }>;
  // checks.json: what the verdict judged (the suites' results after corroboration), not smoke-results.json.
  const judged = JSON.parse(await readFile(join(verdict.runDir, 'checks.json'), 'utf8')) as CheckResult[];
  return { code, verdict, checks: new Map(judged.map((r) => [r.id, r])) };
}

const failing = (checks: Map<string, CheckResult>) => [...checks.values()].filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id);

test("a silent endpoint of a deployment that answers elsewhere, a late page error, and a login that refuses everyone are the release's", {
  timeout: 600_000,
}, async (t) => {
  const stateDir = await mkdtemp(join(tmpdir(), 'postflight-blame-faults-'));
  const out = join(stateDir, 'reports');
  const env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up'], { env });
  try {
    await t.test('fr:health-hang: NO-GO, immediate (A), fr.smoke.health fail caused by the target, within the deadline', async () => {
      await sandboxDeploy(stateDir, 'financial-rise', '1.0.0', ['fr:health-hang']);
      const started = Date.now();
      const { code, verdict, checks } = await verify(env, out, 'financial-rise', ['--deadline', '5']);
      const elapsed = (Date.now() - started) / 1000;
      assert.equal(verdict.decision, 'NO-GO');
      assert.equal(code, 1);
      assert.equal(verdict.rollback.recommendation, 'immediate');
      assert.equal(verdict.rollback.procedure, 'A');
      const health = checks.get('fr.smoke.health')!;
      assert.equal(health.status, 'fail', health.message);
      assert.equal(health.cause, 'target');
      assert.match(health.message, /no answer \(timeout\) while other endpoints of the same deployment answered in this run \(http:\/\/127\.0\.0\.1:\d+\//);
      assert.deepEqual(failing(checks), ['fr.smoke.health'], [...checks.values()].map((r) => `${r.id}: ${r.status} ${r.message}`).join('\n'));
      assert.equal(checks.get('fr.smoke.frontend')!.status, 'pass', 'the web server answered');
      for (const id of ['fr.smoke.registration', 'fr.smoke.assessment-create', 'fr.smoke.admin', 'fr.smoke.security-cors']) {
        assert.match(checks.get(id)!.message, /^skipped: prerequisite fr\.smoke\.health failed/, id);
      }
      assert.ok(elapsed < 150, `verify took ${elapsed} s`);
    });

    await t.test('fr:api-port-closed: the API refuses connections while the web answers: NO-GO, immediate, not INCONCLUSIVE', async () => {
      await sandboxDeploy(stateDir, 'financial-rise', '1.0.0', ['fr:api-port-closed']);
      const { code, verdict, checks } = await verify(env, out, 'financial-rise');
      assert.equal(verdict.decision, 'NO-GO');
      assert.equal(code, 1);
      assert.equal(verdict.rollback.recommendation, 'immediate');
      const health = checks.get('fr.smoke.health')!;
      assert.equal(health.status, 'fail', health.message);
      assert.equal(health.cause, 'target');
      assert.match(health.message, /ECONNREFUSED.*no answer \(refused\) while other endpoints of the same deployment answered/);
      assert.deepEqual(failing(checks), ['fr.smoke.health']);
      assert.equal(verdict.gateHealth.length, 0);
    });

    await t.test('fr:admin-routes-missing: one failure (Smoke 7); security-authz skipped naming it', async () => {
      await sandboxDeploy(stateDir, 'financial-rise', '1.0.0', ['fr:admin-routes-missing']);
      const { verdict, checks } = await verify(env, out, 'financial-rise');
      assert.equal(verdict.decision, 'NO-GO');
      assert.deepEqual(failing(checks), ['fr.smoke.admin']);
      const authz = checks.get('fr.smoke.security-authz')!;
      assert.equal(authz.status, 'skipped');
      assert.equal(authz.message, 'skipped: prerequisite fr.smoke.admin failed at its routes step');
    });

    await t.test('fr:cors-foreign-500: one failure (security-cors); the ERROR lines its probe provoked are listed, not counted', async () => {
      await sandboxDeploy(stateDir, 'financial-rise', '1.0.0', ['fr:cors-foreign-500']);
      const { checks } = await verify(env, out, 'financial-rise');
      assert.deepEqual(failing(checks), ['fr.smoke.security-cors']);
      const logs = checks.get('fr.smoke.logs-clean')!;
      assert.equal(logs.status, 'pass', logs.message);
      assert.match(
        logs.message,
        /ERROR line\(s\) not counted, provoked by the gate's probes \(matched by time window\): provoked by probe foreign-origin CORS request to \S*assessments/,
      );
    });

    await t.test('fr:frontend-late-error: the error thrown 2 s after load fails fr.smoke.frontend', async () => {
      await sandboxDeploy(stateDir, 'financial-rise', '1.0.0', ['fr:frontend-late-error']);
      const { verdict, checks } = await verify(env, out, 'financial-rise');
      const frontend = checks.get('fr.smoke.frontend')!;
      assert.equal(frontend.status, 'fail', frontend.message);
      assert.equal(frontend.cause, 'target');
      assert.match(frontend.message, /console errors: 1 fails == 0|console errors/);
      assert.match(frontend.message, /__WIDGETS__|Cannot read properties of undefined/);
      assert.deepEqual(failing(checks), ['fr.smoke.frontend']);
      assert.equal(verdict.decision, 'NO-GO');
    });

    await t.test('fc:login-refuses-all: NO-GO, fc.smoke.login fail caused by the target, the rest behind it skipped', async () => {
      await sandboxDeploy(stateDir, 'financial-rise', '1.0.0', []);
      await sandboxDeploy(stateDir, 'flowcomply', '1.0.0', ['fc:login-refuses-all']);
      const { code, verdict, checks } = await verify(env, out, 'flowcomply');
      assert.equal(verdict.decision, 'NO-GO');
      assert.equal(code, 1);
      assert.equal(verdict.rollback.procedure, 'option-1');
      const login = checks.get('fc.smoke.login')!;
      assert.equal(login.status, 'fail', login.message);
      assert.equal(login.cause, 'target');
      assert.match(login.message, /the throwaway account logs in with its valid password/);
      assert.deepEqual(failing(checks), ['fc.smoke.login'], [...checks.values()].map((r) => `${r.id}: ${r.status} ${r.message}`).join('\n'));
      assert.equal(verdict.gateHealth.length, 0, JSON.stringify(verdict.gateHealth));
      for (const id of ['fc.smoke.me', 'fc.smoke.queues', 'fc.smoke.security-secrets'])
        assert.match(checks.get(id)!.message, /^skipped: prerequisite fc\.smoke\.login failed/, id);
      assert.equal(checks.get('fc.smoke.auth-negative')!.status, 'pass', 'a wrong password is still refused');
    });

    await t.test('fc:web-port-closed: the front end refuses while the API answers: NO-GO, fc.smoke.frontend fail caused by the target', async () => {
      await sandboxDeploy(stateDir, 'flowcomply', '1.0.0', ['fc:web-port-closed']);
      const { verdict, checks } = await verify(env, out, 'flowcomply');
      assert.equal(verdict.decision, 'NO-GO');
      assert.equal(verdict.rollback.recommendation, 'immediate');
      const frontend = checks.get('fc.smoke.frontend')!;
      assert.equal(frontend.status, 'fail', frontend.message);
      assert.equal(frontend.cause, 'target');
      assert.match(frontend.message, /ERR_CONNECTION_REFUSED.*no answer \(refused\) while other endpoints of the same deployment answered/);
      assert.deepEqual(failing(checks), ['fc.smoke.frontend']);
      await sandboxDeploy(stateDir, 'flowcomply', '1.0.0', []);
    });
  } finally {
    await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env });
    await rm(stateDir, { recursive: true, force: true });
  }
});
