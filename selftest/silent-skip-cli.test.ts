/**
 * Skipped is never silent, through the real CLI against the sandbox: an environment that
 * waives registration leaves the security role and password checks nothing to test; they are
 * `skipped` behind a waived check, not a failure, so the run is INCONCLUSIVE naming them and
 * the waiver that would accept it. Waiving those two as well (with a reason) makes it GO.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readState } from '../sandbox/state.ts';
import { localEnvironment, localSecretEnv } from '../src/platforms/local/environment.ts';

const run = promisify(execFile);

test('registration waived: security-role and -password skipped make INCONCLUSIVE, unless waived themselves', { timeout: 400_000 }, async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'postflight-silent-skip-'));
  const out = join(stateDir, 'reports');
  const env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up'], { env });
  try {
    const state = (await readState(stateDir))!;
    const base = localEnvironment(state);
    const envFile = async (name: string, waive: Record<string, string>) => {
      const fr = { ...base.apps!['financial-rise']!, waive: { ...(base.apps!['financial-rise'] as { waive?: Record<string, string> }).waive, ...waive } };
      const file = join(stateDir, `${name}.json`);
      await writeFile(file, JSON.stringify({ ...base, name, kind: 'remote', apps: { 'financial-rise': fr } }));
      return file;
    };
    const verify = async (file: string) => {
      const r = await run(
        process.execPath,
        ['bin/postflight.mjs', 'verify', '--app', 'financial-rise', '--env', file, '--only', 'smoke', '--out', out, '--json'],
        { env: { ...env, ...localSecretEnv(state) }, maxBuffer: 16 << 20 },
      ).then(
        (x) => ({ code: 0, stdout: x.stdout }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout || e.stderr }),
      );
      return { code: r.code, verdict: (JSON.parse(r.stdout) as Array<{ decision: string; reasons: string[] }>)[0]! };
    };

    const waived = await verify(await envFile('no-registration', { 'fr.smoke.registration': 'registration is closed on this deployment' }));
    assert.equal(waived.verdict.decision, 'INCONCLUSIVE', waived.verdict.reasons.join('\n'));
    assert.equal(waived.code, 2);
    for (const id of ['fr.smoke.security-role', 'fr.smoke.security-password']) {
      assert.ok(
        waived.verdict.reasons.some(
          (l) => l.startsWith(`${id} (critical) was not measured: skipped behind fr.smoke.registration, which was waived`) && l.includes(`waive["${id}"]`),
        ),
        `${id}:\n${waived.verdict.reasons.join('\n')}`,
      );
    }

    const accepted = await verify(
      await envFile('no-registration-accepted', {
        'fr.smoke.registration': 'registration is closed on this deployment',
        'fr.smoke.security-role': 'no registration to probe',
        'fr.smoke.security-password': 'no run-owned account to probe',
      }),
    );
    assert.equal(accepted.verdict.decision, 'GO', accepted.verdict.reasons.join('\n'));
  } finally {
    await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env });
    await rm(stateDir, { recursive: true, force: true });
  }
});
