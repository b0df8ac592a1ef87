/**
 * Bearer tokens no server may accept: an unsigned JWT (`alg: none`), a JWT whose HS256
 * signature is made up, and an opaque random string. They claim a privileged role so that an
 * app that trusts them hands out privileged data, which the check then sees as a 2xx. Pure.
 */
import { randomBytes } from 'node:crypto';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `claims` are merged over a plausible access-token payload valid for 15 minutes from `nowMs`. */
export function forgedTokens(claims: Record<string, unknown>, nowMs: number = Date.now()): Record<string, string> {
  const iat = Math.floor(nowMs / 1000);
  const payload = b64({ sub: '00000000-0000-4000-8000-000000000000', type: 'access', iat, exp: iat + 900, ...claims });
  return {
    'an unsigned JWT (alg none)': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
    'a JWT with a made-up signature': `${b64({ alg: 'HS256', typ: 'JWT' })}.${payload}.${randomBytes(32).toString('base64url')}`,
    'a random opaque token': randomBytes(32).toString('base64url'),
  };
}

/** How a refusal is written in assertions: `HTTP 401`. */
export const REFUSED = ['HTTP 401', 'HTTP 403'] as const;

/** The answer as an assertion value: `HTTP 200 with data` says more than `200`. */
export function answerOf(status: number, body: unknown): string {
  const hasData = body !== null && body !== undefined && body !== '' && typeof body === 'object' && Object.keys(body as object).length > 0;
  return status >= 200 && status < 300 && hasData ? `HTTP ${status} with data` : `HTTP ${status}`;
}
