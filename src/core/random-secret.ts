import { randomBytes } from 'node:crypto';

/**
 * A fresh random password that satisfies both apps' rules (upper, lower, digit, one of
 * @$!%*?&#): the account a gate run registers, and the sandbox's generated accounts.
 */
export function generatePassword(): string {
  return `Pf${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}9#a`;
}
