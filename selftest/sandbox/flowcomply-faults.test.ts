import assert from 'node:assert/strict';
import { probeServedCertExpiring } from '../fixtures/served-cert-probe.ts';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { APP_FAULTS as FAULTS } from '../../sandbox/faults.ts';
import { writeSchemaFiles } from '../../sandbox/schema-files.ts';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLOWCOMPLY_MIGRATIONS } from '../../sandbox/flowcomply/index.ts';
import { ACCOUNTS, call as callApi, login as loginAs, setupEnv, startApp, type App, type CallOptions, type Env } from './flowcomply-harness.ts';

/**
 * Every `fc:*` fault of sandbox/faults.ts, each on its own app and database, has exactly its
 * stated effect, seen from outside (HTTP, SQL) as the gate would see it; DB faults heal on
 * the next start without them. A fault added to the catalogue without a probe here fails.
 */
let env: Env;
before(async () => {
  env = await setupEnv();
});
after(async () => {
  await env?.stop();
});

// Probes read replies leniently: an app with a fault need not answer JSON.
const call = (app: App, path: string, opts: CallOptions = {}) => callApi(app, path, { ...opts, lenient: true });
const login = (app: App, account: { email: string; password: string }) => loginAs(app, account, { lenient: true });

async function sql<T = any>(db: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: env.pg.urlFor(db) });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One probe per fault: starts the app with the fault and checks its observable effect. */
type Probe = (db: string, fault: string) => Promise<void>;
const PROBES: Record<string, Probe> = {
  'fc:served-cert-expiring': (_db, fault) => probeServedCertExpiring(fault),
  async 'fc:redis-down'(db, fault) {
    const ready = await call(await startApp(env, db, { faults: [fault] }), '/health/ready');
    assert.equal(ready.status, 503);
    assert.deepEqual([ready.body.status, ready.body.services.redis], ['not_ready', 'disconnected']);
  },
  async 'fc:s3-down'(db, fault) {
    const ready = await call(await startApp(env, db, { faults: [fault] }), '/health/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.services.s3, 'disconnected');
    assert.equal(ready.body.services.database, 'connected');
  },
  async 'fc:login-accepts-wrong-password'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const wrong = await call(app, '/api/v1/auth/login', { body: { email: ACCOUNTS.throwaway.email, password: 'definitely-wrong' } });
    assert.equal(wrong.status, 200);
    assert.ok(wrong.body.data.accessToken);
  },
  async 'fc:login-refuses-all'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    for (const account of [ACCOUNTS.smoke, ACCOUNTS.throwaway]) {
      const r = await call(app, '/api/v1/auth/login', { body: { email: account.email, password: account.password } });
      assert.equal(r.status, 401, 'a valid password is refused');
    }
    assert.equal((await call(app, '/health')).status, 200, 'the rest of the API answers');
  },
  async 'fc:web-port-closed'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const refused = await fetch(`${app.webUrl}/`, { signal: AbortSignal.timeout(3000) }).then(
      () => 'answered',
      (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.name,
    );
    assert.equal(refused, 'ECONNREFUSED', 'the front end refuses connections');
    assert.equal((await call(app, '/health')).status, 200, 'the API answers');
  },
  async 'fc:me-500'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const token = await login(app, ACCOUNTS.smoke);
    assert.equal((await call(app, '/api/v1/auth/me', { token })).status, 500);
    assert.equal((await call(app, '/api/v1/analytics/dashboard', { token })).status, 200, 'only /me is broken');
    assert.ok(
      app.logs.some((l) => l.startsWith('ERROR GET /api/v1/auth/me -> 500')),
      app.logs.join('\n'),
    );
  },
  async 'fc:dashboard-500'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const token = await login(app, ACCOUNTS.smoke);
    const res = await call(app, '/api/v1/analytics/dashboard', { token });
    assert.deepEqual([res.status, res.body], [500, { success: false, error: 'Internal server error' }]);
  },
  async 'fc:queues-stuck'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const token = await login(app, ACCOUNTS.admin);
    const reports = async () => (await call(app, '/api/v1/monitoring/queues', { token })).body.queues.find((q: any) => q.queueName === 'compliance-reports');
    const first = await reports();
    await sleep(3000);
    const second = await reports();
    assert.ok(second.failed > 0);
    assert.ok(second.waiting > first.waiting, JSON.stringify([first, second]));
    assert.equal((await call(app, '/api/v1/monitoring/system', { token })).body.status, 'degraded');
  },
  async 'fc:metrics-route-missing'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const token = await login(app, ACCOUNTS.admin);
    assert.equal((await call(app, '/api/v1/monitoring/metrics', { token })).status, 404);
    assert.equal((await call(app, '/api/v1/monitoring/queues', { token })).status, 200);
  },
  async 'fc:frontend-500'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    for (const path of ['/', '/login', '/dashboard', '/assets', '/anything']) {
      assert.equal((await fetch(app.webUrl + path)).status, 500, path);
    }
    assert.equal((await call(app, '/health')).status, 200, 'the API is unaffected');
  },
  async 'fc:error-rate'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const token = await login(app, ACCOUNTS.smoke);
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await call(app, ['/api/v1/auth/me', '/api/v1/assets'][i % 2], { token })).status);
    assert.equal(statuses.filter((s) => s === 503).length, 15);
    assert.equal(statuses.filter((s) => s === 200).length, 85);
    for (let i = 0; i < 20; i++) assert.equal((await call(app, '/health')).status, 200, 'unauthenticated routes are spared');
  },
  async 'fc:api-slow'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const token = await login(app, ACCOUNTS.smoke);
    for (const path of ['/api/v1/auth/me', '/api/v1/assets']) {
      const started = Date.now();
      assert.equal((await call(app, path, { token })).status, 200, path);
      assert.ok(Date.now() - started >= 800, `${path} waits 800 ms`);
    }
    const started = Date.now();
    assert.equal((await call(app, '/health')).status, 200);
    assert.ok(Date.now() - started < 500, 'unauthenticated routes are not slowed');
  },
  async 'fc:requests-hang'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const token = await login(app, ACCOUNTS.smoke);
    const assets = () =>
      fetch(`${app.apiUrl}/api/v1/assets`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(1500) }).then(
        (r) => r.status,
        (e: Error) => e.name,
      );
    assert.deepEqual(await Promise.all([assets(), assets(), assets()]), ['TimeoutError', 'TimeoutError', 'TimeoutError'], 'the first 3 never answer');
    assert.equal(await assets(), 200, 'the 4th answers');
    assert.equal((await call(app, '/api/v1/auth/me', { token })).status, 200, 'other routes answer');
  },
  async 'fc:css-late'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const html = await (await fetch(`${app.webUrl}/login`)).text();
    const href = /<link rel="stylesheet" href="([^"]+)">\n<\/head>/.exec(html)?.[1];
    assert.ok(href, 'a render-blocking stylesheet in <head>');
    const started = Date.now();
    assert.equal((await fetch(app.webUrl + href)).status, 200);
    assert.ok(Date.now() - started >= 2500, 'answered 2.5 s late');
  },
  async 'fc:table-missing'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    assert.deepEqual(await sql(db, `SELECT to_regclass('"Asset"') AS t`), [{ t: null }]);
    assert.equal((await call(app, '/api/v1/assets', { token: await login(app, ACCOUNTS.smoke) })).status, 500);
    await app.close();
    await startApp(env, db, { fresh: false });
    assert.deepEqual(await sql(db, 'SELECT count(*)::int AS n FROM "Asset"'), [{ n: 5 }], 'a start without the fault heals');
  },
  // The release's schema file (sandbox/schema-files.ts) expects a column the database never gets.
  async 'fc:code-expects-column'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    await app.close();
    const files = await writeSchemaFiles(await mkdtemp(join(tmpdir(), 'pf-schema-')), 'flowcomply', [fault]);
    assert.match(await readFile(files.schemaFile!, 'utf8'), /ADD COLUMN "phoneNumber"/);
    assert.doesNotMatch(await readFile(files.previousSchemaFile, 'utf8'), /phoneNumber/);
    assert.deepEqual(await sql(db, `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'User' AND column_name = 'phoneNumber'`), [
      { n: 0 },
    ]);
  },
  async 'fc:register-grants-role'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const body = { email: 'climber@example.com', password: 'Str0ng!Pass', firstName: 'C', lastName: 'L', organizationName: 'Climbers', role: 'SYSTEM_ADMIN' };
    const res = await call(app, '/api/v1/auth/register', { body });
    assert.deepEqual([res.status, res.body.data.user.role], [201, 'SYSTEM_ADMIN']);
    assert.equal((await call(app, '/api/v1/monitoring/queues', { token: res.body.data.accessToken })).status, 200);
  },
  async 'fc:me-leaks-hash'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const me = await call(app, '/api/v1/auth/me', { token: await login(app, ACCOUNTS.smoke) });
    assert.equal(me.status, 200);
    assert.match(me.body.data.passwordHash, /^scrypt\$/);
  },
  async 'fc:forged-token-accepted'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 600;
    const claims = b64({ sub: 'x', role: 'SYSTEM_ADMIN', organizationId: 'x', email: 'x', type: 'access', iat: exp - 900, exp });
    assert.equal((await call(app, '/api/v1/monitoring/queues', { token: `${b64({ alg: 'none', typ: 'JWT' })}.${claims}.` })).status, 200);
    const badSignature = `${b64({ alg: 'HS256', typ: 'JWT' })}.${claims}.bad-signature`;
    assert.equal((await call(app, '/api/v1/monitoring/queues', { token: badSignature })).status, 401, 'only alg none slips through');
  },
  async 'fc:cors-echo-origin'(db, fault) {
    const app = await startApp(env, db, { faults: [fault] });
    const res = await call(app, '/health', { headers: { origin: 'https://evil.example' } });
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://evil.example');
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
  },
  async 'fc:migration-pending'(db, fault) {
    const pending = `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NULL OR rolled_back_at IS NOT NULL`;
    const app = await startApp(env, db, { faults: [fault] });
    assert.deepEqual(await sql(db, pending), [{ migration_name: FLOWCOMPLY_MIGRATIONS.at(-1) }]);
    await app.close();
    await startApp(env, db, { fresh: false });
    assert.deepEqual(await sql(db, pending), [], 'a start without the fault heals');
  },
};

const fcFaults = FAULTS.filter((f) => f.app === 'flowcomply');

describe('flowcomply faults', () => {
  it('every fc:* fault in sandbox/faults.ts has a probe, and every probe a fault', () => {
    assert.deepEqual(Object.keys(PROBES).sort(), fcFaults.map((f) => f.id).sort());
  });
});

describe('each fault has its effect', { concurrency: true }, () => {
  for (const fault of fcFaults) {
    const probe: Probe | undefined = PROBES[fault.id];
    it(`${fault.id}: ${fault.effect}`, async () => {
      if (!probe) assert.fail(`No probe for ${fault.id}: add one to PROBES`);
      await probe(`fc_${fault.name.replace(/-/g, '_')}`, fault.id);
    });
  }
});
