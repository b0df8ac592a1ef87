import type { FastifyInstance } from 'fastify';
import type { ApiContext } from './context.ts';

export const SERVICE_NAME = 'financial-rise-api';

/**
 * GET /health: `ok` when the database answers. Redis is optional in the sandbox, so health
 * says whether one is configured instead of pretending to have checked it.
 */
export function healthRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/health', async (request, reply) => {
    // fr:health-hang: the process is up (other routes answer) but health never does, as when
    // its database check waits on a dead pool. Bounded, and released when the caller gives up.
    if (ctx.faults.on('health-hang')) await hangUntilClosed(request.raw);
    const base = { timestamp: new Date().toISOString(), service: SERVICE_NAME, version: ctx.release };
    if (ctx.faults.on('health-down')) return reply.code(503).send({ status: 'down', ...base });
    const database = await ctx.pool.query('SELECT 1').then(
      () => 'connected',
      () => 'disconnected',
    );
    if (database !== 'connected') return reply.code(503).send({ status: 'down', ...base, database });
    const redis = ctx.redisUrl ? 'configured' : 'not configured';
    return { status: ctx.faults.on('health-degraded') ? 'degraded' : 'ok', ...base, database, redis };
  });
}

const HANG_MAX_MS = 10 * 60_000;

function hangUntilClosed(req: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, HANG_MAX_MS);
    timer.unref();
    req.once('close', () => (clearTimeout(timer), resolve()));
  });
}
