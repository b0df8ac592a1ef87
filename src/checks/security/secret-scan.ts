/**
 * Finds password hashes and secrets in a JSON body (a login answer, a profile, an admin's
 * user list) without ever returning a value: each finding is a path and why it matched, so
 * an assertion can quote it and no report can carry the secret itself. Pure.
 */

/** Keys that must never leave the server, compared lowercased without `_` and `-`. */
const SECRET_KEYS = new Set([
  'password',
  'passwd',
  'pwd',
  'hash',
  'salt',
  'secret',
  'passwordhash',
  'hashedpassword',
  'passwordsalt',
  'passworddigest',
  'encryptedpassword',
]);
/** Key endings and fragments that name a secret whatever the prefix (`otp_secret`, `client_secret`, `access_hash`). */
const SECRET_SUFFIXES = ['hash', 'salt', 'secret'];
const TOKEN_FRAGMENTS = ['refreshtoken', 'accesstoken', 'sessiontoken', 'resettoken', 'verificationtoken', 'apikey', 'privatekey'];

/** Values that look like a stored password hash, whatever the key: bcrypt, argon2, scrypt, pbkdf2, crypt(3). */
const HASH_VALUES: ReadonlyArray<[RegExp, string]> = [
  [/^\$2[abxy]?\$\d{2}\$/, 'bcrypt-looking value'],
  [/^\$argon2(id|i|d)\$/, 'argon2-looking value'],
  [/^\$?scrypt\$/, 'scrypt-looking value'],
  [/^\$?pbkdf2[_$-]/i, 'pbkdf2-looking value'],
  [/^\$[156]\$[^$]+\$/, 'crypt(3)-looking value'],
];

export interface ScanOptions {
  /**
   * Paths that may hold a token because they are the caller's own session (`access_token`,
   * `data.refreshToken` of a login answer). Written like the findings: `data.refreshToken`.
   */
  allow?: readonly string[];
}

const normalise = (key: string): string => key.toLowerCase().replace(/[_-]/g, '');

function present(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '' && value !== false;
}

function keyReason(key: string): string | undefined {
  const k = normalise(key);
  if (SECRET_KEYS.has(k) || SECRET_SUFFIXES.some((s) => k.endsWith(s))) return `key ${key}`;
  if (TOKEN_FRAGMENTS.some((f) => k.includes(f))) return `token key ${key}`;
  return undefined;
}

/** Every place in `body` that holds a secret, as `path (reason)`; array indexes become `[*]`. */
export function findSecretLeaks(body: unknown, opts: ScanOptions = {}): string[] {
  const allow = new Set(opts.allow ?? []);
  const found = new Set<string>();
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      const hit = HASH_VALUES.find(([re]) => re.test(value));
      if (hit && !allow.has(path)) found.add(`${path || '(body)'} (${hit[1]})`);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item) => walk(item, `${path}[*]`));
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const at = path ? `${path}.${key}` : key;
      const reason = keyReason(key);
      if (reason && present(child) && !allow.has(at)) found.add(`${at} (${reason})`);
      walk(child, at);
    }
  };
  walk(body, '');
  return [...found];
}
