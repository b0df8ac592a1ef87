import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFlowComply, type FlowComplyDeps } from '../../sandbox/flowcomply/index.ts';
import { startPostgres, type PostgresServer } from '../../sandbox/postgres.ts';
import { startRedis, type RedisServer } from '../../sandbox/redis.ts';

/**
 * Shared set-up for the FlowComply self-tests: one real embedded PostgreSQL and, when
 * `redis-server` is installed, one real Redis per test file; an app start per database (and
 * fault set); and a small HTTP client for its API.
 */
export const ACCOUNTS = {
  smoke: { email: 'smoke@flowcomply.test', password: 'Smoke-Passw0rd!', firstName: 'Sam' },
  admin: { email: 'admin@flowcomply.test', password: 'Admin-Passw0rd!', firstName: 'Ada' },
  throwaway: { email: 'throwaway@flowcomply.test', password: 'Throwaway-Passw0rd!' },
};

export interface Env {
  pg: PostgresServer;
  /** Undefined when `redis-server` is not on PATH. */
  redis: RedisServer | undefined;
  /** Run by stop(), last added first; a failing one does not keep the others from running. */
  cleanups: (() => Promise<unknown>)[];
  stop(): Promise<void>;
}

export async function setupEnv(): Promise<Env> {
  const [pgServer, redis] = await Promise.all([startPostgres(), startRedis(undefined)]);
  const cleanups: Env['cleanups'] = [];
  return {
    pg: pgServer,
    redis,
    cleanups,
    async stop() {
      for (const c of cleanups.reverse()) await c().catch(() => {});
      await redis?.stop();
      await pgServer.stop();
    },
  };
}

export type App = Awaited<ReturnType<typeof startFlowComply>> & { logs: string[]; dataDir: string; db: string };

/**
 * Starts the app on database `db` (recreated first unless `fresh` is false), with the env's
 * Redis if there is one and a rate limit only the rate-limit test meets; `overrides` win.
 * Closed, and its data directory removed, by env.stop().
 */
export async function startApp(env: Env, db: string, opts: { faults?: string[]; overrides?: Partial<FlowComplyDeps>; fresh?: boolean } = {}): Promise<App> {
  if (opts.fresh ?? true) await env.pg.recreateDatabase(db);
  const logs: string[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'fc-test-'));
  const app = await startFlowComply({
    databaseUrl: env.pg.urlFor(db),
    smtp: { host: '127.0.0.1', port: 2525 },
    faults: new Set(opts.faults ?? []),
    release: '1.0.0',
    accounts: ACCOUNTS,
    dataDir,
    rateLimit: { max: 100_000 },
    log: (level, message) => logs.push(`${level} ${message}`),
    ...(env.redis ? { redisUrl: env.redis.url } : {}),
    ...opts.overrides,
  });
  env.cleanups.push(app.close, () => rm(dataDir, { recursive: true, force: true }));
  return { ...app, logs, dataDir, db };
}

export interface CallOptions {
  /** Default: POST when there is a body, GET otherwise. */
  method?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * How the reply is read. By default it must be JSON (an empty reply is null) and anything
   * else throws. Lenient, for fault probes where the app may answer anything: a reply that is
   * a JSON object is parsed, any other is kept as its text.
   */
  lenient?: boolean;
}

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

export async function call(app: App, path: string, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const res = await fetch(app.apiUrl + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  const body = opts.lenient ? (text.startsWith('{') ? JSON.parse(text) : text) : text ? JSON.parse(text) : null;
  return { status: res.status, body, headers: res.headers };
}

/** Logs in (asserting a 200) and returns the access token; `lenient` as for call(). */
export async function login(app: App, account: { email: string; password: string }, opts: Pick<CallOptions, 'lenient'> = {}): Promise<string> {
  const res = await call(app, '/api/v1/auth/login', { ...opts, body: { email: account.email, password: account.password } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.accessToken;
}
