import { REDACTED } from './redact-patterns.ts';

/**
 * Where a word-like secret (short, letters only, digits only: see `isWordLike`) may be
 * replaced: only where it stands as a value, never in prose. A database password that is
 * literally `password` is redacted in `postgres://ro:password@db`, `"dbPassword":"password"`
 * and `PGPASSWORD=password`, while "Wrong password is refused" and check ids keep their words.
 * Pure; the redactor replaces these, the canary scan looks for them.
 */

export interface ContextPattern {
  name: string;
  /** Group 1 is kept before the value, group 2 is the value, group 3 (if any) is kept after. */
  pattern: RegExp;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function valueContextPatterns(secret: string): ContextPattern[] {
  const s = escapeRegExp(secret);
  return [
    // A JSON (or HTML attribute) string that is exactly the value; a JSON key is not a value.
    { name: 'json-value', pattern: new RegExp(String.raw`(")(${s})(")(?!\s*:)`, 'g') },
    // The same inside a JSON string (request bodies in traces): \"password\"
    { name: 'escaped-json-value', pattern: new RegExp(String.raw`(\\")(${s})(\\")(?!\s*:)`, 'g') },
    { name: 'single-quoted', pattern: new RegExp(String.raw`(')(${s})(')`, 'g') },
    // key=value: environment lines, form bodies, query strings, logfmt.
    { name: 'assignment', pattern: new RegExp(String.raw`(=\s*)(${s})()(?=$|[\s&;,"'<>)\]}])`, 'gm') },
    // scheme://user:value@host and scheme://value@host
    { name: 'url-userinfo', pattern: new RegExp(String.raw`(:\/\/(?:[^\s/@:"'<>]*:)?)(${s})(@)`, 'g') },
  ];
}

/** Replaces the value in every context, keeping what surrounds it. */
export function redactInContext(text: string, patterns: readonly ContextPattern[]): string {
  let out = text;
  for (const { pattern } of patterns) out = out.replace(pattern, (_m, before: string, _v: string, after: string) => `${before}${REDACTED}${after ?? ''}`);
  return out;
}

/** Offsets (in `text`) of the value wherever it stands in a value context. */
export function findInContext(text: string, patterns: readonly ContextPattern[]): number[] {
  const offsets: number[] = [];
  for (const { pattern } of patterns) {
    for (const m of text.matchAll(pattern)) offsets.push((m.index ?? 0) + m[1].length);
  }
  return offsets;
}
