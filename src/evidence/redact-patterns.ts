/**
 * Secrets we were not told about but can recognise by shape: bearer tokens, token and
 * password fields, cookies, JWTs, AWS keys, passwords in connection URLs. Patterns are data
 * (name, regex, replacement) so a test can run each one and a new one is one line.
 * Each keeps the surrounding syntax (key, quotes, header name) so the evidence stays readable
 * and the JSON stays valid; only the value becomes `[REDACTED]`.
 */

export const REDACTED = '[REDACTED]';

export interface RedactPattern {
  name: string;
  pattern: RegExp;
  /** `$1` etc. refer to the kept parts around the value; a function when one value has parts. */
  replacement: string | ((match: string, ...groups: string[]) => string);
}

/** JSON keys whose string value is a credential: accessToken, refresh_token, password, apiKey, ... */
const KEY = String.raw`[A-Za-z0-9_-]*(?:token|password|passwd|secret|api[_-]?key|access[_-]?key)`;
/** Header names whose whole value is a credential (HAR / Playwright trace `{name, value}` pairs). */
const HEADER = String.raw`authorization|proxy-authorization|cookie|set-cookie|x-csrf-token|x-xsrf-token|x-api-key|x-amz-security-token`;
const R = REDACTED;

/** `Cookie:` header value: keep the cookie names, drop every value. */
function redactCookieList(value: string): string {
  return value.replace(/([^=;\s]+=)[^;]*/g, `$1${R}`);
}

export const REDACT_PATTERNS: readonly RedactPattern[] = [
  // "password":"..." and friends, value with escaped quotes inside.
  { name: 'json-field', pattern: new RegExp(String.raw`("${KEY}"\s*:\s*")(?:[^"\\]|\\.)*(")`, 'gi'), replacement: `$1${R}$2` },
  // The same inside a JSON string (request bodies in traces): \"password\":\"...\"
  { name: 'escaped-json-field', pattern: new RegExp(String.raw`(\\"${KEY}\\"\s*:\s*\\")(?:(?!\\").)*(\\")`, 'gi'), replacement: `$1${R}$2` },
  // {"name":"authorization","value":"Bearer ..."}: header lists in traces and HAR files.
  {
    name: 'header-pair',
    pattern: new RegExp(String.raw`("name"\s*:\s*"(?:${HEADER})"\s*,\s*"value"\s*:\s*")(?:[^"\\]|\\.)*(")`, 'gi'),
    replacement: `$1${R}$2`,
  },
  // "authorization":"Basic ..." as a header object key.
  { name: 'json-header', pattern: new RegExp(String.raw`("(?:${HEADER})"\s*:\s*")(?:[^"\\]|\\.)*(")`, 'gi'), replacement: `$1${R}$2` },
  // password=...&token=... in query strings and form bodies.
  { name: 'form-field', pattern: new RegExp(String.raw`((?:^|[?&;\s])${KEY}=)[^&\s"'<>]+`, 'gi'), replacement: `$1${R}` },
  { name: 'bearer', pattern: /\b(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, replacement: `$1${R}` },
  { name: 'basic-auth', pattern: /(\bAuthorization\s*[:=]\s*"?Basic\s+)[A-Za-z0-9+/]+=*/gi, replacement: `$1${R}` },
  // Cookie: a=1; b=2 -> every value; Set-Cookie: a=1; Path=/ -> the first value only.
  { name: 'cookie-header', pattern: /^(\s*Cookie\s*:\s*)(.*)$/gim, replacement: (_m, head, value) => head + redactCookieList(value ?? '') },
  { name: 'set-cookie-header', pattern: /^(\s*Set-Cookie\s*:\s*[^=;\s]+=)[^;\r\n]*/gim, replacement: `$1${R}` },
  { name: 'xsrf-cookie', pattern: /\b((?:XSRF|CSRF)-TOKEN=)[^;\s"'&]+/gi, replacement: `$1${R}` },
  { name: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replacement: R },
  { name: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replacement: R },
  {
    name: 'aws-secret',
    pattern: /((?:aws_secret_access_key|aws_session_token|secret_?access_?key|session_?token)["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{16,}/gi,
    replacement: `$1${R}`,
  },
  // scheme://user:password@host (postgres, redis, amqp, https ...)
  { name: 'url-password', pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^:/\s@"'<>]+:)[^@\s/"'<>]+(@)/gi, replacement: `$1${R}$2` },
];

/** Applies every pattern in order. Idempotent: `[REDACTED]` matches none of them again. */
export function redactPatterns(text: string): string {
  let out = text;
  for (const p of REDACT_PATTERNS) {
    out = typeof p.replacement === 'string' ? out.replace(p.pattern, p.replacement) : out.replace(p.pattern, p.replacement);
  }
  return out;
}
