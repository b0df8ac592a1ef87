/**
 * Every spelling a secret value can take inside evidence: raw, URL-encoded (path, form and
 * lower-case hex), base64 / base64url (also when the secret sits inside a longer base64 text,
 * e.g. `Authorization: Basic base64(user:password)`), JSON-escaped (once, twice: a trace
 * stores request bodies as JSON strings inside JSON), and HTML-escaped. The redactor replaces
 * these and the scanner looks for them, so both share this one list.
 */

/** Shorter values would match ordinary words and numbers all over a report. */
export const MIN_SECRET_LENGTH = 4;
/** A base64 fragment shorter than this would match random base64 (images) too often. */
const MIN_BASE64_CORE = 6;

export type SecretFormKind = 'raw' | 'url-encoded' | 'base64' | 'json-escaped' | 'html-escaped';

export interface SecretForm {
  kind: SecretFormKind;
  text: string;
}

const jsonEscape = (s: string): string => JSON.stringify(s).slice(1, -1);
/** JSON.stringify keeps non-ASCII as is; some serializers write `\uXXXX`, and `\/` for `/`. */
const jsonEscapeAscii = (s: string): string =>
  jsonEscape(s)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
const htmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const toBase64Url = (b64: string): string => b64.replace(/\+/g, '-').replace(/\//g, '_');

/**
 * Base64 of the secret at each of the three byte alignments it can have inside a longer
 * base64 text, keeping only the characters that depend on the secret's bytes alone.
 */
export function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const first = Math.ceil((pad * 8) / 6);
    const end = Math.floor(((pad + bytes.length) * 8) / 6);
    const core = encoded.slice(first, end);
    if (core.length >= MIN_BASE64_CORE) cores.push(core);
  }
  // The whole value encoded on its own, with padding, as Basic auth or a config file has it.
  cores.push(bytes.toString('base64'));
  return cores;
}

export function secretForms(secret: string): SecretForm[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const forms: SecretForm[] = [{ kind: 'raw', text: secret }];
  const uri = encodeURIComponent(secret);
  const form = new URLSearchParams({ v: secret }).toString().slice(2);
  for (const text of [uri, form, uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())]) forms.push({ kind: 'url-encoded', text });
  const once = jsonEscape(secret);
  for (const text of [once, jsonEscape(once), jsonEscapeAscii(secret)]) forms.push({ kind: 'json-escaped', text });
  forms.push({ kind: 'html-escaped', text: htmlEscape(secret) });
  for (const core of base64Cores(secret)) {
    forms.push({ kind: 'base64', text: core });
    forms.push({ kind: 'base64', text: toBase64Url(core).replace(/=+$/, '') });
  }
  // Same text, one entry: the first (most specific) kind is kept for the report.
  const seen = new Set<string>();
  return forms.filter((f) => f.text.length > 0 && !seen.has(f.text) && seen.add(f.text));
}

/**
 * A value that reads like a word or a number: shorter than 8 characters, letters only, or
 * digits only. Replacing it everywhere would eat ordinary text (a password `password` would
 * turn "Wrong password is refused" into "[REDACTED]"), so it is redacted only where it stands
 * as a value (secret-contexts.ts) and in its base64 spellings, which do not read as words.
 */
export function isWordLike(secret: string): boolean {
  return secret.length < 8 || /^[A-Za-z]+$/.test(secret) || /^\d+$/.test(secret);
}

/** The spellings replaced wherever they appear: all of them, or for a word-like value its base64 ones. */
export function blindForms(secret: string): SecretForm[] {
  if (!isWordLike(secret)) return secretForms(secret);
  return secret.length >= 8 ? secretForms(secret).filter((f) => f.kind === 'base64') : [];
}

/** Secrets worth redacting, deduplicated; the short ones are returned apart for a warning. */
export function partitionSecrets(secrets: readonly string[]): { usable: string[]; tooShort: number } {
  const unique = [...new Set(secrets.filter((s) => typeof s === 'string' && s.length > 0))];
  const usable = unique.filter((s) => s.length >= MIN_SECRET_LENGTH);
  return { usable, tooShort: unique.length - usable.length };
}
