import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import pg from 'pg';
import type { RunningApp } from '../../sandbox/kit/types.ts';
import { startFinancialRise, type RateLimits } from '../../sandbox/financial-rise/index.ts';
import { startMailCatcher, type MailCatcher } from '../../sandbox/mail.ts';
import { startPostgres, type PostgresServer } from '../../sandbox/postgres.ts';

/**
 * Shared set-up for the Financial RISE self-tests: one real Postgres and one maildev per test
 * file, an app start per fault set, and a small HTTP client that plays the CSRF game the way
 * the gate must (GET first, then echo the cookie in X-CSRF-Token).
 */
export const ACCOUNTS = {
  consultant: { email: 'smoke.consultant@example.com', password: 'Sm0ke!Passw0rd', firstName: 'Sam', lastName: 'Smoke' },
  admin: { email: 'admin@example.com', password: 'Adm1n!Passw0rd' },
};

/** Limits high enough that only the rate-limit tests ever meet them. */
export const GENEROUS: RateLimits = { defaultPerMinute: 100_000, loginPerMinute: 1000, registerPerHour: 1000 };

export interface Env {
  pg: PostgresServer;
  mail: MailCatcher;
  dataDir: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function setupEnv(database: string): Promise<Env> {
  const pgServer = await startPostgres();
  const mail = await startMailCatcher();
  const dataDir = await mkdtemp(join(tmpdir(), 'fr-test-'));
  await pgServer.recreateDatabase(database);
  return {
    pg: pgServer,
    mail,
    dataDir,
    databaseUrl: pgServer.urlFor(database),
    async stop() {
      await mail.stop();
      await pgServer.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Started {
  app: RunningApp;
  logs: { level: string; message: string }[];
  api: ApiClient;
}

export async function startApp(env: Env, opts: { faults?: string[]; rateLimits?: RateLimits } = {}): Promise<Started> {
  const logs: Started['logs'] = [];
  const app = await startFinancialRise({
    databaseUrl: env.databaseUrl,
    smtp: env.mail.smtp,
    faults: new Set(opts.faults ?? []),
    release: '1.0.0',
    accounts: ACCOUNTS,
    dataDir: env.dataDir,
    log: (level, message) => logs.push({ level, message }),
    ...(opts.rateLimits ? { rateLimits: opts.rateLimits } : {}),
  });
  return { app, logs, api: new ApiClient(app.apiUrl) };
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiClient {
  private cookie = '';
  csrf = '';

  constructor(
    readonly baseUrl: string,
    private readonly origin?: string,
  ) {}

  async call<T = any>(
    method: string,
    path: string,
    opts: { body?: unknown; token?: string; csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    if (opts.csrf !== false && method !== 'GET' && !this.csrf) await this.call('GET', '/api/v1/auth/csrf');
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.origin) headers.origin = this.origin;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.csrf !== false && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(this.baseUrl + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const set = res.headers.get('set-cookie');
    const m = set && /XSRF-TOKEN=([^;]+)/.exec(set);
    if (m) {
      this.cookie = `XSRF-TOKEN=${m[1]}`;
      this.csrf = m[1];
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: body as T, headers: res.headers };
  }

  async login(email: string, password: string): Promise<string> {
    const r = await this.call('POST', '/api/v1/auth/login', { body: { email, password } });
    if (r.status !== 200) throw new Error(`login ${email} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body.access_token;
  }
}

export interface Email {
  subject: string;
  text: string;
  html: string;
  to: { address: string }[];
}

/** Polls maildev's REST API until a message to `to` (and matching `subject`) arrives. */
export async function waitForEmail(mail: MailCatcher, to: string, subject: RegExp, timeoutMs = 5000): Promise<Email> {
  const found = await pollFor(async () => {
    const all = (await (await fetch(`${mail.apiUrl}/api/email`)).json()) as Email[];
    return all.find((e) => e.to.some((t) => t.address === to) && subject.test(e.subject));
  }, timeoutMs);
  if (!found) throw new Error(`No email to ${to} matching ${subject} within ${timeoutMs} ms`);
  return found;
}

export async function emailsTo(mail: MailCatcher, to: string): Promise<Email[]> {
  const all = (await (await fetch(`${mail.apiUrl}/api/email`)).json()) as Email[];
  return all.filter((e) => e.to.some((t) => t.address === to));
}

export async function pollFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 100): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

let counter = 0;
/** A fresh lowercase address per call: registrations never collide between tests. */
export const uniqueEmail = (tag: string): string => `${tag}.${Date.now().toString(36)}${(counter++).toString(36)}@example.com`;

export const STRONG_PASSWORD = 'Str0ng!Pass';

/** Answers every question with a valid value (first option, or text). */
export function answerAll(questions: { id: string; type: string; options: { value: unknown }[] }[]) {
  return questions.map((q) => ({
    questionId: q.id,
    answer: { value: q.type === 'text' ? 'Cash flow visibility' : q.type === 'multiple_choice' ? [q.options[0].value] : q.options[0].value },
  }));
}

/** A completed assessment of the consultant's, answered through the consultant API. */
export async function completedAssessment(api: ApiClient, token: string, businessName = 'Fault Bakery'): Promise<string> {
  const a = await api.call('POST', '/api/v1/assessments', { token, body: { clientName: 'Fay Fault', businessName, clientEmail: uniqueEmail('f') } });
  if (a.status !== 201) throw new Error(`create answered ${a.status}`);
  const qs = await api.call('GET', '/api/v1/questionnaire/questions', { token });
  for (const r of answerAll(qs.body.questions).slice(0, 3)) {
    await api.call('POST', '/api/v1/questionnaire/responses', { token, body: { assessmentId: a.body.id, ...r } });
  }
  const done = await api.call('POST', `/api/v1/assessments/${a.body.id}/submit`, { token });
  if (done.status !== 200) throw new Error(`submit answered ${done.status}`);
  return a.body.id;
}

/**
 * Runs a page's inline scripts in a bare VM with just enough DOM to start, and returns what
 * they threw on load. Not a browser (the gate's Playwright checks are): this catches a page
 * whose start-up code throws, or does not even parse.
 */
export function loadErrorOf(html: string, pathname = '/'): Error | undefined {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  const element = (): Record<string, unknown> => ({
    addEventListener() {},
    textContent: '',
    innerHTML: '',
    hidden: false,
    className: '',
    value: '',
    dataset: {},
  });
  const sandbox: Record<string, unknown> = {
    document: { getElementById: element, querySelector: element, querySelectorAll: () => [], title: '' },
    sessionStorage: { getItem: () => null, setItem() {}, clear() {} },
    location: { assign() {}, pathname, search: '' },
    fetch: () => new Promise(() => {}),
    URLSearchParams,
    setTimeout,
    console: { error() {}, log() {} },
  };
  sandbox.window = sandbox;
  vm.createContext(sandbox);
  try {
    for (const s of scripts) vm.runInContext(s, sandbox);
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

export async function dbQuery<T extends pg.QueryResultRow = Record<string, unknown>>(databaseUrl: string, sql: string): Promise<T[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query<T>(sql)).rows;
  } finally {
    await db.end();
  }
}
