import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { FinancialRiseAccounts, RunningApp, StartApp } from '../kit/types.ts';
import type { ApiContext } from './api/context.ts';
import { buildApi } from './api/server.ts';
import { RuntimeFaults } from './faults.ts';
import { createMailer } from './mailer.ts';
import { createReportWorker } from './report-worker.ts';
import { convergeDatabase } from './seed.ts';
import type { FinancialRiseDeps } from './types.ts';
import { buildWeb } from './web/server.ts';

export { FR_LATEST_MIGRATION, FR_LATEST_MIGRATION_NAME, FR_MIGRATIONS } from './schema.ts';
export { SEED_QUESTIONS } from './questions.ts';
export { DEFAULT_RATE_LIMITS, type FinancialRiseDeps, type RateLimits } from './types.ts';

/**
 * Starts the Financial RISE reference app: converge the database (then break it as the
 * database faults ask), start the API and the web front end on 127.0.0.1, and return once
 * both answer. `close()` releases servers, timers, mail and database connections.
 */
export const startFinancialRise = start satisfies StartApp<FinancialRiseAccounts>;

/** Typed with the wider deps so a caller may pass `rateLimits` in an object literal. */
async function start(deps: FinancialRiseDeps): Promise<RunningApp> {
  const faults = new RuntimeFaults(deps.faults);
  const pool = new pg.Pool({ connectionString: deps.databaseUrl, max: 10 });
  // An idle client losing its server must not crash the process (pg emits 'error' on the pool).
  pool.on('error', (err) => deps.log('ERROR', `Database pool error: ${err.message}`));
  const cleanups: (() => Promise<unknown>)[] = [() => pool.end()];
  let closing: Promise<void> | undefined;
  // Idempotent, in reverse start order: servers stop taking requests before what they use goes.
  const closeAll = (): Promise<void> =>
    (closing ??= (async () => {
      for (const c of [...cleanups].reverse()) await c().catch(() => {});
    })());

  try {
    await pool.query('SELECT 1');
    deps.log('INFO', 'Database connection successful');
    await convergeDatabase(pool, deps.accounts, faults);
    await mkdir(join(deps.dataDir, 'reports'), { recursive: true });

    // Drift: a deployment that sends no mail at all (it is configured without SMTP).
    const mailer = faults.on('drift-no-mail') ? { send: () => {}, close: async () => {} } : createMailer(deps.smtp, deps.log);
    cleanups.push(() => mailer.close());
    const reports = createReportWorker({ pool, faults, dataDir: deps.dataDir, log: deps.log });
    cleanups.push(() => reports.close());
    const ctx: ApiContext = {
      pool,
      faults,
      mailer,
      reports,
      log: deps.log,
      urls: { api: '', web: '' },
      linkSecret: randomBytes(32),
      release: deps.release,
      ...(deps.redisUrl ? { redisUrl: deps.redisUrl } : {}),
    };

    const api = buildApi(ctx, deps.rateLimits);
    let apiClosed = false;
    cleanups.push(async () => (apiClosed ? undefined : api.close()));
    const web = buildWeb({ apiUrl: () => ctx.urls.api, faults });
    cleanups.push(() => web.close());
    const apiPort = await listen(api, deps.ports?.api ?? 0);
    const webPort = await listen(web, deps.ports?.web ?? 0);
    ctx.urls = { api: `http://127.0.0.1:${apiPort}`, web: `http://127.0.0.1:${webPort}` };

    await Promise.all([answers(`${ctx.urls.api}/api/v1/auth/csrf`), answers(`${ctx.urls.web}/login`)]);
    deps.log('INFO', `Server started on port ${apiPort}`);
    deps.log('INFO', `Frontend started on port ${webPort}`);
    // fr:api-port-closed: the API process died after start (its port refuses connections) while
    // the web server keeps serving: the same deployment answers elsewhere.
    if (faults.on('api-port-closed')) {
      apiClosed = true;
      await api.close();
    }
    return { apiUrl: ctx.urls.api, webUrl: ctx.urls.web, close: closeAll };
  } catch (err) {
    await closeAll();
    throw new Error(`Financial RISE did not start: ${(err as Error).message}`, { cause: err });
  }
}

async function listen(app: FastifyInstance, port: number): Promise<number> {
  await app.listen({ host: '127.0.0.1', port });
  return (app.server.address() as AddressInfo).port;
}

/** One real request, so "started" means answering, not just bound. */
async function answers(url: string): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  if (res.status >= 500) throw new Error(`${url} answered ${res.status} at start-up`);
}
