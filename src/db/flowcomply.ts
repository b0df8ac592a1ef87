import type pg from 'pg';
import { quoteIdent, tableExists } from './readonly.ts';

/** One row of Prisma's `_prisma_migrations` (what `prisma migrate status` reads). */
export interface PrismaMigration {
  name: string;
  startedAt?: string;
  finishedAt?: string;
  rolledBackAt?: string;
}

export interface PrismaMigrations {
  tablePresent: boolean;
  rows: PrismaMigration[];
}

export async function readPrismaMigrations(client: pg.ClientBase): Promise<PrismaMigrations> {
  if (!(await tableExists(client, 'public._prisma_migrations'))) return { tablePresent: false, rows: [] };
  const r = await client.query<{ migration_name: string; started_at: string | null; finished_at: string | null; rolled_back_at: string | null }>(
    `SELECT migration_name, started_at::text, finished_at::text, rolled_back_at::text
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );
  return {
    tablePresent: true,
    rows: r.rows.map((row) => ({
      name: row.migration_name,
      ...(row.started_at ? { startedAt: row.started_at } : {}),
      ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
      ...(row.rolled_back_at ? { rolledBackAt: row.rolled_back_at } : {}),
    })),
  };
}

/** Runbook 3.3 `SELECT COUNT(*) FROM "User"` etc.: readable tables with their row counts. */
export async function readTableCounts(
  client: pg.ClientBase,
  tables: readonly string[],
): Promise<{ table: string; readable: boolean; rows?: number; error?: string }[]> {
  const out: { table: string; readable: boolean; rows?: number; error?: string }[] = [];
  for (const table of tables) {
    if (!(await tableExists(client, `public.${quoteIdent(table)}`))) {
      out.push({ table, readable: false, error: 'does not exist' });
      continue;
    }
    // A savepoint keeps the transaction usable if this one table is unreadable (permissions).
    await client.query('SAVEPOINT count_table');
    try {
      const r = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${quoteIdent(table)}`);
      out.push({ table, readable: true, rows: Number(r.rows[0].n) });
      await client.query('RELEASE SAVEPOINT count_table');
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT count_table');
      out.push({ table, readable: false, error: (err as Error).message });
    }
  }
  return out;
}
