/**
 * Issue 15: a deployment whose form refuses the values the gate types (`fr:client-name-strict`:
 * a client name must be exactly a first and a last name). Through the real CLI on its own
 * sandbox: `verify` exits 2 (INCONCLUSIVE, the gate's problem) at once — no wait for an answer
 * that cannot come — quoting the app's own message and naming `contract.data.clientName`; with
 * that key overridden in an environment file the same deployment is GO. Starts a sandbox
 * (about 2 minutes).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../src/cli.ts';
import { localEnvironment, localSecretEnv } from '../src/platforms/local/environment.ts';

const run = promisify(execFile);

describe("a form that refuses the gate's test data", { timeout: 600_000 }, () => {
  let stateDir: string;
  let state: any;
  const env = () => ({ ...process.env, POSTFLIGHT_STATE_DIR: stateDir });
  const cli = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const lines: string[] = [];
    const io = { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t), env: { ...env(), ...extraEnv }, cwd: process.cwd() };
    return { code: await main(args, io), text: lines.join('\n') };
  };
  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'pf-testdata-'));
    await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up', '--fault', 'fr:client-name-strict'], { env: env(), timeout: 300_000 });
    state = JSON.parse(await readFile(join(stateDir, 'sandbox.json'), 'utf8'));
  });
  after(async () => {
    await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env: env(), timeout: 120_000 });
  });

  it("default data: exit 2, error caused by the gate, the app's message quoted, the contract key named", async () => {
    const { code, text } = await cli(['verify', '--app', 'financial-rise', '--env', 'local', '--only', 'smoke', '--out', join(stateDir, 'out-default')]);
    assert.equal(code, 2, text);
    assert.match(
      text,
      /ERR\s+fr\.smoke\.assessment-create\s+could not measure: FormRefusedError: the form refused the gate's test data: "clientName: Client name must be a first and a last name/,
    );
    assert.match(text, /fix: give the deployment a value it accepts: set apps\.financial-rise\.contract\.data\.clientName/);
    assert.match(text, /SKIP fr\.smoke\.assessment-complete/);
    assert.doesNotMatch(text, /Financial RISE: NO-GO|Timeout/);
    assert.match(text, /Financial RISE: INCONCLUSIVE/);
    // Refused at once, not after the 15 s answer timeout.
    const took = /Smoke 4: .*\((\d+(?:\.\d+)?)(m?s)\)/.exec(text);
    if (took) assert.ok(took[2] === 'ms' || Number(took[1]) < 10, `Smoke 4 took ${took[1]}${took[2]}`);
  });

  it('with contract.data.clientName overridden in an environment file: GO', async () => {
    const local = localEnvironment(state) as any;
    const fr = local.apps['financial-rise'];
    const file = join(stateDir, 'strict.json');
    await writeFile(
      file,
      JSON.stringify({ ...local, name: 'strict', apps: { 'financial-rise': { ...fr, contract: { ...fr.contract, data: { clientName: 'Jane {tag}' } } } } }),
    );
    const { code, text } = await cli(
      ['verify', '--app', 'financial-rise', '--env', file, '--only', 'smoke', '--out', join(stateDir, 'out-override')],
      localSecretEnv(state),
    );
    assert.equal(code, 0, text);
    assert.match(text, /PASS fr\.smoke\.assessment-create/);
    assert.match(text, /PASS fr\.smoke\.reports/);
  });
});
