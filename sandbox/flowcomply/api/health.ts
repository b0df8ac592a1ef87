import type { FastifyInstance } from 'fastify';
import { pingRedis, withTimeout } from '../redis.ts';
import { probeStore } from '../store.ts';
import type { ApiContext } from './context.ts';
import { FC } from '../faults.ts';

/**
 * Liveness (`/health`) and readiness (`/health/ready`). Readiness really touches each
 * dependency (SQL round trip, Redis PING, an object write/read/delete) and never reports a
 * dependency it could not reach as "connected".
 */
export type ServiceState = 'connected' | 'disconnected' | 'not_configured';

export interface Probe {
  service: 'database' | 'redis' | 's3';
  state: ServiceState;
  error?: string;
}

const PROBE_TIMEOUT_MS = 2000;

async function probe(service: Probe['service'], run: () => Promise<unknown>): Promise<Probe> {
  try {
    await withTimeout(run(), PROBE_TIMEOUT_MS, service);
    return { service, state: 'connected' };
  } catch (err) {
    return { service, state: 'disconnected', error: (err as Error).message };
  }
}

/** Pure: the readiness answer for a set of probe results. */
export function readiness(probes: Probe[], now: Date): { code: number; body: Record<string, unknown> } {
  const services = Object.fromEntries(probes.map((p) => [p.service, p.state]));
  const problems = probes.filter((p) => p.state !== 'connected').map((p) => `${p.service}: ${p.error ?? p.state}`);
  const timestamp = now.toISOString();
  if (problems.length === 0) return { code: 200, body: { status: 'ready', timestamp, services } };
  return { code: 503, body: { status: 'not_ready', timestamp, error: problems.join('; '), services } };
}

export function healthRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/health', async () => ({
    status: 'ok',
    timestamp: new Date().toISOString(),
    uptime: Math.round((Date.now() - ctx.startedAtMs) / 1000),
    environment: ctx.environment,
    version: ctx.release,
  }));

  app.get('/health/ready', async (_request, reply) => {
    const redis = ctx.redis;
    const probes = await Promise.all([
      probe('database', () => ctx.db.query('SELECT 1')),
      redis ? probe('redis', () => pingRedis(redis)) : Promise.resolve<Probe>({ service: 'redis', state: 'not_configured', error: 'REDIS_URL is not set' }),
      // Drift: a deployment without object storage lists no s3 at all (it is not "down").
      ...(ctx.faults.has(FC.driftNoS3) ? [] : [probe('s3', () => probeStore(ctx.store))]),
    ]);
    const { code, body } = readiness(probes, new Date());
    return reply.code(code).send(body);
  });
}
