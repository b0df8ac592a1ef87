import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_PROFILES } from '../config/apps/index.ts';
import { environmentSchema } from '../src/config/environment.ts';
import type { GateContext } from '../src/checks/context.ts';
import { runLoadCheck, type LoadCheckOptions } from '../src/checks/load/load-check.ts';
import { LOAD_MEASURES } from '../src/checks/load/index.ts';
import { registeredIds } from '../src/checks/registry.ts';
/** The load check under test, for the load id the catalogue gives the context's app. */
const loadCheck = (ctx: GateContext, opts?: LoadCheckOptions) => runLoadCheck(ctx, registeredIds(LOAD_MEASURES, ctx.app)[0]!, opts);

import { scenarioOnRoutes } from '../src/checks/load/on-routes.ts';
import { runEmbedded } from '../src/checks/load/embedded-engine.ts';

/**
 * The embedded engine (autocannon) for real against small HTTP servers started here, each
 * with one behaviour: healthy, a 503 on every 7th request, 600 ms of delay, hanging requests,
 * a throttler answering 429 to 9 requests in 10.
 * Runs are 3 s: long enough for hundreds of samples, short enough for a self-test.
 */

type Mode = 'healthy' | 'every7th503' | 'slow600' | 'hangEvery5th' | 'mostly429' | 'login429';
interface Api {
  url: string;
  hits: Record<string, number>;
  unauthorised: number;
  close: () => Promise<void>;
}

async function startApi(mode: Mode): Promise<Api> {
  const hits: Record<string, number> = {};
  let counted = 0;
  let unauthorised = 0;
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '').split('?')[0];
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && url === '/api/v1/auth/login') {
      if (mode === 'login429') return send(429, { statusCode: 429, message: 'ThrottlerException: Too Many Requests' });
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const body = JSON.parse(raw || '{}');
        if (body.email === 'smoke@postflight.test' && body.password === 'Sm0ke!pass') send(200, { access_token: 'tok-123', token_type: 'Bearer' });
        else send(401, { message: 'Invalid email or password' });
      });
      return;
    }
    if (url === '/api/v1/health') return send(200, { status: 'ok' });
    hits[url] = (hits[url] ?? 0) + 1;
    if (req.headers.authorization !== 'Bearer tok-123') {
      unauthorised++;
      return send(401, { message: 'Unauthorized' });
    }
    counted++;
    if (mode === 'every7th503' && counted % 7 === 0) return send(503, { message: 'Service Unavailable' });
    // A throttler in front of a healthy app: 9 requests in 10 get 429.
    if (mode === 'mostly429' && counted % 10 !== 0) return send(429, { statusCode: 429, message: 'ThrottlerException: Too Many Requests' });
    if (mode === 'hangEvery5th' && counted % 5 === 0) return; // never answers
    if (mode === 'slow600') return void setTimeout(() => send(200, { data: [] }), 600);
    send(200, { data: [], meta: { page: 1 } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    get unauthorised() {
      return unauthorised;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const work = mkdtempSync(path.join(tmpdir(), 'pf-embedded-'));
after(() => rmSync(work, { recursive: true, force: true }));
const servers: Api[] = [];
/** The Financial RISE scenario as the load check hands it to an engine: routes resolved. */
const FR_SCENARIO = scenarioOnRoutes(
  APP_PROFILES['financial-rise'].load,
  (key) => (APP_PROFILES['financial-rise'].routes as Record<string, string>)[key]!,
  'access_token',
);
after(() => Promise.all(servers.map((s) => s.close())));

function ctxFor(apiUrl: string): GateContext {
  const env = environmentSchema.parse({ name: 'selftest', kind: 'local', apps: { 'financial-rise': { apiUrl, webUrl: apiUrl } } });
  return {
    app: 'financial-rise',
    profile: APP_PROFILES['financial-rise'],
    target: env.apps['financial-rise']!,
    env,
    runId: 'selftest-embedded',
    runDir: path.join(work, String(servers.length)),
    reportsRoot: work,
    secrets: { smokeEmail: 'smoke@postflight.test', smokePassword: 'Sm0ke!pass' },
    phases: ['load'],
    settings: { load: {} },
    loadEngine: 'embedded',
    log: () => {},
    processEnv: {},
    deployedAt: new Date(),
    now: () => new Date(),
  };
}

async function loadAgainst(mode: Mode) {
  const api = await startApi(mode);
  servers.push(api);
  const result = await loadCheck(ctxFor(api.url), { durationS: 3, vus: 5 });
  return { api, result, failing: result.assertions.filter((a) => !a.passed).map((a) => a.name) };
}

test('healthy API: pass, with the profile mix and the token from one login', async () => {
  const { api, result } = await loadAgainst('healthy');
  assert.equal(result.status, 'pass', result.message);
  assert.equal(result.metrics?.engine, 'embedded');
  assert.ok(Number(result.metrics?.requests) > 100, `requests ${result.metrics?.requests}`);
  assert.equal(api.unauthorised, 0, 'every authenticated request carried the bearer token');
  // The FR mix is health 1 : list 6 : questions 3 (health is not counted in hits).
  const list = api.hits['/api/v1/assessments'] ?? 0;
  const questions = api.hits['/api/v1/questionnaire/questions'] ?? 0;
  assert.ok(Math.abs(list / questions - 2) < 0.2, `list ${list} / questions ${questions}`);
});

test('a 503 on every 7th request: the error rate fails (about 14 %), latency does not', async () => {
  const { result, failing } = await loadAgainst('every7th503');
  assert.equal(result.status, 'fail');
  assert.deepEqual(failing, ['error rate']);
  const rate = Number(result.metrics?.errorRate);
  assert.ok(rate > 0.1 && rate < 0.15, `error rate ${rate}`);
});

test('600 ms of delay on every request: p95 fails, nothing else', async () => {
  const { result, failing } = await loadAgainst('slow600');
  assert.equal(result.status, 'fail');
  assert.deepEqual(failing, ['p95 latency']);
  assert.ok(Number(result.metrics?.p95Ms) >= 600, `p95 ${result.metrics?.p95Ms}`);
});

test('requests that never answer are counted as timeouts and as slow as the timeout', async () => {
  const api = await startApi('hangEvery5th');
  servers.push(api);
  const base = FR_SCENARIO;
  const m = await runEmbedded({
    target: api.url,
    scenario: { ...base, vus: 4, durationS: 3, timeoutMs: 1000 },
    credentials: { email: 'smoke@postflight.test', password: 'Sm0ke!pass' },
    log: () => {},
  });
  assert.ok(m.timeouts > 0, `timeouts ${m.timeouts}`);
  assert.ok(m.p95Ms >= 1000, `p95 ${m.p95Ms}`);
  assert.ok(m.errorRate > 0);
});

test('a response slower than a sub-second timeout counts as a timeout (autocannon cannot wait < 1 s)', async () => {
  const api = await startApi('slow600');
  servers.push(api);
  const m = await runEmbedded({
    target: api.url,
    scenario: { ...FR_SCENARIO, vus: 2, durationS: 2, timeoutMs: 500 },
    credentials: { email: 'smoke@postflight.test', password: 'Sm0ke!pass' },
    log: () => {},
  });
  // Health (1 in 10 of the mix) is not delayed by this server; everything else is late.
  assert.ok(m.timeouts / m.requests > 0.6, `timeouts ${m.timeouts} of ${m.requests}`);
  assert.equal(m.errorRate, m.timeouts / m.requests, 'a late response is a failed request');
});

test('target down: an error that says so, not a pass and not a fail', async () => {
  const api = await startApi('healthy');
  const url = api.url;
  await api.close();
  const r = await loadCheck(ctxFor(url), { durationS: 3, vus: 2 });
  assert.equal(r.status, 'error');
  assert.match(r.message, /is down/);
});

test('a throttler answering 429 to most requests: error caused by the gate, 429s counted apart, not errors', async () => {
  const { result, failing } = await loadAgainst('mostly429');
  assert.equal(result.status, 'error', result.message);
  assert.equal(result.cause, 'gate');
  assert.deepEqual(failing, [], 'nothing judged about the app');
  assert.match(result.message, /the target rate-limited the gate \((\d+) of (\d+) requests answered 429.*: allowlist the gate's IP or lower the rate/);
  const [, n, of] = /\((\d+) of (\d+) requests answered 429/.exec(result.message)!;
  assert.equal(Number(n), result.metrics?.throttled429);
  assert.equal(Number(of), result.metrics?.requests);
  // Health (1 in 10 of the mix) is never throttled here; of the rest, 9 in 10 are.
  const share = Number(n) / Number(of);
  assert.ok(share > 0.7 && share < 0.9, `429 share ${share}`);
  assert.equal(result.metrics?.unjudgedErrorRate, 0, 'a 429 is not an error of the app');
  // The rollback criteria read errorRate / p95Ms of the load check: a throttled run has neither.
  assert.equal(result.metrics?.errorRate, undefined);
  assert.equal(result.metrics?.p95Ms, undefined);
});

test('pacing: an arrival rate of 20 requests/s is kept (within 25 %) however many connections', async () => {
  const api = await startApi('healthy');
  servers.push(api);
  const m = await runEmbedded({
    target: api.url,
    scenario: { ...FR_SCENARIO, vus: 4, durationS: 3, arrivalRate: 20 },
    credentials: { email: 'smoke@postflight.test', password: 'Sm0ke!pass' },
    log: () => {},
  });
  const rate = m.requests / m.durationS;
  assert.ok(rate > 15 && rate < 25, `measured ${m.requests} requests in ${m.durationS} s = ${rate.toFixed(1)}/s`);
  assert.equal(m.throttled, 0);
});

test('pacing below 1 request/s: the embedded engine refuses (it would overshoot) and names k6', async () => {
  const api = await startApi('healthy');
  servers.push(api);
  const ctx = ctxFor(api.url);
  const slow = { ...ctx, profile: { ...ctx.profile, load: { ...ctx.profile.load, arrivalRate: 0.1 } } } as unknown as GateContext;
  const r = await loadCheck(slow, { durationS: 2, vus: 1 });
  assert.equal(r.status, 'error');
  assert.match(r.message, /paced at 0\.1 requests\/s; the embedded engine paces in whole requests per second/);
  assert.match(r.message, /install k6/);
});

test('the one login answered 429: error, says the gate was rate-limited before the load started', async () => {
  const api = await startApi('login429');
  servers.push(api);
  const r = await loadCheck(ctxFor(api.url), { durationS: 2, vus: 1 });
  assert.equal(r.status, 'error');
  assert.equal(r.cause, 'gate');
  assert.match(r.message, /HTTP 429: the target rate-limited the gate before the load started — allowlist the gate's IP/);
});

test("the run's deadline stops the embedded engine at once: nothing keeps sending", async () => {
  const api = await startApi('healthy');
  servers.push(api);
  const deadline = new AbortController();
  setTimeout(() => deadline.abort(new Error('deadline')), 1500).unref();
  const started = Date.now();
  await runEmbedded({
    target: api.url,
    scenario: { ...FR_SCENARIO, vus: 2, durationS: 30 },
    credentials: { email: 'smoke@postflight.test', password: 'Sm0ke!pass' },
    log: () => {},
    signal: deadline.signal,
  });
  const seconds = (Date.now() - started) / 1000;
  assert.ok(seconds < 6, `a 30 s load run went on ${seconds} s after its deadline fired at 1.5 s`);
});
