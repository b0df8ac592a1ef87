/**
 * Issue 10 item 11: releases 2.0.0-drifted are healthy but differ from the contract.
 * FlowComply: health lists no s3, the metrics route moved, the token is named `jwt`, the login
 * labels carry a required asterisk. Financial RISE: 47 questions, no mail at all, register
 * fields firstName/lastName, labels with an asterisk. Through the real CLI:
 * - default profile: the failing checks name each difference (the asterisk is tolerated);
 * - `doctor --env` lists each difference with its key;
 * - with the environment's `contract` alone (selftest/fixtures/drifted/…json): doctor exit 0, verify GO.
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

describe('2.0.0-drifted releases', { timeout: 300_000 }, () => {
  let stateDir: string;
  let state: any;
  const env = () => ({ ...process.env, POSTFLIGHT_STATE_DIR: stateDir });
  const cli = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const lines: string[] = [];
    const io = { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t), env: { ...env(), ...extraEnv }, cwd: process.cwd() };
    return { code: await main(args, io), text: lines.join('\n') };
  };
  const has = (text: string, wants: string[]) => {
    for (const w of wants) assert.ok(text.includes(w), `missing "${w}" in:\n${text}`);
  };
  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'pf-drift-'));
    await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up', '--release', 'flowcomply=2.0.0-drifted', '--release', 'financial-rise=2.0.0-drifted'], {
      env: env(),
    });
    state = JSON.parse(await readFile(join(stateDir, 'sandbox.json'), 'utf8'));
  });
  after(async () => {
    await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env: env() });
  });

  it('default profile: NO-GO, and the failing checks name each difference', async () => {
    const { code, text } = await cli(['verify', '--app', 'flowcomply', '--env', 'local', '--only', 'smoke', '--out', join(stateDir, 'out-default')]);
    assert.equal(code, 1, text);
    has(text, [
      'FAIL fc.smoke.health',
      's3 connected: not measured',
      'FAIL fc.smoke.login',
      'response carries an access token: "undefined" fails == "string"',
      // Behind the renamed token nobody can log in: the checks that need it are skipped naming
      // the login (one cause, one failure); the moved route shows in doctor (next test).
      'SKIP fc.smoke.db-metrics',
      'skipped: prerequisite fc.smoke.login failed',
      'PASS fc.smoke.frontend',
    ]);
  });

  it('doctor --env local lists each difference with the key that fixes it', async () => {
    const { code, text } = await cli(['doctor', '--env', 'local', '--app', 'flowcomply']);
    assert.equal(code, 1, text);
    has(text, [
      'health lists database, redis (no s3)',
      'set apps.flowcomply.contract.expected.readyServices = ["database","redis"], or waive "fc.smoke.health:s3"',
      'GET /api/v1/monitoring/metrics (routes.metrics): answered 404',
      'apps.flowcomply.contract.routes.metrics',
      'responses.token = "data.accessToken": missing; found "data.jwt" instead',
      'set apps.flowcomply.contract.responses.token = "data.jwt"',
      'labels.email = "Email Address" on /login: found',
    ]);
  });

  it('with the environment file alone: doctor can run, verify is GO', async () => {
    const local = localEnvironment(state) as any;
    const drift = JSON.parse(await readFile('selftest/fixtures/drifted/flowcomply-contract.json', 'utf8'));
    const file = join(stateDir, 'drifted.json');
    await writeFile(file, JSON.stringify({ ...local, name: 'drifted', apps: { flowcomply: { ...local.apps.flowcomply, ...drift } } }));
    const secrets = { ...localSecretEnv(state), FC_DATABASE_URL: state.apps.flowcomply.databaseUrl };
    const doctor = await cli(['doctor', '--env', file, '--app', 'flowcomply'], secrets);
    assert.equal(doctor.code, 0, doctor.text);
    const verify = await cli(['verify', '--app', 'flowcomply', '--env', file, '--only', 'smoke,db', '--out', join(stateDir, 'out-drifted')], secrets);
    assert.equal(verify.code, 0, verify.text);
    has(verify.text, ['FlowComply: GO']);
  });

  it('Financial RISE, default profile: NO-GO naming the register fields, the missing mail and the 47 questions', async () => {
    const { code, text } = await cli(['verify', '--app', 'financial-rise', '--env', 'local', '--only', 'smoke,db', '--out', join(stateDir, 'out-fr-default')]);
    assert.equal(code, 1, text);
    has(text, [
      'FAIL fr.smoke.registration',
      'POST register answers 201: 400 fails == 201',
      'FAIL fr.smoke.assessment-create',
      'no email reached',
      'FAIL fr.deploy.seed',
      'questions: 47 fails == 25',
      'contract.expected.questions',
      'PASS fr.smoke.frontend',
    ]);
  });

  it('Financial RISE: doctor names the question count; with the environment file alone, GO (mail steps not verified)', async () => {
    const doctor = await cli(['doctor', '--env', 'local', '--app', 'financial-rise']);
    assert.equal(doctor.code, 1, doctor.text);
    has(doctor.text, ['expected.questions = 25: 47', 'set apps.financial-rise.contract.expected.questions = 47', 'labels.email = "Email" on /login: found']);
    const local = localEnvironment(state) as any;
    const drift = JSON.parse(await readFile('selftest/fixtures/drifted/financial-rise-contract.json', 'utf8'));
    const file = join(stateDir, 'fr-drifted.json');
    await writeFile(file, JSON.stringify({ ...local, name: 'fr-drifted', apps: { 'financial-rise': { ...local.apps['financial-rise'], ...drift } } }));
    const secrets = { ...localSecretEnv(state), FR_DATABASE_URL: state.apps['financial-rise'].databaseUrl };
    const verify = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'smoke,db', '--out', join(stateDir, 'out-fr-drifted')], secrets);
    assert.equal(verify.code, 0, verify.text);
    has(verify.text, [
      'Financial RISE: GO',
      'WAIV fr.smoke.registration',
      'NOT VERIFIED (waived by environment "fr-drifted") fr.smoke.registration:mail',
      'PASS fr.deploy.seed',
      'PASS fr.smoke.assessment-complete',
    ]);
  });
});
