import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { analyticsRoutes } from './analytics.ts';
import { assetRoutes } from './assets.ts';
import { authRoutes } from './auth.ts';
import type { ApiContext } from './context.ts';
import { guards } from './guard.ts';
import { healthRoutes } from './health.ts';
import { monitoringRoutes } from './monitoring.ts';
import { fail } from './respond.ts';
import { FC } from '../faults.ts';

/**
 * The backend service: cross-cutting behaviour (CORS for the front end, the global rate
 * limit, the `{success:false,error}` envelope, one ERROR log line per 5xx) and the routes
 * of each area.
 */
export interface Api {
  app: FastifyInstance;
  /**
   * Starts counting requests against the rate limit. Called once start() has checked that
   * the server answers: the boot self-check is the platform's probe, not a client's, and
   * must not spend a budget of 100 requests that a rate-limit test counts exactly.
   */
  armRateLimit(): void;
}

const TOO_MANY = 'Too many requests from this IP, please try again later.';

export function buildApi(ctx: ApiContext): Api {
  const app = Fastify({ logger: false });
  const failures = new WeakMap<FastifyRequest, string>();
  let armed = false;

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    // `fc:cors-echo-origin`: the classic misconfiguration that reflects any origin, with credentials.
    if (origin && ctx.faults.has(FC.corsEchoOrigin)) reply.header('Access-Control-Allow-Origin', origin).header('Access-Control-Allow-Credentials', 'true');
    else if (origin && ctx.webOrigins.has(origin)) reply.header('Access-Control-Allow-Origin', origin).header('Vary', 'Origin');
    if (!armed) return;
    const now = Date.now();
    const d = await ctx.limiter.check(request.ip, now);
    reply
      .header('X-RateLimit-Limit', ctx.limiter.options.max)
      .header('X-RateLimit-Remaining', d.remaining)
      .header('X-RateLimit-Reset', Math.ceil(d.resetAt / 1000));
    if (d.allowed) return;
    // One WARN per client and window (the first refusal), not one per refused request.
    const { max, windowMs } = ctx.limiter.options;
    if (d.count === max + 1) ctx.log('WARN', `Rate limit reached for ${request.ip}: ${max} requests per ${windowMs / 1000} s`);
    reply.header('Retry-After', Math.max(1, Math.ceil((d.resetAt - now) / 1000)));
    return fail(reply, 429, TOO_MANY);
  });

  app.options('*', async (_request, reply) =>
    reply
      .header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
      .header('Access-Control-Allow-Headers', 'Content-Type, Authorization')
      .header('Access-Control-Max-Age', '600')
      .code(204)
      .send(),
  );

  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    // Client mistakes Fastify caught (bad JSON, wrong content type) keep their 4xx.
    if (status < 500) return fail(reply, status, error.message);
    // The log takes one line per call; driver messages sometimes span several.
    failures.set(request, error.message.replace(/\s+/g, ' '));
    return fail(reply, 500, 'Internal server error');
  });

  app.setNotFoundHandler(async (request, reply) => fail(reply, 404, `Route ${request.method} ${request.url.split('?')[0]} not found`));

  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode < 500) return;
    const cause = failures.get(request);
    ctx.log('ERROR', `${request.method} ${request.url} -> ${reply.statusCode}${cause ? `: ${cause}` : ''} (${Math.round(reply.elapsedTime)} ms)`);
  });

  // One set of guards for the whole API: fc:error-rate's counter must see every
  // authenticated request, not one count per area.
  const guard = guards(ctx);
  healthRoutes(app, ctx);
  authRoutes(app, ctx, guard);
  analyticsRoutes(app, ctx, guard);
  assetRoutes(app, ctx, guard);
  monitoringRoutes(app, ctx, guard);

  return { app, armRateLimit: () => void (armed = true) };
}
