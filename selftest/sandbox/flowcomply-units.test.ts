import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complianceScore } from '../../sandbox/flowcomply/api/analytics.ts';
import { readiness } from '../../sandbox/flowcomply/api/health.ts';
import { redisMetrics } from '../../sandbox/flowcomply/api/monitoring.ts';
import { missingStrings } from '../../sandbox/flowcomply/api/respond.ts';
import { failsAt } from '../../sandbox/flowcomply/faults.ts';
import { hashPassword, verifyPassword } from '../../sandbox/flowcomply/password.ts';
import { QueueModel, STUCK_QUEUE } from '../../sandbox/flowcomply/queues.ts';
import { decide, fallbackStore, memoryStore, rateLimiter } from '../../sandbox/flowcomply/rate-limit.ts';
import { FLOWCOMPLY_MIGRATIONS } from '../../sandbox/flowcomply/schema.ts';
import { bearerToken, signToken, verifyToken } from '../../sandbox/flowcomply/tokens.ts';
import { dashboardPage, loginPage } from '../../sandbox/flowcomply/web-pages.ts';

/** The pure parts of the FlowComply reference app; no server, no database. */
const secret = Buffer.from('unit-test-secret-unit-test-secret');
const subject = { sub: 'u1', email: 'a@b.nz', role: 'INSPECTOR', organizationId: 'o1' };

describe('tokens', () => {
  it('round-trips, and refuses tampered, expired, foreign and wrong-type tokens', () => {
    const now = Date.UTC(2025, 0, 1);
    const token = signToken(subject, 'access', secret, now);
    assert.equal(verifyToken(token, secret, 'access', now + 1000)?.sub, 'u1');
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'SYSTEM_ADMIN' })).toString('base64url');
    assert.equal(verifyToken(`${h}.${forged}.${s}`, secret, 'access', now), null);
    assert.equal(verifyToken(token, secret, 'access', now + 15 * 60 * 1000), null, 'expires after 15 minutes');
    assert.equal(verifyToken(token, Buffer.from('other'), 'access', now), null);
    assert.equal(verifyToken(token, secret, 'refresh', now), null);
    assert.equal(verifyToken('not.a.token', secret), null);
  });

  it('reads only a Bearer header', () => {
    assert.equal(bearerToken('Bearer abc'), 'abc');
    assert.equal(bearerToken('Basic abc'), null);
    assert.equal(bearerToken(undefined), null);
  });
});

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt per hash', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('correct horse', a), true);
    assert.equal(await verifyPassword('wrong horse', a), false);
    assert.equal(await verifyPassword('x', 'bcrypt$whatever'), false);
  });
});

describe('fc:error-rate counter', () => {
  it('fails exactly 15 of every 100 requests, the first at the 7th', () => {
    const fails = Array.from({ length: 1000 }, (_, n) => failsAt(n)).filter(Boolean).length;
    assert.equal(fails, 150);
    assert.equal(
      Array.from({ length: 100 }, (_, n) => n).find((n) => failsAt(n)),
      6,
    );
  });
});

describe('rate limit', () => {
  it('allows max requests per window, then refuses until the window ends', async () => {
    const limiter = rateLimiter(memoryStore(), { max: 3, windowMs: 1000 });
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push((await limiter.check('1.2.3.4', 0)).allowed);
    assert.deepEqual(verdicts, [true, true, true, false]);
    assert.equal((await limiter.check('5.6.7.8', 0)).allowed, true, 'counted per IP');
    assert.equal((await limiter.check('1.2.3.4', 1000)).allowed, true, 'a new window');
  });

  it('keeps the contract defaults unless overridden, even by an explicit undefined', () => {
    assert.deepEqual(rateLimiter(memoryStore(), { max: undefined }).options, { max: 100, windowMs: 900_000 });
    assert.deepEqual(decide({ count: 101, resetAt: 5 }, 100), { count: 101, resetAt: 5, allowed: false, remaining: 0 });
  });

  it('falls back to memory when the primary store fails', async () => {
    const errors: string[] = [];
    const broken = {
      hit: async () => {
        throw new Error('ECONNREFUSED');
      },
    };
    const store = fallbackStore(broken, memoryStore(), (e) => errors.push(e.message));
    assert.equal((await store.hit('k', 1000, 0)).count, 1);
    assert.deepEqual(errors, ['ECONNREFUSED']);
  });
});

describe('queue model', () => {
  const at = (model: QueueModel, ms: number) => {
    model.tick(ms);
    return model.counts();
  };

  it('healthy: completes jobs over time, waiting and active stay flat, repeatables sit in delayed', () => {
    const model = new QueueModel(0);
    const first = at(model, 1_000);
    const second = at(model, 4_000);
    for (const [a, b] of first.map((q, i) => [q, second[i]] as const)) {
      assert.equal(b.failed, 0);
      assert.ok(b.waiting <= a.waiting && b.active <= a.active, `${b.queueName} not growing`);
      assert.ok(b.completed > a.completed, `${b.queueName} processes jobs`);
    }
    assert.equal(second.find((q) => q.queueName === 'compliance-reports')?.delayed, 1);
  });

  it('stalled: failed jobs and a waiting count that grows between polls 3 s apart', () => {
    const model = new QueueModel(0, new Set([STUCK_QUEUE]));
    const a = at(model, 1_000).find((q) => q.queueName === STUCK_QUEUE)!;
    const b = at(model, 4_000).find((q) => q.queueName === STUCK_QUEUE)!;
    assert.ok(b.failed > 0);
    assert.equal(b.waiting - a.waiting, 3);
    assert.equal(model.workers().find((w) => w.queue === STUCK_QUEUE)?.status, 'stalled');
  });
});

describe('pure route helpers', () => {
  it('readiness: 200 only when every service is connected, else 503 naming the culprit', () => {
    const now = new Date(0);
    const ok = readiness(
      [
        { service: 'database', state: 'connected' },
        { service: 'redis', state: 'connected' },
      ],
      now,
    );
    assert.equal(ok.code, 200);
    const down = readiness(
      [
        { service: 'database', state: 'connected' },
        { service: 'redis', state: 'not_configured', error: 'REDIS_URL is not set' },
      ],
      now,
    );
    assert.equal(down.code, 503);
    assert.deepEqual(down.body, {
      status: 'not_ready',
      timestamp: now.toISOString(),
      error: 'redis: REDIS_URL is not set',
      services: { database: 'connected', redis: 'not_configured' },
    });
  });

  it('compliance score, Redis hit rate and field validation', () => {
    const base = { totalAssets: 5, criticalAssets: 2, activeDWSPs: 1, pendingReports: 1, overdueItems: 0, recentIncidents: 1 };
    assert.equal(complianceScore(base), 95);
    assert.equal(complianceScore({ ...base, activeDWSPs: 0, overdueItems: 9 }), 0);
    assert.equal(redisMetrics({ keyspace_hits: '3', keyspace_misses: '1' }).hitRate, 0.75);
    assert.equal(redisMetrics({ keyspace_hits: '0', keyspace_misses: '0' }).hitRate, null);
    assert.deepEqual(missingStrings({ email: 'a', password: ' ' }, ['email', 'password', 'x']), ['password', 'x']);
  });

  it('migrations are named and ordered as Prisma names them', () => {
    assert.equal(FLOWCOMPLY_MIGRATIONS[0], '20250101000000_init');
    assert.deepEqual([...FLOWCOMPLY_MIGRATIONS].sort(), FLOWCOMPLY_MIGRATIONS);
    for (const name of FLOWCOMPLY_MIGRATIONS) assert.match(name, /^\d{14}_[a-z_]+$/);
  });

  it('pages carry the labels the gate looks for and inject the API URL safely', () => {
    const login = loginPage('http://127.0.0.1:1</script>');
    assert.match(login, /<html lang="en">/);
    assert.match(login, /<label for="email">Email Address<\/label>/);
    assert.match(login, /<label for="password">Password<\/label>/);
    assert.match(login, /<button type="submit">Sign In<\/button>/);
    assert.doesNotMatch(login, /1<\/script>/, 'the API URL cannot close the script tag');
    const dashboard = dashboardPage('http://x');
    for (const label of ['Dashboard', 'Assets', 'Compliance Plans', 'Documents', 'Reports', 'Monitoring']) assert.match(dashboard, new RegExp(`>${label}</a>`));
    assert.match(dashboard, />Logout<\/button>/);
  });
});
