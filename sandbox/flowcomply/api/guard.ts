import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { API_SLOW_MS, errorRateCounter, FC, REQUEST_HANG_MS, REQUESTS_HANG } from '../faults.ts';
import { bearerToken, unsignedClaims, verifyToken, type Claims } from '../tokens.ts';
import type { ApiContext } from './context.ts';
import { faultValue } from '../../fault-values.ts';
import { fail } from './respond.ts';

/**
 * Bearer authentication and role checks, as route `preHandler`s. The signed-in user is
 * kept in a WeakMap rather than by augmenting FastifyRequest, because such an augmentation
 * is global to the project and would leak into the other sandbox app's types.
 */
export const ROLES = ['SYSTEM_ADMIN', 'ORG_ADMIN', 'COMPLIANCE_MANAGER', 'INSPECTOR', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

/** "ORG_ADMIN+": who may delete. */
export const ADMIN_ROLES: readonly Role[] = ['SYSTEM_ADMIN', 'ORG_ADMIN'];
/** Who may create or change register data. */
export const EDITOR_ROLES: readonly Role[] = ['SYSTEM_ADMIN', 'ORG_ADMIN', 'COMPLIANCE_MANAGER'];

const signedIn = new WeakMap<FastifyRequest, Claims>();

/** The caller's claims; only valid on a route guarded by `requireAuth`. */
export function userOf(request: FastifyRequest): Claims {
  const claims = signedIn.get(request);
  if (!claims) throw new Error(`userOf() on ${request.url}, a route without requireAuth`);
  return claims;
}

export interface Guards {
  requireAuth: preHandlerAsyncHookHandler;
  requireRole(roles: readonly Role[]): preHandlerAsyncHookHandler;
}

export function guards(ctx: ApiContext): Guards {
  // fc:error-rate fails a fixed share of authenticated requests: counted here because this
  // is the one place every authenticated request passes through exactly once.
  const shouldFail = ctx.faults.has(FC.errorRate) ? errorRateCounter(faultValue(ctx.faults, FC.errorRate)) : () => false;

  // fc:requests-hang: the first n asset lists of this start are silent (a worker stuck on a lock).
  let hung = 0;
  const hangs = (request: FastifyRequest) =>
    ctx.faults.has(FC.requestsHang) &&
    request.method === 'GET' &&
    request.url.split('?')[0] === '/api/v1/assets' &&
    hung < (faultValue(ctx.faults, FC.requestsHang) ?? REQUESTS_HANG);

  async function requireAuth(request: FastifyRequest, reply: FastifyReply) {
    const token = bearerToken(request.headers.authorization);
    if (!token) return fail(reply, 401, 'Authentication required');
    // `fc:forged-token-accepted`: the verifier trusts a token that says it needs no signature.
    const claims = verifyToken(token, ctx.tokenSecret) ?? (ctx.faults.has(FC.forgedTokenAccepted) ? unsignedClaims(token) : null);
    if (!claims) return fail(reply, 401, 'Invalid or expired token');
    signedIn.set(request, claims);
    if (shouldFail()) return fail(reply, 503, 'Service temporarily unavailable');
    if (hangs(request)) {
      hung += 1;
      await holdThenDrop(request);
    }
    // fc:api-slow: every authenticated request (the whole load mix) waits, like fr:api-slow.
    if (ctx.faults.has(FC.apiSlow)) await new Promise((r) => setTimeout(r, faultValue(ctx.faults, FC.apiSlow) ?? API_SLOW_MS));
  }

  return {
    requireAuth,
    requireRole: (roles) =>
      async function requireRole(request: FastifyRequest, reply: FastifyReply) {
        if (!roles.includes(userOf(request).role as Role)) return fail(reply, 403, 'Insufficient permissions');
      },
  };
}

/** Holds a request unanswered until its client gives up or REQUEST_HANG_MS pass, then drops the connection. */
function holdThenDrop(request: FastifyRequest): Promise<never> {
  return new Promise((_resolve, reject) => {
    const socket = request.raw.socket;
    const drop = () => {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error('request dropped by fc:requests-hang'));
    };
    const timer = setTimeout(drop, REQUEST_HANG_MS);
    timer.unref();
    socket.once('close', drop);
  });
}
