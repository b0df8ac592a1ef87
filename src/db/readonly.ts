import pg from 'pg';

/** Why a database could not be read; the message says what to do. */
export type DbErrorKind = 'unreachable' | 'auth' | 'timeout' | 'other';

export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly kind: DbErrorKind,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

export interface ReadOnlyOptions {
  /** Per-statement limit, enforced by the server (`SET LOCAL statement_timeout`). */
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export const DB_DEFAULTS = { statementTimeoutMs: 5_000, connectTimeoutMs: 5_000 } as const;

/** `postgres://user:***@host:port/db`: never put a password in a message. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return '(unparseable database URL)';
  }
}

function classify(err: unknown, url: string): DbError {
  if (err instanceof DbError) return err;
  const e = err as { code?: string; message?: string };
  const where = describeUrl(url);
  if (e.code === '28P01' || e.code === '28000')
    return new DbError('auth', `Database ${where} refused the credentials (${e.message}) — check the user and password in the URL`, { cause: err });
  if (e.code === '57014')
    return new DbError('timeout', `A read-only query on ${where} exceeded the statement timeout (${e.message}) — the database is overloaded or locked`, {
      cause: err,
    });
  if (e.code === '3D000')
    return new DbError('unreachable', `Database ${where} does not exist (${e.message}) — check the database name in the URL`, { cause: err });
  if (
    (e.code && /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|EAI_AGAIN)$/.test(e.code)) ||
    /timeout|terminated|connect/i.test(e.message ?? '')
  ) {
    return new DbError(
      'unreachable',
      `Database ${where} could not be reached (${e.code ?? e.message}) — check the host, port, network/VPN and security groups`,
      { cause: err },
    );
  }
  return new DbError('other', `Database ${where}: ${e.message ?? String(err)}`, { cause: err });
}

/**
 * Runs `fn` inside `BEGIN READ ONLY` with a statement timeout, then rolls back: the gate can
 * never write to the database it verifies, even if `fn` tries. Connection and server errors
 * become a `DbError`; SQL errors of `fn`'s own queries (a missing table 42P01, a write
 * refused 25006) reach the caller unchanged so it can treat them as findings.
 */
export async function withReadOnly<T>(url: string, fn: (client: pg.ClientBase) => Promise<T>, opts: ReadOnlyOptions = {}): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: opts.connectTimeoutMs ?? DB_DEFAULTS.connectTimeoutMs });
  // An idle-connection error after the work is done must not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('BEGIN READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(opts.statementTimeoutMs ?? DB_DEFAULTS.statementTimeoutMs))}`);
  } catch (err) {
    await client.end().catch(() => {});
    throw classify(err, url);
  }
  try {
    return await fn(client);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    // SQL errors of the caller's own queries (missing table, read-only violation, ...) are
    // theirs to judge; timeouts (57014), connection loss (08xxx, 57Pxx) and transport errors are not.
    if (/^[0-9A-Z]{5}$/.test(code) && code !== '57014' && !/^(08|57P)/.test(code)) throw err;
    throw classify(err, url);
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.end().catch(() => {});
  }
}

/** `to_regclass` finds a table without raising when it is absent (names as written, e.g. `"User"`). */
export async function tableExists(client: pg.ClientBase, table: string): Promise<boolean> {
  const r = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
  return r.rows[0]?.t !== null && r.rows[0]?.t !== undefined;
}

/** Quotes an identifier for SQL (`User` -> `"User"`). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
