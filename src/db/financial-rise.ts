import type pg from 'pg';
import { quoteIdent, tableExists } from './readonly.ts';

/** Runbook Phase 1.3: `SELECT * FROM migrations ORDER BY id DESC LIMIT 5`. */
export interface FrMigrations {
  tablePresent: boolean;
  /** Newest first. */
  latest: { id: number; name: string; timestamp: string }[];
}

export async function readFrMigrations(client: pg.ClientBase, limit = 5): Promise<FrMigrations> {
  if (!(await tableExists(client, 'public.migrations'))) return { tablePresent: false, latest: [] };
  const r = await client.query<{ id: number; name: string; timestamp: string }>(
    'SELECT id, name, timestamp::text AS timestamp FROM migrations ORDER BY id DESC LIMIT $1',
    [limit],
  );
  return { tablePresent: true, latest: r.rows.map((row) => ({ id: Number(row.id), name: row.name, timestamp: row.timestamp })) };
}

/** Which of the expected tables exist (`\d users`, `\d assessments`, `\d questions`). */
export async function readTables(client: pg.ClientBase, tables: readonly string[]): Promise<{ table: string; present: boolean }[]> {
  const out: { table: string; present: boolean }[] = [];
  for (const table of tables) out.push({ table, present: await tableExists(client, `public.${quoteIdent(table)}`) });
  return out;
}

/** Runbook Phase 1.4: questions count and admin count; undefined when the table is missing. */
export interface FrSeed {
  questions?: number;
  /** Admins of the deployment: accounts gate runs created are not counted. */
  admins?: number;
  /** Admins gate runs created (a probe's leftover): reported, never counted as the seed's. */
  gateAdmins?: number;
}

/** `gateAccounts`: a `~*` pattern of the addresses gate runs create (src/apps/run-accounts.ts). */
export async function readFrSeed(client: pg.ClientBase, gateAccounts?: string): Promise<FrSeed> {
  const seed: FrSeed = {};
  if (await tableExists(client, 'public.questions')) {
    seed.questions = Number((await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM questions')).rows[0].n);
  }
  if (await tableExists(client, 'public.users')) {
    const r = await client.query<{ n: string; gate: string }>(
      `SELECT COUNT(*) FILTER (WHERE NOT (email ~* $1)) AS n, COUNT(*) FILTER (WHERE email ~* $1) AS gate FROM users WHERE role = 'admin'`,
      [gateAccounts ?? '^$'],
    );
    seed.admins = Number(r.rows[0].n);
    seed.gateAdmins = Number(r.rows[0].gate);
  }
  return seed;
}
