import type pg from 'pg';

/**
 * Tables and their columns as the live database has them (information_schema, current
 * schema), for the tables asked about: a table absent from the answer does not exist.
 */
export async function readColumns(client: pg.ClientBase, tables: readonly string[]): Promise<Record<string, string[]>> {
  const r = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ANY($1::text[]) ORDER BY table_name, ordinal_position`,
    [tables],
  );
  const out: Record<string, string[]> = {};
  for (const row of r.rows) (out[row.table_name] ??= []).push(row.column_name);
  return out;
}
