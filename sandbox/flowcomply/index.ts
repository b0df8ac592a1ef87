import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import pg from 'pg';
import type { AppDeps, FlowComplyAccounts, RunningApp, StartApp } from '../kit/types.ts';
import type { ApiContext } from './api/context.ts';
import { buildApi } from './api/server.ts';
import { convergeDatabase } from './converge.ts';
import { FC } from './faults.ts';
import { QueueModel, runQueues, STUCK_QUEUE } from './queues.ts';
import { fallbackStore, memoryStore, rateLimiter, redisStore, type CounterStore } from './rate-limit.ts';
import { connectRedis, deadRedisUrl } from './redis.ts';
import { documentStore, storeRoot } from './store.ts';
import { buildWeb } from './web.ts';

export { FLOWCOMPLY_MIGRATIONS } from './schema.ts';
export { SEED_ORGANIZATION } from './seed.ts';
export { QUEUE_SPECS, STUCK_QUEUE } from './queues.ts';
export { DEFAULT_RATE_LIMIT } from './rate-limit.ts';
export { ERROR_RATE_PERCENT, FC } from './faults.ts';

/** The kit's deps plus what only FlowComply understands. */
export interface FlowComplyDeps extends AppDeps<FlowComplyAccounts> {
  /**
   * Overrides the contract's global limit (100 requests per 15 minutes per IP). The gate's
   * load test sends thousands of requests from 127.0.0.1, so the supervisor raises `max`
   * for gate runs; tests of the limit itself leave it unset.
   */
  rateLimit?: { max?: number; windowMs?: number };
}

type Cleanup = () => unknown;

/** Releases in reverse order of acquisition; each step runs even if an earlier one failed. */
function releaser(cleanups: Cleanup[]): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () =>
    (done ??= (async () => {
      for (const cleanup of cleanups.reverse())
        await Promise.resolve()
          .then(cleanup)
          .catch(() => {});
    })());
}

/** Any HTTP answer counts: a front end whose fault is answering 500 is up, just broken. */
async function answers(url: string): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
}

function limiterStore(redis: Redis | null, log: AppDeps<unknown>['log']): CounterStore {
  if (!redis) return memoryStore();
  let lastWarn = 0;
  return fallbackStore(redisStore(redis), memoryStore(), (err) => {
    // At most one line a minute: during an outage every request would otherwise log.
    if (Date.now() - lastWarn < 60_000) return;
    lastWarn = Date.now();
    log('WARN', `Rate limiter fell back to memory: Redis unavailable (${err.message})`);
  });
}

/**
 * Starts FlowComply: converges the database (then applies DB faults), connects Redis,
 * starts the job queues, and listens with the API and the front end on 127.0.0.1. Returns
 * once both answer. Typed with `satisfies` so callers see `FlowComplyDeps`, not only the
 * kit's narrower deps.
 */
export const startFlowComply = (async (deps: FlowComplyDeps): Promise<RunningApp> => {
  const { faults, log } = deps;
  const cleanups: Cleanup[] = [];
  const release = releaser(cleanups);
  try {
    const db = new pg.Pool({ connectionString: deps.databaseUrl, max: 10 });
    db.on('error', (err) => log('WARN', `Idle database connection dropped: ${err.message}`));
    cleanups.push(() => db.end());
    await convergeDatabase(db, deps.accounts, faults);
    log('INFO', 'Database connected');
    log('INFO', `Release ${deps.release}: migrations deployed, seed converged`);

    let redis: Redis | null = null;
    // fc:redis-down points the client at a port where nothing listens, with or without a
    // configured Redis, so the outage is a real refused connection, reported "disconnected".
    const redisUrl = faults.has(FC.redisDown) ? await deadRedisUrl() : deps.redisUrl;
    if (redisUrl) {
      const client = await connectRedis(redisUrl, log);
      cleanups.push(() => client.disconnect());
      redis = client;
    } else {
      log('WARN', 'REDIS_URL is not set: cache off, rate limit in memory, readiness reports redis not_configured');
    }

    const queues = new QueueModel(Date.now(), new Set(faults.has(FC.queuesStuck) ? [STUCK_QUEUE] : []));
    cleanups.push(runQueues(queues));

    const ctx: ApiContext = {
      db,
      redis,
      store: documentStore(await storeRoot(deps.dataDir, faults.has(FC.s3Down))),
      queues,
      limiter: rateLimiter(limiterStore(redis, log), deps.rateLimit),
      tokenSecret: randomBytes(32),
      faults,
      release: deps.release,
      environment: 'sandbox',
      startedAtMs: Date.now(),
      log,
      webOrigins: new Set(),
    };

    let apiUrl = '';
    const api = buildApi(ctx);
    const web = buildWeb({ apiUrl: () => apiUrl, faults, log });
    let webClosed = false;
    cleanups.push(
      () => api.app.close(),
      async () => (webClosed ? undefined : web.close()),
    );
    await api.app.listen({ host: '127.0.0.1', port: deps.ports?.api ?? 0 });
    await web.listen({ host: '127.0.0.1', port: deps.ports?.web ?? 0 });
    const apiPort = (api.app.server.address() as { port: number }).port;
    const webPort = (web.server.address() as { port: number }).port;
    apiUrl = `http://127.0.0.1:${apiPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;
    // A browser may be pointed at either name of the loopback host.
    ctx.webOrigins.add(webUrl).add(`http://localhost:${webPort}`);

    await Promise.all([answers(`${apiUrl}/health`), answers(`${webUrl}/`)]);
    api.armRateLimit();
    log('INFO', `Server listening on port ${apiPort}`);
    log('INFO', `Frontend listening on port ${webPort}`);
    // fc:web-port-closed: the front end's process died after start (its port refuses
    // connections) while the API keeps serving: the same deployment answers elsewhere.
    if (faults.has(FC.webPortClosed)) {
      webClosed = true;
      await web.close();
    }
    return { apiUrl, webUrl, close: release };
  } catch (err) {
    await release();
    throw err;
  }
}) satisfies StartApp<FlowComplyAccounts>;
