import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * Password storage and the password rule. scrypt from node:crypto rather than bcrypt so the
 * sandbox needs no native module; it runs on the libuv pool, so hashing never blocks requests.
 */
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

export const PASSWORD_RULE_MESSAGE = 'Password must be 8-128 characters long and contain an uppercase letter, a lowercase letter, a digit and one of @$!%*?&#';

/** The contract's rule: 8-128 chars, upper, lower, digit, one of `@$!%*?&#`. */
export function passwordProblem(password: string): string | undefined {
  const ok =
    password.length >= 8 && password.length <= 128 && /[a-z]/.test(password) && /[A-Z]/.test(password) && /\d/.test(password) && /[@$!%*?&#]/.test(password);
  return ok ? undefined : PASSWORD_RULE_MESSAGE;
}
