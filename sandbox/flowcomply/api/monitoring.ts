import type { FastifyInstance } from 'fastify';
import { FC } from '../faults.ts';
import { parseInfo, withTimeout } from '../redis.ts';
import type { ApiContext } from './context.ts';
import type { Guards } from './guard.ts';

/**
 * `/api/v1/monitoring/*`, SYSTEM_ADMIN only. Answers are unwrapped (no `success`), as in the
 * deployed app, and every number is measured: pg_stat_activity, SHOW max_connections,
 * Redis INFO and the job-queue model.
 */
export interface RedisMetrics {
  hitRate: number | null;
  keyspaceHits: number | null;
  keyspaceMisses: number | null;
  connectedClients: number | null;
  usedMemoryBytes: number | null;
  /** Why the numbers are null, when they are. */
  reason?: string;
}

/** Pure: Redis INFO (stats + clients + memory) as the metrics the runbook reads (6.3). */
export function redisMetrics(info: Record<string, string>): RedisMetrics {
  const num = (k: string) => (info[k] === undefined ? null : Number(info[k]));
  const hits = num('keyspace_hits');
  const misses = num('keyspace_misses');
  const lookups = (hits ?? 0) + (misses ?? 0);
  return {
    // No lookups yet is "unknown", not 0 % or 100 %.
    hitRate: lookups > 0 ? Math.round(((hits ?? 0) / lookups) * 1000) / 1000 : null,
    keyspaceHits: hits,
    keyspaceMisses: misses,
    connectedClients: num('connected_clients'),
    usedMemoryBytes: num('used_memory'),
    ...(lookups > 0 ? {} : { reason: 'No cache lookups yet' }),
  };
}

const nullRedis = (reason: string): RedisMetrics => ({
  hitRate: null,
  keyspaceHits: null,
  keyspaceMisses: null,
  connectedClients: null,
  usedMemoryBytes: null,
  reason,
});

async function readRedisMetrics(ctx: ApiContext): Promise<RedisMetrics> {
  if (!ctx.redis) return nullRedis('REDIS_URL is not set');
  try {
    return redisMetrics(parseInfo(await withTimeout(ctx.redis.info(), 1000, 'Redis INFO')));
  } catch (err) {
    return nullRedis(`Redis unavailable: ${(err as Error).message}`);
  }
}

export function monitoringRoutes(app: FastifyInstance, ctx: ApiContext, guard: Guards): void {
  const { requireAuth, requireRole } = guard;
  const adminOnly = { preHandler: [requireAuth, requireRole(['SYSTEM_ADMIN'])] };

  app.get('/api/v1/monitoring/system', adminOnly, async () => {
    const workers = ctx.queues.workers();
    const totalFailed = ctx.queues.counts().reduce((sum, q) => sum + q.failed, 0);
    const healthy = totalFailed === 0 && workers.every((w) => w.status === 'running');
    return { status: healthy ? 'healthy' : 'degraded', workers, totalFailed, timestamp: new Date().toISOString() };
  });

  app.get('/api/v1/monitoring/queues', adminOnly, async () => ({ queues: ctx.queues.counts(), timestamp: new Date().toISOString() }));

  // The fault removes the route itself, so the answer is the router's own 404.
  if (ctx.faults.has(FC.metricsRouteMissing)) return;
  // Drift: the same metrics, served under another path.
  app.get(ctx.faults.has(FC.driftMetricsMoved) ? '/api/v1/monitoring/database' : '/api/v1/monitoring/metrics', adminOnly, async () => {
    const [activity, max, redis] = await Promise.all([
      ctx.db.query<{ active: number; idle: number; total: number }>(
        `SELECT count(*) FILTER (WHERE "state" = 'active')::int AS active, count(*) FILTER (WHERE "state" = 'idle')::int AS idle,
                count(*)::int AS total FROM pg_stat_activity WHERE "datname" = current_database()`,
      ),
      ctx.db.query<{ max_connections: string }>('SHOW max_connections'),
      readRedisMetrics(ctx),
    ]);
    const a = activity.rows[0];
    const maxConnections = Number(max.rows[0].max_connections);
    return {
      database: {
        activeConnections: a.active,
        idleConnections: a.idle,
        totalConnections: a.total,
        maxConnections,
        utilization: Math.round((a.total / maxConnections) * 1000) / 1000,
        pool: { total: ctx.db.totalCount, idle: ctx.db.idleCount, waiting: ctx.db.waitingCount },
      },
      redis,
      timestamp: new Date().toISOString(),
    };
  });
}
