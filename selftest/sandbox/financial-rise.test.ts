import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { extractText, getDocumentProxy } from 'unpdf';
import { FR_LATEST_MIGRATION_NAME } from '../../sandbox/financial-rise/index.ts';
import {
  ACCOUNTS,
  answerAll,
  GENEROUS,
  pollFor,
  setupEnv,
  startApp,
  STRONG_PASSWORD,
  uniqueEmail,
  waitForEmail,
  type Env,
  type Started,
} from './financial-rise-harness.ts';

/** The Financial RISE sandbox against its contract, end to end over real HTTP, SMTP and Postgres. */
describe('Financial RISE sandbox: API contract', () => {
  let env: Env;
  let s: Started;
  let consultant: string;

  before(async () => {
    env = await setupEnv('fr_api');
    s = await startApp(env, { rateLimits: GENEROUS });
    consultant = await s.api.login(ACCOUNTS.consultant.email, ACCOUNTS.consultant.password);
  });
  after(async () => {
    await s?.app.close();
    await env?.stop();
  });

  test('start-up logs the API port and the database connection', () => {
    const port = new URL(s.app.apiUrl).port;
    assert.ok(s.logs.some((l) => l.level === 'INFO' && l.message === `Server started on port ${port}`));
    assert.ok(s.logs.some((l) => l.level === 'INFO' && l.message === 'Database connection successful'));
    assert.equal(s.logs.filter((l) => l.level === 'ERROR').length, 0);
  });

  test('health answers ok with the service name', async () => {
    const r = await s.api.call('GET', '/api/v1/health');
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'ok');
    assert.equal(r.body.service, 'financial-rise-api');
    assert.ok(!Number.isNaN(Date.parse(r.body.timestamp)));
  });

  test('the database holds the healthy seed and the latest migration', async () => {
    const db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    try {
      assert.equal(Number((await db.query('SELECT COUNT(*) AS n FROM questions')).rows[0].n), 25);
      assert.ok(Number((await db.query(`SELECT COUNT(*) AS n FROM users WHERE role = 'admin'`)).rows[0].n) >= 1);
      const top = await db.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 5');
      assert.equal(top.rows[0].name, FR_LATEST_MIGRATION_NAME);
      assert.equal(top.rows.length, 5);
    } finally {
      await db.end();
    }
  });

  test('register: 201 with a login body, consultant role, lowercased email, verification email that works', async () => {
    const email = uniqueEmail('reg');
    const r = await s.api.call('POST', '/api/v1/auth/register', {
      body: { email: email.toUpperCase(), password: STRONG_PASSWORD, first_name: 'Ria', last_name: 'Reg', role: 'admin' },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.token_type, 'Bearer');
    assert.ok(r.body.access_token && r.body.refresh_token && r.body.expires_in > 0);
    assert.deepEqual({ email: r.body.user.email, role: r.body.user.role }, { email, role: 'consultant' });

    const mail = await waitForEmail(env.mail, email, /verify/i);
    const link = new RegExp(`${s.app.webUrl}/verify-email\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
    assert.ok(link, mail.text);
    const page = await fetch(link[0]);
    assert.equal(page.status, 200);
    const verified = await s.api.call('GET', `/api/v1/auth/verify-email?token=${link[1]}`);
    assert.equal(verified.status, 200);
    assert.equal((await s.api.call('GET', `/api/v1/auth/verify-email?token=${link[1]}`)).status, 400, 'a token works once');

    const login = await s.api.call('POST', '/api/v1/auth/login', { body: { email, password: STRONG_PASSWORD } });
    assert.equal(login.status, 200);
    assert.deepEqual(Object.keys(login.body).sort(), ['access_token', 'expires_in', 'refresh_token', 'token_type', 'user']);
    assert.deepEqual(Object.keys(login.body.user).sort(), ['email', 'first_name', 'id', 'last_name', 'role']);
  });

  test('register refuses a weak password (400) and a taken email (409)', async () => {
    const weak = await s.api.call('POST', '/api/v1/auth/register', {
      body: { email: uniqueEmail('weak'), password: 'password1', first_name: 'W', last_name: 'K' },
    });
    assert.equal(weak.status, 400);
    assert.match(weak.body.message, /uppercase/);
    const taken = await s.api.call('POST', '/api/v1/auth/register', {
      body: { email: ACCOUNTS.consultant.email, password: STRONG_PASSWORD, first_name: 'T', last_name: 'K' },
    });
    assert.equal(taken.status, 409);
  });

  test('login: 401 with the contract message on a wrong password; bearer required', async () => {
    const r = await s.api.call('POST', '/api/v1/auth/login', { body: { email: ACCOUNTS.admin.email, password: 'Wrong!Passw0rd' } });
    assert.equal(r.status, 401);
    assert.equal(r.body.message, 'Invalid email or password');
    assert.equal((await s.api.call('GET', '/api/v1/assessments')).status, 401);
  });

  test('assessments: create (invitation email, unique link), list, get, patch, owner-only, soft delete', async () => {
    const clientEmail = uniqueEmail('client');
    const body = { clientName: 'Cora Client', businessName: 'Acme Bakery', clientEmail: clientEmail.toUpperCase(), notes: 'first' };
    const c = await s.api.call('POST', '/api/v1/assessments', { token: consultant, body });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    assert.equal(c.body.status, 'draft');
    assert.equal(c.body.progress, '0.00');
    assert.equal(c.body.client_email, clientEmail);
    const second = await s.api.call('POST', '/api/v1/assessments', { token: consultant, body: { ...body, businessName: 'Acme Two' } });
    const invites = await pollFor(async () => {
      const all = (await (await fetch(`${env.mail.apiUrl}/api/email`)).json()) as { to: { address: string }[]; text: string }[];
      const mine = all.filter((e) => e.to.some((t) => t.address === clientEmail));
      return mine.length >= 2 ? mine : undefined;
    }, 5000);
    assert.ok(invites);
    const links = invites.map((e) => new RegExp(`${s.app.webUrl}/client/[A-Za-z0-9_-]+`).exec(e.text)?.[0]);
    assert.ok(links.every(Boolean));
    assert.notEqual(links[0], links[1], 'each assessment has its own link');

    const list = await s.api.call('GET', '/api/v1/assessments?page=1&limit=1&search=acme%20two&status=draft', { token: consultant });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.meta, { page: 1, limit: 1, total: 1, totalPages: 1 });
    assert.equal(list.body.data[0].id, second.body.id);

    const patched = await s.api.call('PATCH', `/api/v1/assessments/${c.body.id}`, { token: consultant, body: { notes: 'updated' } });
    assert.equal(patched.body.notes, 'updated');
    assert.equal((await s.api.call('GET', `/api/v1/assessments/${c.body.id}`, { token: consultant })).body.notes, 'updated');

    const otherEmail = uniqueEmail('other');
    const other = (
      await s.api.call('POST', '/api/v1/auth/register', {
        body: { email: otherEmail, password: STRONG_PASSWORD, first_name: 'O', last_name: 'T' },
      })
    ).body.access_token;
    assert.equal((await s.api.call('GET', `/api/v1/assessments/${c.body.id}`, { token: other })).status, 404);
    assert.equal((await s.api.call('DELETE', `/api/v1/assessments/${c.body.id}`, { token: other })).status, 404);

    assert.equal((await s.api.call('DELETE', `/api/v1/assessments/${second.body.id}`, { token: consultant })).status, 204);
    assert.equal((await s.api.call('GET', `/api/v1/assessments/${second.body.id}`, { token: consultant })).status, 404);
  });

  test('questionnaire: 25 typed questions; a response moves the assessment in progress', async () => {
    const q = await s.api.call('GET', '/api/v1/questionnaire/questions', { token: consultant });
    assert.equal(q.status, 200);
    assert.equal(q.body.meta.totalQuestions, 25);
    assert.equal(q.body.questions.length, 25);
    assert.ok(q.body.questions.some((x: { id: string }) => x.id === 'STAB-001'));
    assert.deepEqual(new Set(q.body.questions.map((x: { type: string }) => x.type)), new Set(['single_choice', 'multiple_choice', 'scale', 'text']));
    const a = await s.api.call('POST', '/api/v1/assessments', {
      token: consultant,
      body: { clientName: 'Q', businessName: 'Q Ltd', clientEmail: uniqueEmail('q') },
    });
    const r = await s.api.call('POST', '/api/v1/questionnaire/responses', {
      token: consultant,
      body: { assessmentId: a.body.id, questionId: 'STAB-002', answer: { value: 4 } },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.progress, '4.00');
    const bad = await s.api.call('POST', '/api/v1/questionnaire/responses', {
      token: consultant,
      body: { assessmentId: a.body.id, questionId: 'STAB-001', answer: { value: 'nope' } },
    });
    assert.equal(bad.status, 400);
    const now = await s.api.call('GET', `/api/v1/assessments/${a.body.id}`, { token: consultant });
    assert.equal(now.body.status, 'in_progress');
  });

  test('client link: answer all and submit without an account; reports render real PDFs', async () => {
    const clientEmail = uniqueEmail('pdf');
    const a = await s.api.call('POST', '/api/v1/assessments', {
      token: consultant,
      body: { clientName: 'Petra Pdf', businessName: 'Zephyr Widgets', clientEmail },
    });
    const invite = await waitForEmail(env.mail, clientEmail, /assessment/i);
    const token = /\/client\/([A-Za-z0-9_-]+)/.exec(invite.text)?.[1];
    assert.ok(token);
    assert.equal((await fetch(`${s.app.webUrl}/client/${token}`)).status, 200);
    const qs = await s.api.call('GET', `/api/v1/client/${token}/questions`);
    assert.equal(qs.status, 200);
    assert.equal(qs.body.assessment.business_name, 'Zephyr Widgets');
    const answered = await s.api.call('POST', `/api/v1/client/${token}/responses`, { body: { responses: answerAll(qs.body.questions) } });
    assert.equal(answered.status, 201, JSON.stringify(answered.body));
    assert.equal(answered.body.progress, '100.00');
    const early = await s.api.call('POST', '/api/v1/reports/generate/consultant', { token: consultant, body: { assessmentId: a.body.id } });
    assert.equal(early.status, 400, 'reports need a completed assessment');
    const submitted = await s.api.call('POST', `/api/v1/client/${token}/submit`);
    assert.equal(submitted.status, 200);
    assert.equal(submitted.body.status, 'completed');
    assert.equal((await s.api.call('GET', '/api/v1/client/not-a-real-token-000/questions')).status, 404);

    for (const type of ['consultant', 'client']) {
      const started = Date.now();
      const g = await s.api.call('POST', `/api/v1/reports/generate/${type}`, { token: consultant, body: { assessmentId: a.body.id } });
      assert.equal(g.status, 202);
      assert.deepEqual({ ...g.body, reportId: 'x' }, { reportId: 'x', status: 'generating', estimatedCompletionTime: 5 });
      const status = await pollFor(
        async () => {
          const st = await s.api.call('GET', `/api/v1/reports/status/${g.body.reportId}`, { token: consultant });
          return st.body.status === 'generating' ? undefined : st.body;
        },
        5000,
        50,
      );
      assert.equal(status?.status, 'completed');
      assert.ok(Date.now() - started < 2000);
      assert.equal(status.reportType, type);
      assert.ok(status.fileSizeBytes > 500);
      const dl = await s.api.call('GET', `/api/v1/reports/download/${g.body.reportId}`, { token: consultant });
      assert.equal(dl.status, 200);
      const file = await fetch(dl.body.url);
      assert.equal(file.headers.get('content-type'), 'application/pdf');
      const bytes = new Uint8Array(await file.arrayBuffer());
      const { text, totalPages } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
      assert.ok(totalPages >= 1);
      assert.match(text, /Zephyr Widgets/);
      assert.match(text, /Petra Pdf/);
      const forged = await fetch(dl.body.url.replace(/signature=[^&]+/, 'signature=forged'));
      assert.equal(forged.status, 403);
    }
  });

  test('admin: users, assessments and analytics for the admin; 403 for a consultant', async () => {
    const admin = await s.api.login(ACCOUNTS.admin.email, ACCOUNTS.admin.password);
    for (const path of ['/api/v1/admin/users', '/api/v1/admin/assessments', '/api/v1/admin/analytics']) {
      const ok = await s.api.call('GET', path, { token: admin });
      assert.equal(ok.status, 200, `${path}: ${JSON.stringify(ok.body)}`);
      assert.equal((await s.api.call('GET', path, { token: consultant })).status, 403, path);
    }
    const users = await s.api.call('GET', '/api/v1/admin/users', { token: admin });
    assert.ok(users.body.data.some((u: { email: string; role: string }) => u.email === ACCOUNTS.admin.email && u.role === 'admin'));
    const analytics = await s.api.call('GET', '/api/v1/admin/analytics', { token: admin });
    assert.ok(analytics.body.assessments.total >= 1);
  });

  test('logout revokes the token', async () => {
    const token = await s.api.login(ACCOUNTS.consultant.email, ACCOUNTS.consultant.password);
    assert.equal((await s.api.call('POST', '/api/v1/auth/logout', { token })).status, 200);
    assert.equal((await s.api.call('GET', '/api/v1/assessments', { token })).status, 401);
  });
});
