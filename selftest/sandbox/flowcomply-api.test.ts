import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { FLOWCOMPLY_MIGRATIONS } from '../../sandbox/flowcomply/index.ts';
import { startRedis } from '../../sandbox/redis.ts';
import { ACCOUNTS, call, login, setupEnv, startApp, type App, type Env } from './flowcomply-harness.ts';

/**
 * The FlowComply reference app through real HTTP, against a real embedded PostgreSQL and,
 * when `redis-server` is installed, a real Redis: every route of the contract, the pages,
 * the rate limit, outages, restarts. Faults are in flowcomply-faults.test.ts.
 */
const NO_REDIS = 'redis-server is not on PATH: the connected-Redis path is untested here (the not_configured path is)';

let env: Env;
before(async () => {
  env = await setupEnv();
});
after(async () => {
  await env?.stop();
});

async function page(app: App, path: string): Promise<{ status: number; html: string; type: string | null }> {
  const res = await fetch(app.webUrl + path);
  return { status: res.status, html: await res.text(), type: res.headers.get('content-type') };
}

describe('healthy app', () => {
  let app: App;
  let smoke: string;
  let admin: string;
  before(async () => {
    app = await startApp(env, 'fc_api');
    [smoke, admin] = await Promise.all([login(app, ACCOUNTS.smoke), login(app, ACCOUNTS.admin)]);
  });

  it('GET /health and /health/ready', async (t) => {
    const health = await call(app, '/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ok');
    for (const k of ['timestamp', 'uptime', 'environment']) assert.ok(k in health.body, k);
    if (!env.redis) return t.skip(NO_REDIS);
    const ready = await call(app, '/health/ready');
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    assert.deepEqual(ready.body.services, { database: 'connected', redis: 'connected', s3: 'connected' });
    assert.equal(ready.body.status, 'ready');
  });

  it('login: token shape, 400 missing field, 401 wrong password or unknown email', async () => {
    const ok = await call(app, '/api/v1/auth/login', { method: 'POST', body: { email: 'SMOKE@flowcomply.test', password: ACCOUNTS.smoke.password } });
    assert.equal(ok.status, 200);
    const { user, accessToken, token, refreshToken, expiresIn } = ok.body.data;
    assert.deepEqual(Object.keys(user).sort(), ['email', 'firstName', 'id', 'lastName', 'organizationId', 'role']);
    assert.equal(user.role, 'COMPLIANCE_MANAGER');
    assert.ok(accessToken && refreshToken && token === accessToken);
    assert.equal(expiresIn, '15m');
    assert.equal((await call(app, '/api/v1/auth/login', { method: 'POST', body: { email: ACCOUNTS.smoke.email } })).status, 400);
    const wrong = await call(app, '/api/v1/auth/login', { method: 'POST', body: { email: ACCOUNTS.throwaway.email, password: 'nope-nope' } });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, { success: false, error: 'Invalid credentials' });
    assert.equal((await call(app, '/api/v1/auth/login', { method: 'POST', body: { email: 'nobody@x.nz', password: 'x' } })).status, 401);
  });

  it('GET /auth/me, and 401 without a valid access token', async () => {
    const me = await call(app, '/api/v1/auth/me', { token: smoke });
    assert.equal(me.status, 200);
    assert.equal(me.body.data.firstName, 'Sam');
    assert.equal(me.body.data.isActive, true);
    assert.equal(me.body.data.organization.name, 'Smoke Test Water Supply');
    assert.equal((await call(app, '/api/v1/auth/me')).status, 401);
    assert.equal((await call(app, '/api/v1/auth/me', { token: `${smoke}x` })).status, 401);
  });

  it('register creates an organisation and its ORG_ADMIN (201), 409 on a duplicate, 400 on a gap', async () => {
    const body = { email: 'owner@newsupply.nz', password: 'Owner-Passw0rd!', firstName: 'Owen', lastName: 'Er', organizationName: 'New Supply' };
    const created = await call(app, '/api/v1/auth/register', { method: 'POST', body });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.data.user.role, 'ORG_ADMIN');
    assert.equal(created.body.data.organization.name, 'New Supply');
    const me = await call(app, '/api/v1/auth/me', { token: await login(app, body) });
    assert.equal(me.body.data.organization.name, 'New Supply');
    assert.equal((await call(app, '/api/v1/auth/register', { method: 'POST', body })).status, 409);
    assert.equal((await call(app, '/api/v1/auth/register', { method: 'POST', body: { ...body, email: 'b@c.nz', organizationName: '' } })).status, 400);
  });

  it('assets: list, create (201), delete needs ORG_ADMIN+; dashboard follows', async (t) => {
    const list = await call(app, '/api/v1/assets', { token: smoke });
    assert.equal(list.status, 200);
    assert.deepEqual(Object.keys(list.body.data).sort(), ['assets', 'limit', 'offset', 'total']);
    assert.equal(list.body.data.total, 5);
    const first = await call(app, '/api/v1/analytics/dashboard', { token: smoke });
    assert.equal(first.body.data.overview.totalAssets, 5);
    const created = await call(app, '/api/v1/assets', { method: 'POST', token: smoke, body: { name: 'Smoke asset', type: 'BORE' } });
    assert.equal(created.status, 201);
    const throwaway = await login(app, ACCOUNTS.throwaway);
    assert.equal((await call(app, '/api/v1/assets', { method: 'POST', token: throwaway, body: { name: 'x', type: 'BORE' } })).status, 403);
    assert.equal((await call(app, '/api/v1/assets', { method: 'POST', token: smoke, body: { name: 'x' } })).status, 400);
    const after = await call(app, '/api/v1/analytics/dashboard', { token: smoke });
    assert.equal(after.body.data.overview.totalAssets, 6, 'creating an asset invalidates the cached dashboard');
    const path = `/api/v1/assets/${created.body.data.id}`;
    assert.equal((await call(app, path, { method: 'DELETE', token: smoke })).status, 403);
    assert.equal((await call(app, path, { method: 'DELETE', token: admin })).status, 200);
    assert.equal((await call(app, path, { method: 'DELETE', token: admin })).status, 404);
    if (!env.redis) return t.skip(NO_REDIS);
    const again = await call(app, '/api/v1/analytics/dashboard', { token: smoke });
    const cached = await call(app, '/api/v1/analytics/dashboard', { token: smoke });
    assert.deepEqual([again.body.cached, cached.body.cached], [false, true]);
  });

  it('GET /analytics/dashboard per contract', async () => {
    const res = await call(app, '/api/v1/analytics/dashboard', { token: smoke });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body.data.overview).sort(), [
      'activeDWSPs',
      'complianceScore',
      'criticalAssets',
      'overdueItems',
      'pendingReports',
      'recentIncidents',
      'totalAssets',
    ]);
    assert.equal(typeof res.body.cached, 'boolean');
    assert.ok(res.body.data.generatedAt);
  });

  it('monitoring: 403 for non-admins; system, queues, metrics for SYSTEM_ADMIN', async (t) => {
    for (const route of ['system', 'queues', 'metrics']) {
      assert.equal((await call(app, `/api/v1/monitoring/${route}`, { token: smoke })).status, 403, route);
    }
    const system = await call(app, '/api/v1/monitoring/system', { token: admin });
    assert.equal(system.body.status, 'healthy');
    assert.equal(system.body.totalFailed, 0);
    assert.equal(system.body.workers.length, 3);
    const metrics = await call(app, '/api/v1/monitoring/metrics', { token: admin });
    assert.equal(metrics.status, 200);
    assert.ok(metrics.body.database.activeConnections >= 1);
    assert.ok(metrics.body.database.maxConnections > metrics.body.database.activeConnections);
    assert.ok('idleConnections' in metrics.body.database);
    if (!env.redis) return t.skip(NO_REDIS);
    assert.equal(typeof metrics.body.redis.hitRate, 'number', JSON.stringify(metrics.body.redis));
  });

  it('queues: running, nothing failed, waiting/active not growing over two polls 3 s apart', async () => {
    const poll = async () => (await call(app, '/api/v1/monitoring/queues', { token: admin })).body.queues as any[];
    const first = await poll();
    await new Promise((r) => setTimeout(r, 3000));
    const second = await poll();
    assert.deepEqual(
      second.map((q) => q.queueName),
      ['compliance-reports', 'email-notifications', 'document-processing'],
    );
    for (const [i, q] of second.entries()) {
      assert.equal(q.failed, 0);
      assert.ok(q.waiting <= first[i].waiting && q.active <= first[i].active, JSON.stringify([first[i], q]));
      assert.ok(q.completed > first[i].completed, `${q.queueName} processes jobs`);
      assert.equal(q.total, q.waiting + q.active + q.completed + q.failed + q.delayed);
    }
    assert.equal(second[0].delayed, 1, 'the repeatable job waits in delayed');
  });

  it('CORS admits the front end only', async () => {
    const preflight = await call(app, '/api/v1/auth/login', { method: 'OPTIONS', headers: { origin: app.webUrl, 'access-control-request-method': 'POST' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), app.webUrl);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const foreign = await call(app, '/health', { headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });

  it("front end: home, login and dashboard pages with the gate's labels; 404 elsewhere", async () => {
    const home = await page(app, '/');
    assert.equal(home.status, 200);
    assert.match(home.type ?? '', /text\/html/);
    assert.match(home.html, /href="\/login"/);
    const signIn = await page(app, '/login');
    assert.match(signIn.html, /<h1>Sign In<\/h1>/);
    assert.match(signIn.html, /<label for="email">Email Address<\/label>/);
    assert.ok(signIn.html.includes(`window.__API__ = ${JSON.stringify(app.apiUrl)}`));
    const dashboard = await page(app, '/dashboard');
    assert.match(dashboard.html, /Welcome back/);
    assert.match(dashboard.html, />Compliance Plans<\/a>/);
    for (const path of ['/assets', '/compliance-plans', '/documents', '/reports', '/monitoring']) assert.equal((await page(app, path)).status, 200, path);
    assert.equal((await page(app, '/nope')).status, 404);
  });

  it('logs startup lines and no ERROR while healthy', () => {
    assert.ok(app.logs.includes('INFO Database connected'));
    assert.ok(app.logs.some((l) => /^INFO Server listening on port \d+$/.test(l)));
    assert.deepEqual(
      app.logs.filter((l) => l.startsWith('ERROR')),
      [],
    );
  });
});

describe('without REDIS_URL', () => {
  it('readiness says not_configured (503), metrics say why, the dashboard is never cached', async () => {
    const app = await startApp(env, 'fc_noredis', { overrides: { redisUrl: undefined } });
    const ready = await call(app, '/health/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.status, 'not_ready');
    assert.equal(ready.body.services.redis, 'not_configured');
    assert.match(ready.body.error, /REDIS_URL is not set/);
    const admin = await login(app, ACCOUNTS.admin);
    const metrics = await call(app, '/api/v1/monitoring/metrics', { token: admin });
    assert.deepEqual([metrics.body.redis.hitRate, metrics.body.redis.reason], [null, 'REDIS_URL is not set']);
    const dash = await Promise.all([1, 2].map(() => call(app, '/api/v1/analytics/dashboard', { token: admin })));
    assert.deepEqual(
      dash.map((d) => d.body.cached),
      [false, false],
    );
  });
});

describe('rate limit', () => {
  it('default: 100 requests per 15 minutes per IP across all routes, then 429', async () => {
    // Its own Redis database, so counts from the other apps in this file do not leak in.
    const app = await startApp(env, 'fc_ratelimit', { overrides: { rateLimit: undefined, ...(env.redis ? { redisUrl: `${env.redis.url}/3` } : {}) } });
    for (let i = 0; i < 100; i++) {
      const res = await call(app, i % 2 ? '/health' : '/api/v1/auth/me');
      assert.notEqual(res.status, 429, `request ${i + 1}`);
    }
    const refused = await call(app, '/api/v1/auth/login', { method: 'POST', body: ACCOUNTS.smoke });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.success, false);
    assert.match(refused.body.error, /Too many requests/);
    assert.equal(refused.headers.get('x-ratelimit-limit'), '100');
    assert.ok(Number(refused.headers.get('retry-after')) > 800);
  });
});

describe('lifecycle and outages', () => {
  it('restarts converge idempotently, and close() releases its database connections', async () => {
    const first = await startApp(env, 'fc_life');
    await first.close();
    const second = await startApp(env, 'fc_life', { fresh: false });
    await login(second, ACCOUNTS.smoke);
    await second.close();
    await assert.rejects(fetch(`${second.apiUrl}/health`), 'the API socket is closed');
    const client = new pg.Client({ connectionString: env.pg.adminUrl });
    await client.connect();
    try {
      const users = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = 'fc_life'`);
      assert.equal(users.rows[0].n, 0, 'no connection left open');
      const db = new pg.Client({ connectionString: env.pg.urlFor('fc_life') });
      await db.connect();
      const rows = (await db.query(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`)).rows;
      const seeded = (await db.query(`SELECT count(*)::int AS n FROM "User" WHERE email = $1`, [ACCOUNTS.smoke.email])).rows[0].n;
      await db.end();
      assert.deepEqual(
        rows.map((r) => r.migration_name),
        FLOWCOMPLY_MIGRATIONS,
      );
      assert.ok(rows.every((r) => r.finished_at && !r.rolled_back_at));
      assert.equal(seeded, 1);
    } finally {
      await client.end();
    }
  });

  it('readiness turns 503 when the document store becomes unreachable', async () => {
    const app = await startApp(env, 'fc_s3', { overrides: { redisUrl: undefined } });
    await rm(join(app.dataDir, 'flowcomply-documents'), { recursive: true, force: true });
    await writeFile(join(app.dataDir, 'flowcomply-documents'), 'not a directory');
    const ready = await call(app, '/health/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.services.s3, 'disconnected');
    assert.match(ready.body.error, /s3: /);
  });

  it('Redis stopping at runtime: readiness 503, dashboard still served, connections released on close', async (t) => {
    if (!env.redis) return t.skip(NO_REDIS);
    const own = await startRedis(undefined);
    assert.ok(own);
    env.cleanups.push(own.stop);
    const app = await startApp(env, 'fc_redis_outage', { overrides: { redisUrl: own.url } });
    assert.equal((await call(app, '/health/ready')).status, 200);
    const probe = new Redis(own.url);
    await app.close();
    assert.equal(Number(/connected_clients:(\d+)/.exec(await probe.info('clients'))?.[1]), 1, 'only this probe is connected');
    probe.disconnect();
    const again = await startApp(env, 'fc_redis_outage', { overrides: { redisUrl: own.url }, fresh: false });
    await own.stop();
    const ready = await call(again, '/health/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.services.redis, 'disconnected');
    const dash = await call(again, '/api/v1/analytics/dashboard', { token: await login(again, ACCOUNTS.smoke) });
    assert.deepEqual([dash.status, dash.body.cached], [200, false]);
  });
});
