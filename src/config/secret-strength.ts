import type { Diagnostics } from './diagnostics.ts';

/**
 * Passwords and tokens shorter than 8 characters are refused before anything runs. Such a
 * value reads like an ordinary word or number: redacting it everywhere would rewrite titles
 * and prose ("Wrong password is refused"), and not redacting it would leak it. The accounts
 * the gate uses are provisioned for it, so a longer password is the fix. The message names the
 * variable and the length, never the value. (A short value that is not one of these, e.g. in a
 * database URL, is redacted only where it stands as a value: src/evidence/secret-contexts.ts.)
 */
export const MIN_PASSWORD_LENGTH = 8;

/** Roles (SECRET_DEFAULTS keys) whose value is a password or token. */
export function isPasswordRole(role: string): boolean {
  return /password|token|secret/i.test(role);
}

/** Adds an error naming `varName` when `value` is too short; true when it was refused. */
export function refuseShortPassword(diags: Diagnostics, varName: string, value: string, what: string): boolean {
  if (value.length >= MIN_PASSWORD_LENGTH) return false;
  diags.error(
    varName,
    `is ${value.length} character${value.length === 1 ? '' : 's'} long (${what}); postflight refuses passwords and tokens shorter than ${MIN_PASSWORD_LENGTH} characters`,
    `a value that short reads like an ordinary word or number, so it could not be kept out of the reports without rewriting their text: give this account a password of ${MIN_PASSWORD_LENGTH}+ characters and export it in ${varName}`,
  );
  return true;
}
