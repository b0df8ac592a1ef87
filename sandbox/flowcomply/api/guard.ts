import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { errorRateCounter, FC } from '../faults.ts';
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

  async function requireAuth(request: FastifyRequest, reply: FastifyReply) {
    const token = bearerToken(request.headers.authorization);
    if (!token) return fail(reply, 401, 'Authentication required');
    // `fc:forged-token-accepted`: the verifier trusts a token that says it needs no signature.
    const claims = verifyToken(token, ctx.tokenSecret) ?? (ctx.faults.has(FC.forgedTokenAccepted) ? unsignedClaims(token) : null);
    if (!claims) return fail(reply, 401, 'Invalid or expired token');
    signedIn.set(request, claims);
    if (shouldFail()) return fail(reply, 503, 'Service temporarily unavailable');
  }

  return {
    requireAuth,
    requireRole: (roles) =>
      async function requireRole(request: FastifyRequest, reply: FastifyReply) {
        if (!roles.includes(userOf(request).role as Role)) return fail(reply, 403, 'Insufficient permissions');
      },
  };
}
