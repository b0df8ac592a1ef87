import pg from 'pg';
import { snapshotDatabase } from '../../../sandbox/sandbox.ts';

/**
 * What a restore from a snapshot would lose, before procedure B / C / option 2 runs: rows per
 * table in the live database against the snapshot's copy (the sandbox keeps the snapshot as a
 * database, so both are readable). A count difference is what the runbook's "This will lose
 * all data created since deployment" means for this deploy. Read-only.
 */

export interface TableRows {
  table: string;
  live: number;
  snapshot: number;
  /** live - snapshot (negative: rows deleted since, which the restore brings back). */
  since: number;
}

async function counts(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (
      await client.query(`SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`)
    ).rows as Array<{ table_schema: string; table_name: string }>;
    const out = new Map<string, number>();
    for (const t of tables) {
      const name = `${t.table_schema === 'public' ? '' : `${t.table_schema}.`}${t.table_name}`;
      const q = `SELECT count(*)::int AS n FROM "${t.table_schema.replace(/"/g, '""')}"."${t.table_name.replace(/"/g, '""')}"`;
      out.set(name, Number((await client.query(q)).rows[0].n));
    }
    return out;
  } finally {
    await client.end();
  }
}

/** The URL of a local snapshot: the same server, the snapshot's copy of the app database. */
export function snapshotUrl(liveUrl: string, snapshotId: string): string {
  const live = new URL(liveUrl);
  const snap = new URL(liveUrl);
  snap.pathname = `/${snapshotDatabase(live.pathname.replace(/^\//, ''), snapshotId)}`;
  return snap.href;
}

export async function rowsSinceSnapshot(liveUrl: string, snapshotId: string): Promise<TableRows[]> {
  const [a, b] = await Promise.all([counts(liveUrl), counts(snapshotUrl(liveUrl, snapshotId))]);
  const tables = [...new Set([...a.keys(), ...b.keys()])].sort();
  return tables.map((table) => ({ table, live: a.get(table) ?? 0, snapshot: b.get(table) ?? 0, since: (a.get(table) ?? 0) - (b.get(table) ?? 0) }));
}
