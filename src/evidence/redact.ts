import { redactPatterns, REDACTED } from './redact-patterns.ts';
import { redactInContext, valueContextPatterns } from './secret-contexts.ts';
import { blindForms, isWordLike, MIN_SECRET_LENGTH } from './secret-forms.ts';

/**
 * Text redaction, pure: known secret values in every form (secret-forms.ts) first — a
 * word-like value only where it stands as a value (secret-contexts.ts) — then the shapes of
 * secrets nobody told us about (redact-patterns.ts). Files and zips are handled by
 * redact-files.ts on top of this.
 */

export interface Redactor {
  (text: string): string;
  /** Problems with the secrets given (never the values themselves), for the run log. */
  readonly warnings: readonly string[];
  /** How a secret is handled, said without its value; not a problem (the run folder is still safe). */
  readonly notes: readonly string[];
  /** How many secret values are being redacted. */
  readonly secretCount: number;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One alternation of every form of every secret, longest first, so `p%40ss` is replaced
 * whole before a shorter form could match a piece of it.
 */
export function secretsPattern(secrets: readonly string[]): RegExp | undefined {
  const texts = [...new Set(secrets.flatMap((s) => blindForms(s).map((f) => f.text)))];
  if (texts.length === 0) return undefined;
  texts.sort((a, b) => b.length - a.length);
  return new RegExp(texts.map(escapeRegExp).join('|'), 'g');
}

export function makeRedactor(secrets: readonly string[]): Redactor {
  const warnings: string[] = [];
  const notes: string[] = [];
  const usable: string[] = [];
  secrets.forEach((secret, i) => {
    if (typeof secret !== 'string' || secret.length === 0) return; // unset: nothing to hide
    if (secret.length < MIN_SECRET_LENGTH) {
      warnings.push(
        `secret #${i + 1} is ${secret.length} character(s) long, shorter than ${MIN_SECRET_LENGTH}: ` +
          'it is not redacted (it would match ordinary text everywhere); use a longer value for this account',
      );
      return;
    }
    if (isWordLike(secret)) {
      notes.push(
        `secret #${i + 1} is short or reads like a word or number (${secret.length} characters): ` +
          'it is redacted only where it stands as a value (JSON value, key=value, URL password), not in prose',
      );
    }
    usable.push(secret);
  });
  const pattern = secretsPattern(usable);
  const contexts = [...new Set(usable.filter(isWordLike))].flatMap(valueContextPatterns);

  const redact = (text: string): string => redactPatterns(redactInContext(pattern ? text.replace(pattern, REDACTED) : text, contexts));
  return Object.assign(redact, { warnings, notes, secretCount: new Set(usable).size });
}

export { REDACTED };
