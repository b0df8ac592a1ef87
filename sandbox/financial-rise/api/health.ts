import type { FastifyInstance } from 'fastify';
import type { ApiContext } from './context.ts';

export const SERVICE_NAME = 'financial-rise-api';

/**
 * GET /health: `ok` when the database answers. Redis is optional in the sandbox, so health
 * says whether one is configured instead of pretending to have checked it.
 */
export function healthRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/health', async (_request, reply) => {
    const base = { timestamp: new Date().toISOString(), service: SERVICE_NAME, version: ctx.release };
    if (ctx.faults.on('health-down')) return reply.code(503).send({ status: 'down', ...base });
    const database = await ctx.pool.query('SELECT 1').then(() => 'connected', () => 'disconnected');
    if (database !== 'connected') return reply.code(503).send({ status: 'down', ...base, database });
    const redis = ctx.redisUrl ? 'configured' : 'not configured';
    return { status: ctx.faults.on('health-degraded') ? 'degraded' : 'ok', ...base, database, redis };
  });
}
