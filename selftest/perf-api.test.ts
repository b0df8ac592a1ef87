import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { financialRise } from '../config/apps/index.ts';
import type { ApiBudget } from '../src/config/app-profile.ts';
import { environmentSchema } from '../src/config/environment.ts';
import type { GateContext } from '../src/checks/context.ts';
import { runApiLatencyCheck } from '../src/checks/perf/api-latency.ts';

/**
 * fr.perf.api against a stand-in of the Financial RISE API that keeps the contract's sharp
 * edges: CSRF double-submit on every write, 5xx for any Origin header, bearer auth, reports
 * generated asynchronously, invitation emails readable from a maildev-shaped endpoint.
 */

interface Behaviour {
  getDelayMs?: number;
  failEveryGet?: number;
  submitFails?: boolean;
  reportMs?: number;
  reportFails?: boolean;
}

interface Row {
  id: string;
  status: string;
  token: string;
  email: string;
  deleted: boolean;
}

async function startApi(b: Behaviour = {}) {
  const rows = new Map<string, Row>();
  const reports = new Map<string, { assessmentId: string; doneAt: number }>();
  const mails: { id: string; to: { address: string }[]; subject: string; text: string; html: string }[] = [];
  const problems: string[] = [];
  let gets = 0;
  const questions = [
    {
      id: 'STAB-001',
      type: 'single_choice',
      text: 'Q1',
      options: [
        { value: 'a', label: 'A' },
        { value: 'b', label: 'B' },
      ],
    },
    { id: 'STAB-002', type: 'multiple_choice', text: 'Q2', options: [{ value: 'x', label: 'X' }] },
    { id: 'DISC-001', type: 'scale', text: 'Q3', options: [1, 2, 3, 4, 5].map((v) => ({ value: v, label: String(v) })) },
    { id: 'NOTE-001', type: 'text', text: 'Q4', options: [] },
  ];
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? JSON.parse(raw) : {};
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    const cookie = /XSRF-TOKEN=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    res.setHeader('set-cookie', `XSRF-TOKEN=${cookie ?? randomBytes(8).toString('hex')}; Path=/`);
    const send = (status: number, data?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(data === undefined ? '' : JSON.stringify(data));
    };
    if (req.headers.origin) {
      problems.push(`Origin sent on ${req.method} ${p}`);
      return send(500, { message: 'Not allowed by CORS' });
    }
    if (p.startsWith('/maildev/api/email')) return send(200, mails);
    const isWrite = req.method !== 'GET';
    if (isWrite && p !== '/api/v1/auth/login' && (!cookie || req.headers['x-csrf-token'] !== cookie)) {
      problems.push(`CSRF missing on ${req.method} ${p}`);
      return send(403, { message: 'CSRF token missing' });
    }
    if (p === '/api/v1/health') return send(200, { status: 'ok' });
    if (p === '/api/v1/auth/login') {
      return body.email === 'consultant@postflight.test' && body.password === 'Sm0ke!pass'
        ? send(200, { access_token: 'tok-fr', token_type: 'Bearer' })
        : send(401, { message: 'Invalid email or password' });
    }
    const client = /^\/api\/v1\/client\/([^/]+)\/(questions|responses|submit)$/.exec(p);
    if (client) {
      const row = [...rows.values()].find((r) => r.token === client[1]);
      if (!row) return send(404, { message: 'Assessment link not found or expired' });
      if (client[2] === 'questions') return send(200, { questions });
      if (client[2] === 'responses') return send(201, { saved: (body.responses ?? [body]).length });
      if (b.submitFails) return send(500, { message: 'Internal server error' });
      row.status = 'completed';
      return send(200, { id: row.id, status: row.status });
    }
    if (req.headers.authorization !== 'Bearer tok-fr') return send(401, { message: 'Unauthorized' });
    if (p === '/api/v1/assessments' && req.method === 'GET') {
      gets++;
      if (b.failEveryGet && gets % b.failEveryGet === 0) return send(503, { message: 'Service Unavailable' });
      await new Promise((r) => setTimeout(r, b.getDelayMs ?? 0));
      return send(200, { data: [], meta: { page: 1, limit: 10, total: 0, totalPages: 0 } });
    }
    if (p === '/api/v1/assessments' && req.method === 'POST') {
      const row: Row = { id: randomUUID(), status: 'draft', token: randomBytes(18).toString('base64url'), email: body.clientEmail, deleted: false };
      rows.set(row.id, row);
      const link = `http://web.test/client/${row.token}`;
      mails.push({ id: row.id, to: [{ address: row.email }], subject: 'Your assessment', text: `Start here: ${link}`, html: `<a href="${link}">Start</a>` });
      return send(201, { id: row.id, client_name: body.clientName, status: 'draft', progress: '0.00' });
    }
    const one = /^\/api\/v1\/assessments\/([^/]+)(\/submit)?$/.exec(p);
    if (one) {
      const row = rows.get(one[1]);
      if (!row || row.deleted) return send(404, { message: 'Assessment not found' });
      if (one[2]) {
        if (b.submitFails) return send(500, { message: 'deadlock detected' });
        row.status = 'completed';
        return send(200, { id: row.id, status: row.status });
      }
      if (req.method === 'DELETE') {
        row.deleted = true;
        return send(204);
      }
      return send(200, { id: row.id, status: row.status });
    }
    if (p === '/api/v1/questionnaire/questions') return send(200, { questions, meta: { totalQuestions: questions.length } });
    if (p === '/api/v1/questionnaire/responses') return send(201, { questionId: body.questionId });
    if (p === '/api/v1/reports/generate/consultant') {
      if (rows.get(body.assessmentId)?.status !== 'completed') return send(400, { message: 'Assessment must be completed before generating reports' });
      const reportId = randomUUID();
      reports.set(reportId, { assessmentId: body.assessmentId, doneAt: Date.now() + (b.reportMs ?? 300) });
      return send(202, { reportId, status: 'generating', estimatedCompletionTime: 5 });
    }
    const status = /^\/api\/v1\/reports\/status\/([^/]+)$/.exec(p);
    if (status) {
      const r = reports.get(status[1]);
      if (!r) return send(404, { message: 'Report not found' });
      const done = Date.now() >= r.doneAt;
      return send(200, {
        reportId: status[1],
        status: done ? (b.reportFails ? 'failed' : 'completed') : 'generating',
        error: done && b.reportFails ? 'PDF renderer crashed' : null,
      });
    }
    send(404, { message: `no route ${req.method} ${p}` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closers.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { url, rows, problems };
}

const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((c) => c())));
const work = mkdtempSync(path.join(tmpdir(), 'pf-api-'));
after(() => rmSync(work, { recursive: true, force: true }));

function ctxFor(apiUrl: string, opts: { mail?: boolean; api?: ApiBudget[]; secrets?: Record<string, string> } = {}) {
  const env = environmentSchema.parse({
    name: 'selftest',
    kind: 'local',
    apps: { 'financial-rise': { apiUrl, webUrl: apiUrl, ...(opts.mail ? { mail: { kind: 'maildev', url: `${apiUrl}/maildev` } } : {}) } },
  });
  const lines: string[] = [];
  // Same profile with other budgets (data, like the real ones), to keep the slow cases short.
  const profile = (opts.api ? { ...financialRise, perf: { ...financialRise.perf, api: opts.api } } : financialRise) as GateContext['profile'];
  const ctx: GateContext = {
    app: 'financial-rise',
    profile,
    target: env.apps['financial-rise']!,
    env,
    runId: 'selftest-api',
    runDir: work,
    reportsRoot: work,
    secrets: opts.secrets ?? { smokeEmail: 'consultant@postflight.test', smokePassword: 'Sm0ke!pass' },
    phases: ['perf'],
    settings: { load: {} },
    log: (l) => lines.push(l),
    processEnv: {},
    deployedAt: new Date(),
    now: () => new Date(),
  };
  return { ctx, lines };
}

const budgets = financialRise.perf.api as readonly ApiBudget[];
const fast = (patch: Partial<ApiBudget>[]): ApiBudget[] => budgets.map((b, i) => ({ ...b, ...patch[i] }));
const failing = (r: { assertions: { passed: boolean; name: string }[] }) => r.assertions.filter((a) => !a.passed).map((a) => a.name);

test('healthy API: every budget met, report timed via the client link, everything created is deleted', async () => {
  const api = await startApi();
  const { ctx, lines } = ctxFor(api.url, { mail: true });
  const r = await runApiLatencyCheck(ctx, 'fr.perf.api');
  assert.equal(r.status, 'pass', r.message);
  assert.equal(r.id, 'fr.perf.api');
  assert.deepEqual(
    r.assertions.map((a) => a.name),
    ['GET /assessments p95', 'POST /assessments p95', 'POST /reports/generate max'],
  );
  assert.equal(r.assertions[0].values?.length, 10, 'warm-up requests are not samples');
  assert.equal(r.assertions[1].values?.length, 5);
  assert.equal(r.assertions[2].values?.length, 2);
  const report = r.assertions[2].actual as number;
  assert.ok(report >= 300 && report < 2000, `report generation ${report} ms`);
  for (const k of ['GET /assessments p50Ms', 'GET /assessments p95Ms', 'GET /assessments maxMs', 'POST /reports/generate maxMs'])
    assert.equal(typeof r.metrics?.[k], 'number', k);
  assert.ok(
    lines.some((l) => l.includes('completed via the client link')),
    lines.join('\n'),
  );
  assert.deepEqual(api.problems, [], 'CSRF sent on every write, no Origin header');
  assert.equal(api.rows.size, 7, '1 warm-up + 5 timed POSTs + 1 assessment to report on');
  assert.ok(
    [...api.rows.values()].every((row) => row.deleted),
    'clean-up deleted every assessment',
  );
});

test("no inbox configured: the consultant answers on the client's behalf instead", async () => {
  const api = await startApi();
  const { ctx, lines } = ctxFor(api.url);
  const r = await runApiLatencyCheck(ctx, 'fr.perf.api');
  assert.equal(r.status, 'pass', r.message);
  assert.ok(
    lines.some((l) => l.includes('completed via the consultant questionnaire')),
    lines.join('\n'),
  );
});

test('slow GET /assessments fails its p95 budget and nothing else', async () => {
  const api = await startApi({ getDelayMs: 320 });
  const r = await runApiLatencyCheck(ctxFor(api.url).ctx, 'fr.perf.api');
  assert.equal(r.status, 'fail');
  assert.deepEqual(failing(r), ['GET /assessments p95']);
  assert.match(r.message, /GET \/assessments p95: \d+(\.\d)? ms fails < 300 ms \(p50/);
});

test('a 503 is a failure of the endpoint, not a slow sample', async () => {
  const api = await startApi({ failEveryGet: 4 });
  const r = await runApiLatencyCheck(ctxFor(api.url).ctx, 'fr.perf.api');
  assert.equal(r.status, 'fail');
  assert.deepEqual(failing(r), ['GET /assessments non-2xx responses']);
  assert.ok((r.assertions.find((a) => a.name === 'GET /assessments p95')?.values?.length ?? 0) < 10);
});

test('report generation slower than its budget fails; a report that ends "failed" fails', async () => {
  const api = await startApi({ reportMs: 900 });
  const r = await runApiLatencyCheck(ctxFor(api.url, { api: fast([{ samples: 2 }, { samples: 1, warmup: 0 }, { budgetMs: 600 }]) }).ctx, 'fr.perf.api');
  assert.equal(r.status, 'fail');
  assert.deepEqual(failing(r), ['POST /reports/generate max']);
  const broken = await startApi({ reportFails: true });
  const r2 = await runApiLatencyCheck(ctxFor(broken.url, { api: fast([{ samples: 2 }, { samples: 1, warmup: 0 }, {}]) }).ctx, 'fr.perf.api');
  assert.equal(r2.status, 'fail');
  assert.match(r2.message, /ended "failed": PDF renderer crashed/);
});

test('no completed assessment can be made: the report budget is an error, never a pass', async () => {
  const api = await startApi({ submitFails: true });
  const r = await runApiLatencyCheck(ctxFor(api.url, { mail: true, api: fast([{ samples: 2 }, { samples: 1, warmup: 0 }, {}]) }).ctx, 'fr.perf.api');
  assert.equal(r.status, 'error');
  assert.match(r.message, /POST \/reports\/generate: not measured — could not make a completed assessment/);
  assert.match(r.message, /client link: POST client submit: HTTP 500/);
  assert.match(r.message, /consultant questionnaire: POST submit: HTTP 500/);
  assert.ok([...api.rows.values()].every((row) => row.deleted));
});

test('missing credentials or a refused login: error with what to do', async () => {
  const api = await startApi();
  const none = await runApiLatencyCheck(ctxFor(api.url, { secrets: {} }).ctx, 'fr.perf.api');
  assert.equal(none.status, 'error');
  assert.match(none.message, /FR_SMOKE_EMAIL and FR_SMOKE_PASSWORD/);
  const wrong = await runApiLatencyCheck(ctxFor(api.url, { secrets: { smokeEmail: 'consultant@postflight.test', smokePassword: 'nope' } }).ctx, 'fr.perf.api');
  assert.equal(wrong.status, 'error');
  assert.match(wrong.message, /login at \/api\/v1\/auth\/login failed: HTTP 401/);
  const down = await runApiLatencyCheck(ctxFor('http://127.0.0.1:9').ctx, 'fr.perf.api');
  assert.equal(down.status, 'error');
  assert.match(down.message, /did not answer/);
});
