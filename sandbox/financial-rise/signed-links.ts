import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived download links, like the S3 pre-signed URLs of the deployed app: the report id
 * and an expiry, signed with a per-process key. Pure (the clock is a parameter).
 */
export const LINK_TTL_MS = 5 * 60_000;

const signature = (secret: Buffer, id: string, expires: number): string => createHmac('sha256', secret).update(`${id}.${expires}`).digest('base64url');

export function signLink(secret: Buffer, id: string, now: number): { expires: number; signature: string } {
  const expires = now + LINK_TTL_MS;
  return { expires, signature: signature(secret, id, expires) };
}

export function linkIsValid(secret: Buffer, id: string, expires: number, sig: string, now: number): boolean {
  if (!Number.isFinite(expires) || expires < now) return false;
  const expected = Buffer.from(signature(secret, id, expires));
  const actual = Buffer.from(sig);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
