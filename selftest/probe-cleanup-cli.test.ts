/**
 * Probes clean up what they create, through the real CLI against the sandbox: with
 * registration honouring a requested admin role (fault fr:register-grants-admin),
 * fr.smoke.security-role fails, and the admin account its probe created (the API cannot
 * delete or disable it) is named in the verdict's first line and on the console,
 * `postflight cleanup` lists it as privileged, and the seed check does not count it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CheckResult, Verdict } from '../src/core/types.ts';

const run = promisify(execFile);
const cli = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  run(process.execPath, ['bin/postflight.mjs', ...args], { env, maxBuffer: 16 << 20 }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
  );

test('a registration probe granted admin: named first, listed by cleanup, not counted by the seed check', { timeout: 400_000 }, async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'postflight-probe-cleanup-'));
  const out = join(stateDir, 'reports');
  const env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up', '--fault', 'fr:register-grants-admin'], { env });
  try {
    const smoke = await cli(env, 'verify', '--app', 'financial-rise', '--env', 'local', '--only', 'smoke', '--out', out);
    assert.equal(smoke.code, 1, smoke.out);
    const root = join(out, 'financial-rise', 'local');
    const [runId] = await readdir(root);
    const verdict = JSON.parse(await readFile(join(root, runId!, 'verdict.json'), 'utf8')) as Verdict;
    const results = JSON.parse(await readFile(join(root, runId!, 'smoke-results.json'), 'utf8')) as CheckResult[];
    const role = results.find((r) => r.id === 'fr.smoke.security-role')!;
    assert.equal(role.status, 'fail', role.message);
    const first = `privileged account created by the probe: pf-${runId}-signup@`;
    assert.ok(verdict.reasons[0]?.startsWith(first), verdict.reasons.join('\n'));
    assert.match(verdict.reasons[0]!, /remove it now/);
    assert.ok(smoke.out.includes(first), `the console names it:\n${smoke.out}`);

    const listed = await cli(env, 'cleanup', '--app', 'financial-rise', '--env', 'local', '--dry-run');
    assert.match(
      listed.out,
      new RegExp(`left for an admin +account .*pf-${runId}-signup@\\S+ PRIVILEGED \\(role admin\\).*privileged account created by the probe: remove it now`),
      listed.out,
    );

    const db = await cli(env, 'verify', '--app', 'financial-rise', '--env', 'local', '--only', 'db', '--out', out, '--json');
    const dbRun = (JSON.parse(db.out) as Array<{ runDir: string }>)[0]!;
    const seed = (JSON.parse(await readFile(join(dbRun.runDir, 'checks.json'), 'utf8').catch(() => '[]')) as CheckResult[]).find(
      (r) => r.id === 'fr.deploy.seed',
    );
    const seedMessage = seed?.message ?? (JSON.parse(await readFile(join(dbRun.runDir, 'verdict.json'), 'utf8')) as Verdict).reasons.join('\n');
    assert.match(seedMessage, /1 admin\(s\) \(not counted: 1 admin account\(s\) created by gate runs/);
  } finally {
    await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env });
    await rm(stateDir, { recursive: true, force: true });
  }
});
