import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getDocumentProxy } from 'unpdf';
import { APP_FAULTS as FAULTS } from '../../sandbox/faults.ts';
import { probeServedCertExpiring } from '../fixtures/served-cert-probe.ts';
import { applyLogFaults, logLineFormat } from '../../sandbox/log-faults.ts';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FR_LATEST_MIGRATION_NAME } from '../../sandbox/financial-rise/index.ts';
import {
  ACCOUNTS,
  completedAssessment,
  dbQuery,
  emailsTo,
  GENEROUS,
  loadErrorOf,
  pollFor,
  setupEnv,
  startApp,
  STRONG_PASSWORD,
  uniqueEmail,
  waitForEmail,
  type Env,
  type Started,
} from './financial-rise-harness.ts';

/**
 * Every `fr:*` fault has its stated effect. One app start per fault on one database, so the
 * database faults are also shown to heal on the next healthy start.
 */
type Check = (s: Started, env: Env) => Promise<void>;

const login = (s: Started): Promise<string> => s.api.login(ACCOUNTS.consultant.email, ACCOUNTS.consultant.password);
const ms = async (f: () => Promise<unknown>): Promise<number> => {
  const t = Date.now();
  await f();
  return Date.now() - t;
};
const count = async (env: Env, sql: string): Promise<number> => Number((await dbQuery<{ n: string }>(env.databaseUrl, sql))[0].n);
const homeHtml = async (s: Started): Promise<string> => (await fetch(s.app.webUrl)).text();

/** Sends mail that must arrive, then checks that `to` got nothing: the sentinel proves the mailer ran. */
async function noMailTo(_s: Started, env: Env, to: string, sentinel: () => Promise<string>): Promise<void> {
  await waitForEmail(env.mail, await sentinel(), /./);
  assert.deepEqual(await emailsTo(env.mail, to), []);
}

const CHECKS: Record<string, Check> = {
  'fr:served-cert-expiring': () => probeServedCertExpiring('fr:served-cert-expiring'),
  'fr:health-down': async (s) => {
    const r = await s.api.call('GET', '/api/v1/health');
    assert.equal(r.status, 503);
    assert.equal(r.body.status, 'down');
    assert.ok(s.logs.some((l) => l.level === 'ERROR'));
  },
  'fr:health-degraded': async (s) => {
    const r = await s.api.call('GET', '/api/v1/health');
    assert.deepEqual([r.status, r.body.status], [200, 'degraded']);
  },
  'fr:frontend-console-error': async (s) => {
    assert.match(String(loadErrorOf(await homeHtml(s))), /TypeError/);
  },
  'fr:frontend-404-asset': async (s) => {
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(await homeHtml(s))?.[1];
    assert.ok(href);
    assert.equal((await fetch(new URL(href, s.app.webUrl))).status, 404);
  },
  'fr:no-verification-email': async (s, env) => {
    const email = uniqueEmail('nover');
    const r = await s.api.call('POST', '/api/v1/auth/register', { body: { email, password: STRONG_PASSWORD, first_name: 'N', last_name: 'V' } });
    assert.equal(r.status, 201);
    await noMailTo(s, env, email, async () => {
      const clientEmail = uniqueEmail('sentinel');
      await s.api.call('POST', '/api/v1/assessments', { token: r.body.access_token, body: { clientName: 'S', businessName: 'S', clientEmail } });
      return clientEmail;
    });
  },
  'fr:registration-500': async (s) => {
    const r = await s.api.call('POST', '/api/v1/auth/register', {
      body: { email: uniqueEmail('r500'), password: STRONG_PASSWORD, first_name: 'R', last_name: 'F' },
    });
    assert.equal(r.status, 500);
  },
  'fr:login-broken': async (s) => {
    for (const a of [ACCOUNTS.consultant, ACCOUNTS.admin]) {
      assert.equal((await s.api.call('POST', '/api/v1/auth/login', { body: a })).status, 500);
    }
  },
  'fr:assessment-not-persisted': async (s, env) => {
    const token = await login(s);
    const before = await count(env, 'SELECT COUNT(*) AS n FROM assessments');
    const r = await s.api.call('POST', '/api/v1/assessments', { token, body: { clientName: 'P', businessName: 'Ghost', clientEmail: uniqueEmail('p') } });
    assert.equal(r.status, 201);
    assert.equal((await s.api.call('GET', `/api/v1/assessments/${r.body.id}`, { token })).status, 404);
    assert.equal(await count(env, 'SELECT COUNT(*) AS n FROM assessments'), before);
  },
  'fr:no-invitation-email': async (s, env) => {
    const token = await login(s);
    const clientEmail = uniqueEmail('noinv');
    const r = await s.api.call('POST', '/api/v1/assessments', { token, body: { clientName: 'I', businessName: 'I', clientEmail } });
    assert.equal(r.status, 201);
    assert.equal((await s.api.call('GET', `/api/v1/assessments/${r.body.id}`, { token })).status, 200);
    await noMailTo(s, env, clientEmail, async () => {
      const email = uniqueEmail('sentinel');
      await s.api.call('POST', '/api/v1/auth/register', { body: { email, password: STRONG_PASSWORD, first_name: 'S', last_name: 'S' } });
      return email;
    });
  },
  'fr:questions-missing': async (s, env) => {
    const q = await s.api.call('GET', '/api/v1/questionnaire/questions', { token: await login(s) });
    assert.equal(q.body.questions.length, 24);
    assert.equal(await count(env, 'SELECT COUNT(*) AS n FROM questions'), 24);
  },
  'fr:submit-fails': async (s, env) => {
    const token = await login(s);
    const a = await s.api.call('POST', '/api/v1/assessments', { token, body: { clientName: 'Sub', businessName: 'Sub', clientEmail: uniqueEmail('sub') } });
    await s.api.call('POST', '/api/v1/questionnaire/responses', { token, body: { assessmentId: a.body.id, questionId: 'STAB-002', answer: { value: 3 } } });
    const [row] = await dbQuery<{ client_token: string }>(env.databaseUrl, `SELECT client_token FROM assessments WHERE id = '${a.body.id}'`);
    assert.equal((await s.api.call('POST', `/api/v1/client/${row.client_token}/submit`)).status, 500);
    assert.equal((await s.api.call('POST', `/api/v1/assessments/${a.body.id}/submit`, { token })).status, 500);
    assert.equal((await s.api.call('GET', `/api/v1/assessments/${a.body.id}`, { token })).body.status, 'in_progress');
  },
  'fr:report-slow': async (s) => {
    const token = await login(s);
    const id = await completedAssessment(s.api, token);
    const g = await s.api.call('POST', '/api/v1/reports/generate/consultant', { token, body: { assessmentId: id } });
    const started = Date.now();
    const statusOf = async () => (await s.api.call('GET', `/api/v1/reports/status/${g.body.reportId}`, { token })).body.status;
    await new Promise((r) => setTimeout(r, 5200));
    assert.equal(await statusOf(), 'generating', 'still generating past the 5 s budget');
    assert.equal(await pollFor(async () => ((await statusOf()) === 'completed' ? 'completed' : undefined), 3000), 'completed');
    assert.ok(Date.now() - started >= 6900);
  },
  'fr:report-corrupt-pdf': async (s) => {
    const token = await login(s);
    const id = await completedAssessment(s.api, token);
    const g = await s.api.call('POST', '/api/v1/reports/generate/client', { token, body: { assessmentId: id } });
    await pollFor(
      async () => ((await s.api.call('GET', `/api/v1/reports/status/${g.body.reportId}`, { token })).body.status === 'completed' ? true : undefined),
      3000,
    );
    const dl = await s.api.call('GET', `/api/v1/reports/download/${g.body.reportId}`, { token });
    const bytes = new Uint8Array(await (await fetch(dl.body.url)).arrayBuffer());
    assert.notEqual(Buffer.from(bytes.subarray(0, 5)).toString('latin1'), '%PDF-');
    await assert.rejects(getDocumentProxy(bytes));
  },
  'fr:report-failed': async (s) => {
    const token = await login(s);
    const id = await completedAssessment(s.api, token);
    const g = await s.api.call('POST', '/api/v1/reports/generate/consultant', { token, body: { assessmentId: id } });
    const st = await pollFor(async () => {
      const b = (await s.api.call('GET', `/api/v1/reports/status/${g.body.reportId}`, { token })).body;
      return b.status === 'generating' ? undefined : b;
    }, 3000);
    assert.equal(st?.status, 'failed');
    assert.ok(st.error);
  },
  'fr:admin-403': async (s) => {
    const token = await s.api.login(ACCOUNTS.admin.email, ACCOUNTS.admin.password);
    for (const p of ['users', 'assessments', 'analytics']) assert.equal((await s.api.call('GET', `/api/v1/admin/${p}`, { token })).status, 403);
  },
  'fr:api-slow': async (s) => {
    const token = await login(s);
    assert.ok((await ms(() => s.api.call('GET', '/api/v1/assessments', { token }))) >= 400);
    assert.ok((await ms(() => s.api.call('GET', '/api/v1/questionnaire/questions', { token }))) < 300);
  },
  'fr:api-post-slow': async (s) => {
    const token = await login(s);
    const body = { clientName: 'Ada Lovelace', businessName: 'Acme', clientEmail: uniqueEmail('postslow') };
    assert.ok((await ms(() => s.api.call('POST', '/api/v1/assessments', { token, body }))) >= 800, 'creating is slowed');
    assert.ok((await ms(() => s.api.call('GET', '/api/v1/assessments', { token }))) < 300, 'listing is not');
  },
  'fr:requests-hang': async (s) => {
    const token = await login(s);
    const list = () =>
      fetch(`${s.app.apiUrl}/api/v1/assessments`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(1500) }).then(
        (r) => r.status,
        (e: Error) => e.name,
      );
    assert.deepEqual(await Promise.all([list(), list(), list()]), ['TimeoutError', 'TimeoutError', 'TimeoutError'], 'the first 3 never answer');
    assert.equal(await list(), 200, 'the 4th answers');
    assert.equal((await s.api.call('GET', '/api/v1/questionnaire/questions', { token })).status, 200, 'other routes answer');
  },
  'fr:error-rate': async (s) => {
    const token = await login(s);
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push((await s.api.call('GET', '/api/v1/questionnaire/questions', { token })).status);
    assert.equal(statuses.filter((x) => x === 503).length, 6, '15 % of 40');
    assert.equal(statuses.filter((x) => x === 200).length, 34);
    assert.equal((await s.api.call('GET', '/api/v1/health')).status, 200, 'unauthenticated requests are spared');
  },
  'fr:heavy-page': async (s) => {
    const html = await (await fetch(`${s.app.webUrl}/login`)).text();
    const head = html.slice(0, html.indexOf('</head>'));
    const src = /<script src="([^"]+)"><\/script>/.exec(head)?.[1];
    assert.ok(src, 'a blocking script in <head>');
    const js = await (await fetch(new URL(src, s.app.webUrl))).text();
    assert.ok(js.length >= 3 * 1024 * 1024);
    assert.match(js, /Date\.now\(\)\+1500/);
  },
  'fr:css-late': async (s) => {
    const html = await (await fetch(`${s.app.webUrl}/login`)).text();
    assert.ok(html.slice(0, html.indexOf('</head>')).includes('<link rel="stylesheet" href="/assets/theme.css">'), 'a render-blocking stylesheet in <head>');
    assert.ok((await ms(() => fetch(`${s.app.webUrl}/assets/theme.css`).then((r) => r.text()))) >= 2500, 'answered 2.5 s late');
  },
  'fr:migration-row-missing': async (_s, env) => {
    const [top] = await dbQuery<{ name: string }>(env.databaseUrl, 'SELECT name FROM migrations ORDER BY id DESC LIMIT 1');
    assert.notEqual(top.name, FR_LATEST_MIGRATION_NAME);
  },
  'fr:migration-drops-column': async (_s, env) => {
    assert.equal(await count(env, `SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'first_name'`), 0);
  },
  // The log faults are the sandbox's (sandbox/log-faults.ts), around whichever app it starts.
  'fr:log-unreadable': async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'pf-log-')), 'financial-rise.log');
    await applyLogFaults(file, ['fr:log-unreadable']);
    await assert.rejects(readFile(file, 'utf8'), /EISDIR/);
    await applyLogFaults(file, []);
    await assert.rejects(readFile(file, 'utf8'), /ENOENT/, 'a start without the fault heals');
  },
  'fr:log-unknown-format': async () => {
    assert.match(logLineFormat(['fr:log-unknown-format'])('ERROR', 'boom'), /^time=\S+ level=error msg="boom"\n$/);
    assert.match(logLineFormat([])('ERROR', 'boom'), /^\d{4}-\d\d-\d\dT\S+ ERROR boom\n$/);
  },
  'fr:no-admin-user': async (_s, env) => {
    assert.equal(await count(env, `SELECT COUNT(*) AS n FROM users WHERE role = 'admin'`), 0);
  },
  // Blame faults (issue 15): one endpoint silent while the rest of the deployment answers.
  'fr:health-hang': async (s) => {
    const hung = await fetch(`${s.app.apiUrl}/api/v1/health`, { signal: AbortSignal.timeout(1500) }).then(
      () => 'answered',
      (e: Error) => e.name,
    );
    assert.equal(hung, 'TimeoutError', 'health never answers');
    assert.equal((await s.api.call('GET', '/api/v1/auth/csrf')).status, 200, 'other routes answer');
  },
  'fr:api-port-closed': async (s) => {
    const refused = await fetch(`${s.app.apiUrl}/api/v1/health`, { signal: AbortSignal.timeout(3000) }).then(
      () => 'answered',
      (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.name,
    );
    assert.equal(refused, 'ECONNREFUSED', 'the API port refuses connections');
    assert.equal((await fetch(`${s.app.webUrl}/login`)).status, 200, 'the web server answers');
  },
  'fr:frontend-late-error': async (s) => {
    const html = await homeHtml(s);
    assert.match(html, /setTimeout\(function \(\) \{ var w = window\.__WIDGETS__; w\.start\(\); \}, \d+\)/, 'a widget throws after load');
    assert.equal(loadErrorOf(html), undefined, 'nothing throws during load');
  },
  'fr:admin-routes-missing': async (s) => {
    const token = await s.api.login(ACCOUNTS.admin.email, ACCOUNTS.admin.password);
    for (const p of ['users', 'assessments', 'analytics']) assert.equal((await s.api.call('GET', `/api/v1/admin/${p}`, { token })).status, 404);
  },
  'fr:client-name-strict': async (s) => {
    const token = await login(s);
    const refused = await s.api.call('POST', '/api/v1/assessments', {
      token,
      body: { clientName: 'Smoke Client Kalomire Jr', businessName: 'Acme', clientEmail: uniqueEmail('strict') },
    });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /first and a last name/);
    const accepted = await s.api.call('POST', '/api/v1/assessments', {
      token,
      body: { clientName: 'Ada Lovelace', businessName: 'Acme', clientEmail: uniqueEmail('strict2') },
    });
    assert.equal(accepted.status, 201);
  },
  'fr:register-grants-admin': async (s) => {
    const r = await s.api.call('POST', '/api/v1/auth/register', {
      body: { email: uniqueEmail('admin'), password: STRONG_PASSWORD, first_name: 'R', last_name: 'A', role: 'admin' },
    });
    assert.deepEqual([r.status, r.body.user.role], [201, 'admin']);
    assert.equal((await s.api.call('GET', '/api/v1/admin/users', { token: r.body.access_token })).status, 200);
    const plain = await s.api.call('POST', '/api/v1/auth/register', {
      body: { email: uniqueEmail('plain'), password: STRONG_PASSWORD, first_name: 'R', last_name: 'C' },
    });
    assert.equal(plain.body.user.role, 'consultant', 'only a body that asks for admin gets it');
  },
  'fr:user-list-leaks-hash': async (s) => {
    const token = await s.api.login(ACCOUNTS.admin.email, ACCOUNTS.admin.password);
    const users = (await s.api.call('GET', '/api/v1/admin/users', { token })).body.data;
    assert.ok(users.length > 0 && users.every((u: { password_hash?: string }) => typeof u.password_hash === 'string' && u.password_hash.length > 20));
  },
  'fr:route-unauthenticated': async (s) => {
    assert.equal((await s.api.call('GET', '/api/v1/admin/users')).status, 200, 'no Authorization header: served as the admin');
    assert.equal((await s.api.call('GET', '/api/v1/assessments', { token: 'not-a-session' })).status, 401, 'a bad token is still refused');
    assert.equal((await s.api.call('GET', '/api/v1/admin/users', { token: await login(s) })).status, 403, 'the consultant is still refused');
  },
  'fr:login-accepts-wrong-password': async (s) => {
    const r = await s.api.call('POST', '/api/v1/auth/login', { body: { email: ACCOUNTS.consultant.email, password: 'Wrong!Pass1' } });
    assert.equal(r.status, 200);
    assert.ok(r.body.access_token);
  },
  'fr:cors-foreign-500': async (s) => {
    const evil = await fetch(`${s.app.apiUrl}/api/v1/health`, { headers: { origin: 'https://evil.example' } });
    assert.equal(evil.status, 500);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const pre = await fetch(`${s.app.apiUrl}/api/v1/assessments`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(pre.status, 500);
    assert.ok(
      s.logs.some((l) => l.level === 'ERROR'),
      'a 5xx is logged as ERROR',
    );
    const web = new URL(s.app.webUrl).origin;
    assert.equal((await fetch(`${s.app.apiUrl}/api/v1/health`, { headers: { origin: web } })).status, 200, 'the web origin still works');
  },
};

describe('Financial RISE sandbox: faults', () => {
  let env: Env;
  before(async () => {
    env = await setupEnv('fr_faults');
  });
  after(async () => {
    await env?.stop();
  });

  test('every fr:* fault of the catalogue has a check here', () => {
    const ids = FAULTS.filter((f) => f.app === 'financial-rise')
      .map((f) => f.id)
      .sort();
    assert.deepEqual(Object.keys(CHECKS).sort(), ids);
  });

  for (const [fault, check] of Object.entries(CHECKS)) {
    test(fault, async () => {
      const s = await startApp(env, { faults: [fault], rateLimits: GENEROUS });
      try {
        await check(s, env);
      } finally {
        await s.app.close();
      }
    });
  }

  test('a healthy start heals every database fault', async () => {
    const s = await startApp(env, { faults: ['fr:migration-row-missing', 'fr:no-admin-user', 'fr:questions-missing', 'fr:migration-drops-column'] });
    await s.app.close();
    const healthy = await startApp(env);
    await healthy.app.close();
    const [top] = await dbQuery<{ name: string }>(env.databaseUrl, 'SELECT name FROM migrations ORDER BY id DESC LIMIT 1');
    assert.equal(top.name, FR_LATEST_MIGRATION_NAME);
    assert.equal(await count(env, `SELECT COUNT(*) AS n FROM users WHERE role = 'admin'`), 1);
    assert.equal(await count(env, 'SELECT COUNT(*) AS n FROM questions'), 25);
    assert.equal(await count(env, `SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'first_name'`), 1);
  });
});
