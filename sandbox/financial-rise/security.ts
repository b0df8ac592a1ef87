import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpError, routeKey, sendError } from './api/http.ts';
import { RateLimiter, tooManyMessage } from './rate-limit.ts';
import type { RateLimits } from './types.ts';

/**
 * The API's request guards, in the order the deployed app applies them: CORS, the CSRF cookie,
 * the rate limit, then the CSRF check.
 *
 * How a browser page on the web origin gets the CSRF token: API and web front end are different
 * origins (different ports of 127.0.0.1), so the page cannot count on reading the API's cookie.
 * Every API response therefore carries the token twice: the `XSRF-TOKEN` cookie (not HttpOnly,
 * SameSite=Lax, which a same-site cross-port `fetch(..., {credentials:'include'})` sends back)
 * and the `X-CSRF-Token` response header (exposed through CORS). `GET /api/v1/auth/csrf`
 * answers `{csrfToken}` for pages that prefer JSON. The page echoes it in the `X-CSRF-Token`
 * request header; the check compares header and cookie (double submit).
 */
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-csrf-token';
const CSRF_EXEMPT = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/register']);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** The web front end's origin, and its localhost / 127.0.0.1 twin (a browser may use either). */
export function allowedOrigins(webUrl: string): Set<string> {
  const u = new URL(webUrl);
  const twin = new URL(webUrl);
  twin.hostname = u.hostname === '127.0.0.1' ? 'localhost' : u.hostname === 'localhost' ? '127.0.0.1' : u.hostname;
  return new Set([u.origin, twin.origin]);
}

export interface SecurityOptions {
  /** Read per request: the web origin is known only once the front end listens. */
  webUrl: () => string;
  rateLimits?: RateLimits;
  /** `fr:cors-foreign-500`: a foreign Origin makes the cors callback throw (-> 500), as Nest apps often do. */
  foreignOrigin500?: boolean;
}

export function registerSecurity(app: FastifyInstance, opts: SecurityOptions): void {
  const limiter = new RateLimiter(opts.rateLimits);
  app.addHook('onRequest', async (request, reply) => {
    if (!applyCors(request, reply, opts.webUrl(), opts.foreignOrigin500 ?? false)) return reply;
    const token = issueCsrfCookie(request, reply);
    if (request.method === 'OPTIONS') return reply.code(204).send();
    const route = routeKey(request);
    const verdict = limiter.hit(request.ip, route);
    if (!verdict.allowed) {
      reply.header('retry-after', String(verdict.retryAfterS));
      return sendError(reply, 429, tooManyMessage(route, verdict));
    }
    if (UNSAFE.has(request.method) && !CSRF_EXEMPT.has(route) && (!token || request.headers[CSRF_HEADER] !== token)) {
      return sendError(reply, 403, 'CSRF token missing');
    }
    return undefined;
  });
}

/**
 * False when the request was answered here (a preflight). A foreign origin gets no CORS
 * headers (the browser then blocks the page); the request itself is answered as usual. The
 * contract notes that the deployed app's cors callback throws instead (a 500, health
 * included): CHECKS.md treats that as a defect, reproduced by `fr:cors-foreign-500`.
 */
function applyCors(request: FastifyRequest, reply: FastifyReply, webUrl: string, foreign500: boolean): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (!allowedOrigins(webUrl).has(origin)) {
    if (foreign500) throw httpError(500, `Origin ${origin} is not allowed by CORS`);
    return true;
  }
  reply.header('access-control-allow-origin', origin);
  reply.header('access-control-allow-credentials', 'true');
  reply.header('access-control-expose-headers', 'X-CSRF-Token, Retry-After');
  reply.header('vary', 'Origin');
  if (request.method !== 'OPTIONS') return true;
  reply.header('access-control-allow-methods', 'GET,POST,PUT,PATCH,DELETE,OPTIONS');
  reply.header('access-control-allow-headers', 'Authorization, Content-Type, X-CSRF-Token');
  reply.header('access-control-max-age', '600');
  reply.code(204).send();
  return false;
}

/**
 * Re-issues the caller's token when it has one (so concurrent requests of one client never
 * invalidate each other) and mints one otherwise. Returns the token this request is bound to.
 */
function issueCsrfCookie(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const existing = parseCookies(request.headers.cookie)[CSRF_COOKIE];
  const token = existing && /^[A-Za-z0-9_-]{16,128}$/.test(existing) ? existing : randomBytes(24).toString('base64url');
  reply.header('set-cookie', `${CSRF_COOKIE}=${token}; Path=/; SameSite=Lax`);
  reply.header('x-csrf-token', token);
  return existing === token ? token : undefined;
}
