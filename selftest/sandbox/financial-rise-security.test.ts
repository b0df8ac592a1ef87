import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LOCKED_MESSAGE } from '../../sandbox/financial-rise/lockout.ts';
import { ACCOUNTS, ApiClient, GENEROUS, setupEnv, startApp, STRONG_PASSWORD, uniqueEmail, type Env, type Started } from './financial-rise-harness.ts';

/** CSRF double submit, CORS, rate limits (contract defaults) and account lockout. */
describe('Financial RISE sandbox: request guards', () => {
  let env: Env;
  let generous: Started;

  before(async () => {
    env = await setupEnv('fr_security');
    generous = await startApp(env, { rateLimits: GENEROUS });
  });
  after(async () => {
    await generous?.app.close();
    await env?.stop();
  });

  test('every response sets a readable XSRF-TOKEN cookie and repeats it in a header and at /auth/csrf', async () => {
    const res = await fetch(`${generous.app.apiUrl}/api/v1/health`);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^XSRF-TOKEN=[A-Za-z0-9_-]+; Path=\//);
    assert.doesNotMatch(cookie, /HttpOnly/i);
    const token = /XSRF-TOKEN=([^;]+)/.exec(cookie)?.[1];
    assert.equal(res.headers.get('x-csrf-token'), token);
    const again = await fetch(`${generous.app.apiUrl}/api/v1/auth/csrf`, { headers: { cookie: `XSRF-TOKEN=${token}` } });
    assert.deepEqual(await again.json(), { csrfToken: token }, 'a client keeps its token');
  });

  test('CSRF: a write without the header, or with a different one, is refused with 403', async () => {
    const api = new ApiClient(generous.app.apiUrl);
    const token = await api.login(ACCOUNTS.consultant.email, ACCOUNTS.consultant.password);
    const body = { clientName: 'C', businessName: 'B', clientEmail: 'c@example.com' };
    const missing = await api.call('POST', '/api/v1/assessments', { token, body, csrf: false });
    assert.equal(missing.status, 403);
    assert.equal(missing.body.message, 'CSRF token missing');
    const wrong = await api.call('POST', '/api/v1/assessments', { token, body, csrf: false, headers: { 'x-csrf-token': 'aaaaaaaaaaaaaaaaaaaaaaaa' } });
    assert.equal(wrong.status, 403);
    const noCookie = await fetch(`${generous.app.apiUrl}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-csrf-token': api.csrf },
    });
    assert.equal(noCookie.status, 403, 'the header alone is not enough: it must match the cookie');
    assert.equal((await api.call('POST', '/api/v1/assessments', { token, body })).status, 201);
  });

  test('CORS: the web origin is allowed (preflight included); any other origin gets no CORS headers and no 5xx', async () => {
    const web = new URL(generous.app.webUrl).origin;
    const ok = await fetch(`${generous.app.apiUrl}/api/v1/health`, { headers: { origin: web } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), web);
    assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
    const pre = await fetch(`${generous.app.apiUrl}/api/v1/assessments`, {
      method: 'OPTIONS',
      headers: { origin: web, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-csrf-token' },
    });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /X-CSRF-Token/);
    // The contract's deployed app answers 500 here; CHECKS.md calls that a defect (fr:cors-foreign-500).
    const before = generous.logs.filter((l) => l.level === 'ERROR').length;
    const evil = await fetch(`${generous.app.apiUrl}/api/v1/health`, { headers: { origin: 'https://evil.example' } });
    assert.equal(evil.status, 200);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const evilPre = await fetch(`${generous.app.apiUrl}/api/v1/assessments`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(evilPre.status, 204);
    assert.equal(evilPre.headers.get('access-control-allow-origin'), null);
    assert.equal(generous.logs.filter((l) => l.level === 'ERROR').length, before, 'nothing is logged as ERROR');
  });

  test('lockout: five failed logins lock the account; even the right password is refused', async () => {
    const api = new ApiClient(generous.app.apiUrl);
    const email = uniqueEmail('locked');
    assert.equal(
      (
        await api.call('POST', '/api/v1/auth/register', {
          body: { email, password: STRONG_PASSWORD, first_name: 'L', last_name: 'K' },
        })
      ).status,
      201,
    );
    for (let i = 0; i < 5; i++) {
      const r = await api.call('POST', '/api/v1/auth/login', { body: { email, password: 'Wrong!Pass1' } });
      assert.equal(r.status, 401);
      assert.equal(r.body.message, 'Invalid email or password');
    }
    const locked = await api.call('POST', '/api/v1/auth/login', { body: { email, password: STRONG_PASSWORD } });
    assert.equal(locked.status, 401);
    assert.equal(locked.body.message, LOCKED_MESSAGE);
    // The lock is per account: the smoke account is untouched.
    assert.equal(
      (await api.call('POST', '/api/v1/auth/login', { body: { email: ACCOUNTS.consultant.email, password: ACCOUNTS.consultant.password } })).status,
      200,
    );
  });

  test('rate limits at the contract defaults: login 5 / minute, register 3 / hour, others 100 / minute', async () => {
    const strict = await startApp(env);
    try {
      const api = new ApiClient(strict.app.apiUrl);
      const logins = [];
      for (let i = 0; i < 6; i++) {
        logins.push(await api.call('POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: 'x' } }));
      }
      assert.deepEqual(
        logins.map((r) => r.status),
        [401, 401, 401, 401, 401, 429],
      );
      assert.match(logins[5].body.message, /Too many requests.*5 per minute/);
      assert.ok(Number(logins[5].headers.get('retry-after')) > 0);

      const registers = [];
      for (let i = 0; i < 4; i++) {
        registers.push(
          (
            await api.call('POST', '/api/v1/auth/register', {
              body: { email: uniqueEmail('rl'), password: i === 0 ? 'weak' : STRONG_PASSWORD, first_name: 'R', last_name: 'L' },
            })
          ).status,
        );
      }
      assert.deepEqual(registers, [400, 201, 201, 429], 'failed requests count too');

      const health = [];
      for (let i = 0; i < 101; i++) health.push((await api.call('GET', '/api/v1/health')).status);
      assert.equal(health.filter((s) => s === 200).length, 100);
      assert.equal(health[100], 429);
    } finally {
      await strict.app.close();
    }
  });
});
