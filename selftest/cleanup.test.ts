import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePassword } from '../sandbox/accounts.ts';
import { sandboxDown, sandboxUp } from '../sandbox/control.ts';
import { readLocalEnvironment } from '../src/platforms/local/index.ts';
import { cleanupContext } from '../src/cleanup/context.ts';
import { accountTag, assessmentTag, assetTag, oldEnough, runIdTime, selectLeftovers, type Tag } from '../src/cleanup/leftovers.ts';
import { cleanupExitCode, formatCleanup, type AppCleanup } from '../src/cleanup/report.ts';
import { main } from '../src/cli.ts';
import { Diagnostics } from '../src/config/diagnostics.ts';
import { loadGateConfig } from '../src/config/load.ts';
import { makeRunId } from '../src/evidence/run-folder.ts';
import { FinancialRiseApi } from '../src/apps/financial-rise/client.ts';
import { FlowComplyApi } from '../src/apps/flowcomply/client.ts';
import type { SuiteContext } from '../src/apps/suite-context.ts';

const RUN = '20261125-071200-ab12';
const DOMAIN = 'postflight.test';

describe("which assessments count as a run's", () => {
  const rows: [string, { business_name?: unknown; client_email?: unknown }, Tag | undefined][] = [
    [
      'smoke flow: name and address agree',
      { business_name: `Postflight Smoke Business ${RUN}`, client_email: `pf-${RUN}-client@${DOMAIN}` },
      { source: 'smoke', runId: RUN },
    ],
    ['perf: name and address agree', { business_name: `Postflight run ${RUN}`, client_email: `pf-${RUN}-perf-3@${DOMAIN}` }, { source: 'perf', runId: RUN }],
    ['perf report assessment', { business_name: `Postflight run ${RUN}`, client_email: `pf-${RUN}-report@${DOMAIN}` }, { source: 'perf', runId: RUN }],
    [
      'address in upper case (stored lowercased, compared alike)',
      { business_name: `Postflight run ${RUN}`, client_email: `PF-${RUN}-Report@Postflight.Test` },
      { source: 'perf', runId: RUN },
    ],
    ['a customer called Postflight', { business_name: 'Postflight Partners Ltd', client_email: 'owner@postflight-partners.example' }, undefined],
    ['tagged name, real customer address', { business_name: `Postflight Smoke Business ${RUN}`, client_email: 'owner@example.com' }, undefined],
    ['address names another run', { business_name: `Postflight run ${RUN}`, client_email: `pf-20261125-071200-ffff-perf-1@${DOMAIN}` }, undefined],
    ['address in another mail domain', { business_name: `Postflight run ${RUN}`, client_email: `pf-${RUN}-perf-1@example.com` }, undefined],
    ['a look-alike domain ending in ours', { business_name: `Postflight run ${RUN}`, client_email: `pf-${RUN}-perf-1@evil${DOMAIN}` }, undefined],
    ['no run id in the name', { business_name: 'Postflight Smoke Business', client_email: `pf-${RUN}-client@${DOMAIN}` }, undefined],
    ['malformed run id', { business_name: 'Postflight run 2026-11-25', client_email: `pf-2026-11-25-client@${DOMAIN}` }, undefined],
    ['text around the tag', { business_name: `Acme (Postflight run ${RUN})`, client_email: `pf-${RUN}-perf-1@${DOMAIN}` }, undefined],
    ['no address', { business_name: `Postflight run ${RUN}` }, undefined],
    ['no name', { client_email: `pf-${RUN}-perf-1@${DOMAIN}` }, undefined],
  ];
  for (const [title, row, expected] of rows) test(title, () => assert.deepEqual(assessmentTag(row, DOMAIN), expected));
});

describe("which accounts and assets count as a run's", () => {
  const accounts: [unknown, Tag | undefined][] = [
    [`pf-${RUN}-signup@${DOMAIN}`, { source: 'registration', runId: RUN }],
    [`pf-${RUN}-client@${DOMAIN}`, undefined],
    ['smoke.consultant@postflight.test', undefined],
    [`pf-${RUN}-signup@example.com`, undefined],
    [undefined, undefined],
  ];
  for (const [email, expected] of accounts) test(`account ${String(email)}`, () => assert.deepEqual(accountTag(email, DOMAIN), expected));

  const assets: [unknown, Tag | undefined][] = [
    [`postflight-${RUN}-tank`, { source: 'asset', runId: RUN }],
    [`postflight-${RUN}`, { source: 'asset', runId: RUN }],
    ['postflight-load-probe', { source: 'asset' }],
    ['Postflight reservoir', undefined],
    ['Methven Reservoir', undefined],
    [42, undefined],
  ];
  for (const [name, expected] of assets) test(`asset ${String(name)}`, () => assert.deepEqual(assetTag(name), expected));
});

describe('--older-than', () => {
  const now = new Date('2026-11-25T09:12:00Z');
  test('the run id gives the start time in UTC', () => assert.equal(runIdTime(RUN)?.toISOString(), '2026-11-25T07:12:00.000Z'));
  test('a malformed run id has no time', () => assert.equal(runIdTime('yesterday'), undefined));
  const rows: [string, Tag, unknown, number, boolean][] = [
    ['0 takes any age', { source: 'smoke', runId: RUN }, undefined, 0, true],
    ['a run 2 h old is older than 60 min', { source: 'smoke', runId: RUN }, undefined, 60, true],
    ['exactly the limit counts', { source: 'smoke', runId: RUN }, undefined, 120, true],
    ['a run 2 h old is not older than 180 min', { source: 'smoke', runId: RUN }, undefined, 180, false],
    ['the run id wins over the record time', { source: 'smoke', runId: RUN }, '2026-11-25T09:11:00Z', 60, true],
    ['no run id: the record time decides', { source: 'asset' }, '2026-11-25T09:11:00Z', 60, false],
    ['no run id, old record', { source: 'asset' }, '2026-11-24T09:11:00Z', 60, true],
    ['age unknown: kept when an age was asked for', { source: 'asset' }, undefined, 60, false],
    ['age unparseable: kept', { source: 'asset' }, 'not a date', 60, false],
  ];
  for (const [title, tag, createdAt, minutes, expected] of rows) test(title, () => assert.equal(oldEnough(tag, createdAt, minutes, now), expected));

  test('selectLeftovers keeps tagged, old-enough items only', () => {
    const items = [`postflight-${RUN}-a`, 'Methven Reservoir', `postflight-${makeRunId(now)}-b`];
    const picked = selectLeftovers(items, (name) => ({ tag: assetTag(name), leftover: { kind: 'asset', id: name, label: name } }), 60, now);
    assert.deepEqual(
      picked.map((l) => l.id),
      [`postflight-${RUN}-a`],
    );
  });
});

describe('the cleanup report', () => {
  const leftover = { kind: 'assessment' as const, id: 'a1', label: '"Postflight run x"', tag: { source: 'perf' as const, runId: RUN } };
  const base: AppCleanup = { appName: 'Financial RISE', envName: 'local', outcomes: [], problems: [], notes: [] };
  test('nothing found: "nothing to clean", exit 0', () => {
    assert.equal(formatCleanup(base, false), 'Financial RISE on local: nothing to clean');
    assert.equal(cleanupExitCode([base]), 0);
  });
  test('an account left for an admin does not make cleanup incomplete', () => {
    const r = { ...base, outcomes: [{ leftover: { ...leftover, kind: 'account' as const }, result: 'left for an admin' as const, reason: 'no route' }] };
    assert.match(formatCleanup(r, false), /left for an admin/);
    assert.equal(cleanupExitCode([r]), 0);
  });
  test('a leftover not deleted, or a listing that failed, is exit 1', () => {
    assert.equal(cleanupExitCode([base, { ...base, outcomes: [{ leftover, result: 'not deleted', reason: 'HTTP 500' }] }]), 1);
    assert.equal(cleanupExitCode([{ ...base, problems: ['assessments not cleaned: login failed'] }]), 1);
  });
  test('a dry run says so', () => {
    assert.match(
      formatCleanup({ ...base, outcomes: [{ leftover, result: 'would delete' }] }, true),
      /1 leftover of earlier runs \(dry run: nothing deleted\)\n {2}would delete +assessment a1/,
    );
  });
});

test('bad input: every problem listed, exit 3, nothing touched', async () => {
  let err = '';
  const io = { out: () => {}, err: (t: string) => void (err += t), env: {}, cwd: process.cwd() };
  const code = await main(['cleanup', '--app', 'nope', '--older-than', 'soon'], io);
  assert.equal(code, 3);
  for (const where of ['--app', '--older-than', '--env']) assert.ok(err.includes(where), `${where} is reported: ${err}`);
});

describe('against the sandbox', () => {
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  let fr: SuiteContext;
  let fc: SuiteContext;
  const oldRun = makeRunId(new Date(Date.now() - 3 * 3600_000));
  const newRun = makeRunId(new Date());

  async function cleanup(...flags: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const io = { out: (t: string) => void (out += `${t}\n`), err: (t: string) => void (out += `${t}\n`), env, cwd: stateDir };
    return { code: await main(['cleanup', ...flags], io), out };
  }

  before(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'postflight-cleanup-'));
    env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
    await sandboxUp({ stateDir, env });
    const diags = new Diagnostics();
    const config = await loadGateConfig({ app: 'all', env: 'local', only: ['smoke'], cwd: stateDir, processEnv: env, local: readLocalEnvironment }, diags);
    assert.ok(config, diags.items.map((d) => d.message).join('; '));
    fr = cleanupContext(config, config.apps.find((a) => a.app === 'financial-rise')!, stateDir);
    fc = cleanupContext(config, config.apps.find((a) => a.app === 'flowcomply')!, stateDir);
  });

  after(async () => {
    await sandboxDown(stateDir);
    await rm(stateDir, { recursive: true, force: true });
  });

  test('financial-rise: a dry run lists the two tagged assessments, the real run deletes only them', async () => {
    const api = new FinancialRiseApi(fr);
    await api.login(fr.secrets.smokeEmail!, fr.secrets.smokePassword!);
    const create = async (businessName: string, clientEmail: string): Promise<string> => {
      const res = await api.call('POST', 'assessments', { body: { clientName: 'Cleanup Test', businessName, clientEmail } });
      assert.equal(res.status, 201, `create ${businessName}`);
      return res.data.id as string;
    };
    const smoke = await create(`Postflight Smoke Business ${oldRun}`, `pf-${oldRun}-client@${DOMAIN}`);
    const perf = await create(`Postflight run ${newRun}`, `pf-${newRun}-perf-1@${DOMAIN}`);
    const customer = await create('Postflight Partners Ltd', 'owner@postflight-partners.example');
    const decoy = await create(`Postflight Smoke Business ${oldRun}`, 'owner@example.com');
    const signup = await new FinancialRiseApi(fr).call('POST', 'register', {
      body: { email: `pf-${oldRun}-signup@${DOMAIN}`, password: generatePassword(), first_name: 'Smoke', last_name: `Run ${oldRun}` },
      auth: false,
    });
    assert.equal(signup.status, 201);
    const remaining = async (): Promise<string[]> => {
      const res = await api.call('GET', 'assessments', { query: { search: 'Postflight', limit: 100 } });
      return (res.data.data as { id: string }[]).map((a) => a.id);
    };

    const dry = await cleanup('--app', 'financial-rise', '--env', 'local', '--dry-run');
    assert.equal(dry.code, 0, dry.out);
    assert.equal(dry.out.match(/would delete/g)?.length, 2, dry.out);
    for (const id of [smoke, perf]) assert.ok(dry.out.includes(id), `${id} listed`);
    for (const id of [customer, decoy]) assert.ok(!dry.out.includes(id), `${id} not listed`);
    assert.match(dry.out, new RegExp(`left for an admin +account .*pf-${oldRun}-signup@`));
    assert.deepEqual((await remaining()).sort(), [smoke, perf, customer, decoy].sort(), 'a dry run deletes nothing');

    const older = await cleanup('--app', 'financial-rise', '--env', 'local', '--dry-run', '--older-than', '60');
    assert.equal(older.out.match(/would delete/g)?.length, 1, older.out);
    assert.ok(older.out.includes(smoke) && !older.out.includes(perf), 'only the 3-hour-old run is old enough');

    const real = await cleanup('--app', 'financial-rise', '--env', 'local');
    assert.equal(real.code, 0, real.out);
    assert.equal(real.out.match(/ deleted /g)?.length, 2, real.out);
    assert.deepEqual((await remaining()).sort(), [customer, decoy].sort(), 'the tagged ones are gone, the rest untouched');
  });

  test('flowcomply: postflight- assets are deleted as the admin; an empty register says "nothing to clean"', async () => {
    const api = new FlowComplyApi(fc);
    await api.login(fc.secrets.smokeEmail!, fc.secrets.smokePassword!);
    const names = async (): Promise<string[]> =>
      ((await api.call('GET', 'assets', { query: { limit: 100 } })).data.data.assets as { name: string }[]).map((a) => a.name);
    const before = await names();
    const ours = `postflight-${oldRun}-tank`;
    assert.equal((await api.call('POST', 'assets', { body: { name: ours, type: 'RESERVOIR' } })).status, 201);

    const real = await cleanup('--app', 'flowcomply', '--env', 'local');
    assert.equal(real.code, 0, real.out);
    assert.match(real.out, new RegExp(`deleted +asset .*"${ours}"`));
    assert.deepEqual((await names()).sort(), before.sort(), 'only the postflight- asset went');

    const again = await cleanup('--app', 'flowcomply', '--env', 'local');
    assert.match(again.out, /FlowComply on local: nothing to clean/);
    assert.equal(again.code, 0);
  });
});
