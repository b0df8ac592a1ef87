/**
 * Rollback meaning from evidence, through the real CLI against the sandbox (one sandbox, both
 * apps, db phase only): a column the release's code expects and no migration ever created is
 * the code procedure (FlowComply option-1, not destructive, "apply the missing migration");
 * a column a migration dropped while it held data is the data procedure (Financial RISE B).
 * The sandbox hands the gate the previous release's schema (`previousSchemaFile`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CheckResult, Verdict } from '../src/core/types.ts';

const run = promisify(execFile);

test('schema failures: never-created column -> code procedure; dropped column with data -> restore', { timeout: 300_000 }, async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'postflight-rollback-evidence-'));
  const out = join(stateDir, 'reports');
  const env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up', '--fault', 'fr:migration-drops-column', '--fault', 'fc:code-expects-column'], { env });
  try {
    const args = ['bin/postflight.mjs', 'verify', '--app', 'all', '--env', 'local', '--only', 'db', '--out', out, '--json'];
    const { code, stdout } = await run(process.execPath, args, { env, maxBuffer: 16 << 20 }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    assert.equal(code, 1, stdout.slice(0, 2000)); // NO-GO
    const runs = JSON.parse(stdout) as Array<{ app: string; decision: string; runDir: string }>;
    const read = async (app: string) => {
      const dir = runs.find((r) => r.app === app)!.runDir;
      const verdict = JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8')) as Verdict;
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8').catch(() => '[]')) as CheckResult[];
      return { verdict, results };
    };

    const fc = await read('flowcomply');
    assert.equal(fc.verdict.decision, 'NO-GO', fc.verdict.reasons.join('\n'));
    assert.equal(fc.verdict.rollback.recommendation, 'immediate');
    assert.equal(fc.verdict.rollback.procedure, 'option-1', fc.verdict.rollback.reasons.join('\n'));
    assert.equal(fc.verdict.rollback.destructive, false);
    const fcWhy = fc.verdict.rollback.reasons.join('\n');
    assert.match(fcWhy, /User\.phoneNumber never existed before the deploy \(previousSchemaFile /);
    assert.match(fcWhy, /apply the missing migration/);
    assert.ok(
      fc.verdict.reasons.some((l) => l.startsWith('fc.deploy.schema (critical) fail') && l.includes('phoneNumber')),
      fc.verdict.reasons.join('\n'),
    );

    const fr = await read('financial-rise');
    assert.equal(fr.verdict.decision, 'NO-GO', fr.verdict.reasons.join('\n'));
    assert.equal(fr.verdict.rollback.procedure, 'B', fr.verdict.rollback.reasons.join('\n'));
    assert.equal(fr.verdict.rollback.destructive, true);
    assert.match(fr.verdict.rollback.reasons.join('\n'), /users\.first_name existed before the deploy .* gone now/);
  } finally {
    await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env });
    await rm(stateDir, { recursive: true, force: true });
  }
});
