/**
 * `postflight doctor --env`: the pure rules as tables, and the real CLI against the running
 * sandbox — with the local environment it can run (exit 0); with an environment whose contract
 * differs from the deployment, each difference is named with the key that fixes it (exit 1).
 */
import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../src/cli.ts';
import { localEnvironment, localSecretEnv } from '../src/platforms/local/environment.ts';
import { countFinding, fieldFinding, labelFindings, routeFinding, serviceFindings } from '../src/doctor/rules.ts';
import { LOGIN_CHECK, PROBE_ROUTES } from '../src/doctor/get-routes.ts';
import { CHECKS } from '../config/checks.ts';
import { APP_IDS } from '../src/core/types.ts';

const run = promisify(execFile);

test('rules: a 404 route names the contract key and the check to waive', () => {
  const f = routeFinding('flowcomply', 'metrics', '/api/v1/monitoring/metrics', 404, 'fc.smoke.db-metrics');
  assert.equal(f.ok, false);
  assert.match(f.fix!, /apps\.flowcomply\.contract\.routes\.metrics .*waive "fc\.smoke\.db-metrics"/);
  assert.equal(routeFinding('flowcomply', 'metrics', '/m', 200, 'x').ok, true);
});

test('rules: a missing response field offers the path found instead', () => {
  const f = fieldFinding(
    'flowcomply',
    'token',
    'data.accessToken',
    { data: { jwt: 'x', refreshToken: 'y' } },
    (k, v) => typeof v === 'string' && /token|jwt/i.test(k) && !/refresh/i.test(k),
    (v) => typeof v === 'string',
  );
  assert.match(f.found, /found "data\.jwt" instead/);
  assert.equal(f.fix, 'set apps.flowcomply.contract.responses.token = "data.jwt"');
});

test('rules: health services that differ are listed with the key and the waiver', () => {
  const [f] = serviceFindings('flowcomply', ['database', 'redis', 's3'], { database: 'connected', redis: 'connected' }, 'connected', 'fc.smoke.health');
  assert.match(f!.found, /health lists database, redis \(no s3\)/);
  assert.match(f!.fix!, /contract\.expected\.readyServices = \["database","redis"\], or waive "fc\.smoke\.health:s3"/);
  const [, word] = serviceFindings('flowcomply', ['database'], { database: 'up' }, 'connected', 'fc.smoke.health');
  assert.match(word!.fix!, /contract\.words\.connected = "up"/);
});

test('rules: counts and labels', () => {
  assert.match(countFinding('financial-rise', 'questions', 25, 47).fix!, /contract\.expected\.questions = 47/);
  const page = { path: '/login', labels: ['E-mail address *', 'Password *'], headings: ['Welcome'], buttons: ['Log in'] };
  const found = labelFindings(
    'financial-rise',
    page,
    { labels: { email: 'Email', password: 'Password' }, headings: { loginHeading: 'Sign In' }, buttons: { signIn: 'Sign In' } },
    false,
  );
  const bad = found.filter((f) => !f.ok);
  assert.deepEqual(
    bad.map((f) => f.item.split(' ')[0]),
    ['labels.email', 'labels.loginHeading', 'labels.signIn'],
  );
  assert.match(bad[0]!.found, /the page's labels: "E-mail address \*", "Password \*"/);
  assert.match(bad[1]!.found, /headings: "Welcome"/);
});

test('every check the doctor names for a route or the login (its "or waive ...") is a catalogue id of that app', () => {
  for (const app of APP_IDS) {
    const named = [LOGIN_CHECK[app], ...PROBE_ROUTES[app].map((r) => r.check)];
    const strays = named.filter((id) => !CHECKS.some((c) => c.id === id && c.app === app));
    assert.deepEqual(strays, [], app);
  }
});

describe('doctor --env against the sandbox (reads only)', { timeout: 240_000 }, () => {
  let stateDir: string;
  let state: any;
  const env = () => ({ ...process.env, POSTFLIGHT_STATE_DIR: stateDir });
  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'pf-doctor-'));
    await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up'], { env: env() });
    state = JSON.parse(await readFile(join(stateDir, 'sandbox.json'), 'utf8'));
  });
  after(async () => {
    await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env: env() });
  });
  const doctor = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t), env: { ...env(), ...extraEnv }, cwd: process.cwd() };
    return { code: await main(['doctor', ...args], io), text: out.join('\n') };
  };

  it('the local environment: the gate can run as configured, exit 0', async () => {
    const { code, text } = await doctor(['--env', 'local', '--app', 'all']);
    assert.equal(code, 0, text);
    assert.match(text, /reads only \(GET requests, one login per smoke account/);
    assert.match(text, /The gate can run as configured/);
  });

  it('a contract that differs from the deployment: each difference with its key, exit 1', async () => {
    const local = localEnvironment(state) as any;
    const fr = { ...local.apps['financial-rise'] };
    delete fr.mail;
    const file = join(stateDir, 'drifted.json');
    await writeFile(
      file,
      JSON.stringify({
        ...local,
        name: 'drifted',
        apps: {
          'financial-rise': { ...fr, contract: { expected: { questions: 47 }, labels: { email: 'E-mail' } } },
          flowcomply: {
            ...local.apps.flowcomply,
            contract: {
              responses: { token: 'data.jwt' },
              routes: { metrics: '/api/v1/monitoring/db' },
              expected: { readyServices: ['database', 'redis', 's3', 'kafka'] },
            },
          },
        },
      }),
    );
    const { code, text } = await doctor(['--env', file, '--app', 'all'], localSecretEnv(state));
    assert.equal(code, 1, text);
    for (const want of [
      'set apps.financial-rise.contract.expected.questions = 25',
      'set apps.financial-rise.contract.labels.email',
      'the page\'s labels: "Email"',
      'no mail source configured',
      'apps.financial-rise.contract.mail = false',
      'or waive "fr.smoke.registration:mail" and "fr.smoke.assessment-create:mail"',
      'responses.token = "data.jwt": missing; found "data.accessToken"',
      'set apps.flowcomply.contract.responses.token = "data.accessToken"',
      'GET /api/v1/monitoring/db (routes.metrics): answered 404',
      'apps.flowcomply.contract.routes.metrics',
      'health lists database, redis, s3 (no kafka)',
      'or waive "fc.smoke.health:kafka"',
    ])
      assert.ok(text.includes(want), `missing "${want}" in:\n${text}`);
    assert.match(text, /\d+ mismatch\(es\): the gate cannot run as configured/);
  });

  it('verify with an environment file alone (contract + waive): GO, every waiver listed, never a pass', async () => {
    const local = localEnvironment(state) as any;
    const file = join(stateDir, 'waived.json');
    await writeFile(
      file,
      JSON.stringify({
        ...local,
        name: 'waived',
        apps: {
          'financial-rise': { ...local.apps['financial-rise'], contract: { mail: false, exactLabels: true } },
          flowcomply: { ...local.apps.flowcomply, waive: { 'fc.smoke.health:s3': 'no S3 in this region', 'fc.smoke.db-metrics': 'no metrics endpoint' } },
        },
      }),
    );
    const out = join(stateDir, 'out');
    const secrets = { ...localSecretEnv(state), FR_DATABASE_URL: state.apps['financial-rise'].databaseUrl, FC_DATABASE_URL: state.apps.flowcomply.databaseUrl };
    const lines: string[] = [];
    const io = { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t), env: { ...env(), ...secrets }, cwd: process.cwd() };
    const code = await main(['verify', '--app', 'all', '--env', file, '--only', 'smoke', '--out', out], io);
    const text = lines.join('\n');
    assert.equal(code, 0, text);
    for (const want of [
      'WAIV fc.smoke.health',
      'WAIV fc.smoke.db-metrics',
      'WAIV fr.smoke.registration',
      'WAIV fr.smoke.assessment-create',
      'NOT VERIFIED (waived by environment "waived") fc.smoke.health:s3: no S3 in this region',
      'fr.smoke.registration:mail: the deployment sends no mail',
    ])
      assert.ok(text.includes(want), `missing "${want}" in:\n${text}`);
    const verdicts = lines.join('\n').match(/evidence: (\S+index\.html)/g) ?? [];
    assert.equal(verdicts.length, 2);
  });

  it('bad input is exit 3', async () => {
    const { code } = await doctor(['--env', join(stateDir, 'nope.json')]);
    assert.equal(code, 3);
  });
});
