import Fastify, { type FastifyInstance } from 'fastify';
import { API_POST_SLOW_MS, API_SLOW_MS, REQUEST_HANG_MS, REQUESTS_HANG } from '../faults.ts';
import { registerSecurity } from '../security.ts';
import type { RateLimits } from '../types.ts';
import { adminRoutes } from './admin.ts';
import { assessmentRoutes } from './assessments.ts';
import { authRoutes } from './auth.ts';
import { clientRoutes } from './client.ts';
import type { ApiContext } from './context.ts';
import { healthRoutes } from './health.ts';
import { errorBody, HttpError, sleep } from './http.ts';
import { questionnaireRoutes } from './questionnaire.ts';
import { reportRoutes } from './reports.ts';

export const API_BASE = '/api/v1';

/**
 * The API server: guards first (CORS, CSRF, rate limit), then the routes under /api/v1.
 * Errors leave in one shape; every 5xx is logged as an ERROR line, which is what the gate's
 * log checks read.
 */
export function buildApi(ctx: ApiContext, rateLimits?: RateLimits): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1_000_000 });

  // Clients often send `Content-Type: application/json` with no body on POST /logout or
  // /submit; treat that as `{}` instead of a 400.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body).trim();
    if (!text) return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new HttpError(400, 'Request body is not valid JSON'), undefined);
    }
  });

  registerSecurity(app, { webUrl: () => ctx.urls.web, rateLimits, foreignOrigin500: ctx.faults.on('cors-foreign-500') });

  app.addHook('onRequest', async (request) => {
    if (ctx.faults.on('api-slow') && request.url.startsWith(`${API_BASE}/assessments`)) await sleep(ctx.faults.value('api-slow') ?? API_SLOW_MS);
    // Creating only: GET /assessments (tighter budget) stays fast, so POST's own budget is the one at its edge.
    if (ctx.faults.on('api-post-slow') && request.method === 'POST' && request.url.split('?')[0] === `${API_BASE}/assessments`)
      await sleep(ctx.faults.value('api-post-slow') ?? API_POST_SLOW_MS);
  });

  // fr:requests-hang: the first n list requests of this start are silent (a worker stuck on a lock).
  let hung = 0;
  app.addHook('onRequest', async (request) => {
    if (!ctx.faults.on('requests-hang') || request.method !== 'GET' || request.url.split('?')[0] !== `${API_BASE}/assessments`) return;
    if (hung >= (ctx.faults.value('requests-hang') ?? REQUESTS_HANG)) return;
    hung += 1;
    await holdThenDrop(request.raw);
  });

  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 500) ctx.log('ERROR', `${request.method} ${request.url.split('?')[0]} answered ${reply.statusCode}`);
  });

  app.setErrorHandler((error, request, reply) => {
    const status =
      error instanceof HttpError
        ? error.statusCode
        : typeof (error as { statusCode?: unknown }).statusCode === 'number'
          ? (error as { statusCode: number }).statusCode
          : 500;
    if (status >= 500 && !(error instanceof HttpError)) {
      ctx.log('ERROR', `${request.method} ${request.url.split('?')[0]} failed: ${(error as Error).message}`);
    }
    // Internal details stay in the log; the client gets the generic NestJS wording.
    const message = status >= 500 && !(error instanceof HttpError) ? 'Internal server error' : (error as Error).message;
    return reply.code(status).send(errorBody(status, message));
  });

  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody(404, `Cannot ${request.method} ${request.url.split('?')[0]}`)));

  app.register(
    async (api) => {
      for (const routes of [healthRoutes, authRoutes, assessmentRoutes, questionnaireRoutes, clientRoutes, reportRoutes, adminRoutes]) {
        routes(api, ctx);
      }
    },
    { prefix: API_BASE },
  );

  return app;
}

/** Holds a request unanswered until its client gives up or REQUEST_HANG_MS pass, then drops the connection. */
function holdThenDrop(req: import('node:http').IncomingMessage): Promise<never> {
  return new Promise((_resolve, reject) => {
    const drop = () => {
      clearTimeout(timer);
      req.socket.destroy();
      reject(new HttpError(504, 'request dropped by fr:requests-hang'));
    };
    const timer = setTimeout(drop, REQUEST_HANG_MS);
    timer.unref();
    req.socket.once('close', drop);
  });
}
