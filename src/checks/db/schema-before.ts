import { readFileSync } from 'node:fs';
import type { GateContext } from '../context.ts';
import { readColumns } from '../../db/columns.ts';
import { quoteIdent, withReadOnly } from '../../db/readonly.ts';
import { parseSchemaText } from '../../db/schema-files/index.ts';
import type { MissingItem, SchemaBefore } from './schema-history.ts';

/**
 * The schema as it was before the deploy, for a schema failure's rollback meaning: the
 * pre-deploy snapshot when the deploy took one that the gate can read as a database (the local
 * platform's snapshot is a PostgreSQL template copy), else the environment's
 * `previousSchemaFile` (the previous release's schema), else undefined — the rule then keeps
 * the catalogue's default and says it could not tell. Read-only; never throws: a "before" that
 * cannot be read is only less evidence, not a different finding.
 */
export async function schemaBefore(
  ctx: Pick<GateContext, 'app' | 'target' | 'preDeploySnapshot'>,
  tables: readonly string[],
  missing: readonly MissingItem[],
): Promise<SchemaBefore | undefined> {
  const snapshot = ctx.preDeploySnapshot;
  if (snapshot) {
    try {
      return await withReadOnly(snapshot.databaseUrl, async (c) => {
        const schema = await readColumns(c, tables);
        const valuesBefore: Record<string, number> = {};
        for (const m of missing) {
          if (!m.column || !schema[m.table]?.includes(m.column)) continue;
          const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(m.table)} WHERE ${quoteIdent(m.column)} IS NOT NULL`);
          valuesBefore[`${m.table}.${m.column}`] = Number(r.rows[0]?.n ?? 0);
        }
        return { source: `pre-deploy snapshot ${snapshot.id}`, schema, valuesBefore };
      });
    } catch {
      // unreadable snapshot: fall back to the previous release's schema file, if any
    }
  }
  const file = ctx.target.previousSchemaFile;
  if (!file) return undefined;
  try {
    return { source: `previousSchemaFile ${file}`, schema: parseSchemaText(file, readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}
