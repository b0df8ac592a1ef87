import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * JWT (HS256) bearer tokens, signed and checked with node:crypto. Pure: the secret and the
 * clock are parameters, so tests can sign a token that is already expired.
 */
export type TokenType = 'access' | 'refresh';

export interface Claims {
  /** User id. */
  sub: string;
  email: string;
  role: string;
  organizationId: string;
  type: TokenType;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
}

/** The deployed app's lifetimes: 15 minutes for access, 7 days for refresh. */
export const TOKEN_TTL_S: Record<TokenType, number> = { access: 15 * 60, refresh: 7 * 24 * 3600 };
export const ACCESS_EXPIRES_IN = '15m';

const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

function b64(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function sign(data: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

export function signToken(
  subject: Pick<Claims, 'sub' | 'email' | 'role' | 'organizationId'>,
  type: TokenType,
  secret: Buffer,
  nowMs: number = Date.now(),
): string {
  const iat = Math.floor(nowMs / 1000);
  const claims: Claims = { ...subject, type, iat, exp: iat + TOKEN_TTL_S[type] };
  const body = `${HEADER}.${b64(JSON.stringify(claims))}`;
  return `${body}.${sign(body, secret)}`;
}

/** The claims of a valid, unexpired token of the wanted type; null for anything else. */
export function verifyToken(token: string, secret: Buffer, type: TokenType = 'access', nowMs: number = Date.now()): Claims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return null;
  const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`, secret));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let claims: Claims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Claims;
  } catch {
    return null;
  }
  if (claims.type !== type || typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return null;
  return claims;
}

/**
 * The claims of an unsigned token (`alg: none`), unchecked: what a verifier that honours the
 * token's own header would accept. Only `fc:forged-token-accepted` uses it.
 */
export function unsignedClaims(token: string): Claims | null {
  const [header, payload] = token.split('.');
  try {
    if (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).alg !== 'none') return null;
    return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Claims;
  } catch {
    return null;
  }
}

/** `Bearer <token>` -> token; anything else -> null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1] : null;
}
