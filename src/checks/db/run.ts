import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { errorResult } from '../result.ts';
import { DbError, describeUrl, withReadOnly, type ReadOnlyOptions } from '../../db/readonly.ts';
import { readFrMigrations, readFrSeed, readTables } from '../../db/financial-rise.ts';
import { readPrismaMigrations, readTableCounts } from '../../db/flowcomply.ts';
import { toResult } from '../result.ts';
import { measureInTurn, registeredIds, type Measure, type MeasureRegistry } from '../registry.ts';
import type { Finding } from '../../core/finding.ts';
import { evaluateFrMigrations, evaluateFrSeed, evaluatePrismaMigrations, evaluateTables } from './rules.ts';
import type pg from 'pg';
import { readFileSync } from 'node:fs';
import { readColumns } from '../../db/columns.ts';
import { parseSchemaText, type ExpectedSchema } from '../../db/schema-files/index.ts';
import { combineFindings, evaluateColumns, schemaFromProfile } from './schema-rules.ts';
import { missingItems, schemaRollbackEvidence } from './schema-history.ts';
import { latestTypeOrmMigration, prismaMigrationNames } from '../../db/migrations-dir.ts';
import { runAccountPattern } from '../../apps/run-accounts.ts';
import { schemaBefore } from './schema-before.ts';
import { rollbackMeaningOf } from '../../../config/checks.ts';

export interface DbCheckOptions extends ReadOnlyOptions {
  /** FlowComply: migration names shipped with the release; each must be applied. */
  expectedMigrations?: string[];
}

/**
 * What the release expects of the schema: the environment's `schemaFile` (Prisma, SQL dump or
 * JSON) when set, else the profile's `expected.tables` and `expected.columns` (overridable
 * through `contract.expected`). A file that cannot be read or parsed throws: `error`, not a pass.
 */
export function expectedSchema(ctx: Pick<GateContext, 'app' | 'profile' | 'target'>): { schema: ExpectedSchema; source: string } {
  const file = ctx.target.schemaFile;
  if (file) {
    try {
      return { schema: parseSchemaText(file, readFileSync(file, 'utf8')), source: `schemaFile ${file}` };
    } catch (err) {
      throw new Error(`cannot use apps.${ctx.app}.schemaFile ${file}: ${(err as Error).message}`);
    }
  }
  const expected = ctx.profile.expected as { tables: string[]; columns?: string[] };
  return {
    schema: schemaFromProfile(expected.tables, expected.columns),
    source: `the ${ctx.app} profile (apps.${ctx.app}.contract.expected.tables/columns, or schemaFile)`,
  };
}

/** What the release's `migrationsDir` says is expected; a folder that cannot be read throws (an `error`, never a pass). */
function fromDir<T>(ctx: GateContext, read: (dir: string) => T): T | undefined {
  const dir = ctx.target.migrationsDir;
  if (!dir) return undefined;
  try {
    return read(dir);
  } catch (err) {
    throw new Error(`cannot use apps.${ctx.app}.migrationsDir ${dir}: ${(err as Error).message}`);
  }
}

/** Tables whose check the environment waived (`<id>:<table>`). */
const waivedOf = (ctx: GateContext, id: string): string[] =>
  Object.keys(ctx.target.waive ?? {})
    .filter((k) => k.startsWith(`${id}:`))
    .map((k) => k.slice(id.length + 1));

async function measureSchema(
  ctx: GateContext,
  id: string,
  c: pg.ClientBase,
  readTablePart: (c: pg.ClientBase, tables: string[]) => Promise<Finding>,
): Promise<Finding> {
  const { schema, source } = expectedSchema(ctx);
  const waived = waivedOf(ctx, id);
  const tables = Object.keys(schema).filter((t) => !waived.includes(t));
  const live = await readColumns(c, tables);
  const finding = combineFindings(await readTablePart(c, tables), evaluateColumns(schema, live, { source, waived }));
  const missing = missingItems(schema, live, waived);
  if (missing.length === 0) return finding;
  // Only a failure needs the "before": was it dropped (restore) or never created (code)?
  const before = await schemaBefore(ctx, tables, missing);
  const rollbackEvidence = schemaRollbackEvidence(missing, before, rollbackMeaningOf(id));
  return { ...finding, ...(rollbackEvidence ? { rollbackEvidence } : {}) };
}

/** What the database measures share in one run. */
interface DbRun {
  ctx: GateContext;
  opts: DbCheckOptions;
}

/** The migrations FlowComply's release ships: the options', else the environment's. */
const expectedPrisma = ({ ctx, opts }: DbRun): string[] =>
  opts.expectedMigrations ??
  ctx.target.expectedMigrations ??
  (ctx.target.expectedMigration ? [ctx.target.expectedMigration] : (fromDir(ctx, prismaMigrationNames) ?? []));

/** A measure in its own read-only transaction; no URL, or one that cannot be read, is an `error`, never a pass. */
const readOnly =
  (fn: (run: DbRun, client: pg.ClientBase, id: string) => Promise<Finding>): Measure<DbRun> =>
  async (run, id) => {
    const { ctx, opts } = run;
    const url = ctx.databaseUrl;
    if (!url) {
      const variable = ctx.target.databaseUrlEnv;
      const hint = variable
        ? `set ${variable} to a read-only postgres:// URL`
        : `set \`apps.${ctx.app}.databaseUrlEnv\` in the environment and export that variable`;
      return errorResult(id, ctx.now(), ctx.now, `no database URL: set ${variable ?? `apps.${ctx.app}.databaseUrlEnv`}`, hint);
    }
    const startedAt = ctx.now();
    try {
      return toResult(id, await withReadOnly(url, (c) => fn(run, c, id), opts), startedAt, ctx.now());
    } catch (err) {
      const message = err instanceof DbError ? err.message : `${id} could not read ${describeUrl(url)}: ${(err as Error).message}`;
      const hint =
        err instanceof DbError && err.kind === 'unreachable'
          ? 'fix connectivity to the database, then run the gate again'
          : err instanceof DbError && err.kind === 'auth'
            ? 'use a read-only user whose password is current'
            : "check the database and the read-only user's grants";
      return errorResult(id, startedAt, ctx.now, message, hint);
    }
  };

/** The database measures (FR Phase 1.3-1.4, FC 3.2-3.3), one per catalogue id. */
export const DB_MEASURES: MeasureRegistry<DbRun> = {
  'fr.deploy.migrations': readOnly(async ({ ctx }, c) =>
    evaluateFrMigrations(await readFrMigrations(c), ctx.target.expectedMigration ?? fromDir(ctx, latestTypeOrmMigration)),
  ),
  'fr.deploy.schema': readOnly(({ ctx }, c, id) => measureSchema(ctx, id, c, async (cl, tables) => evaluateTables(await readTables(cl, tables)))),
  'fr.deploy.seed': readOnly(async ({ ctx }, c, id) =>
    evaluateFrSeed(
      await readFrSeed(c, runAccountPattern(ctx.target.mailDomain)),
      ctx.profile.expected as { questions: number; minAdmins: number },
      waivedOf(ctx, id),
    ),
  ),
  'fc.deploy.migrations': readOnly(async (run, c) => evaluatePrismaMigrations(await readPrismaMigrations(c), expectedPrisma(run))),
  'fc.deploy.schema': readOnly(({ ctx }, c, id) => measureSchema(ctx, id, c, async (cl, tables) => evaluateTables(await readTableCounts(cl, tables)))),
};

/**
 * The database checks `ids` names (default: every id of the app this area measures), one after
 * the other, each in its own read-only transaction.
 */
export async function runDbChecks(
  ctx: GateContext,
  ids: readonly string[] = registeredIds(DB_MEASURES, ctx.app),
  opts: DbCheckOptions = {},
): Promise<CheckResult[]> {
  // A check the environment waived whole is not run; the gate reports it as `waived`.
  const unwaived = ids.filter((id) => ctx.target.waive?.[id] === undefined);
  return measureInTurn(DB_MEASURES, unwaived, { ctx, opts }, ctx, 'the database checks (src/checks/db/run.ts)');
}

export { withReadOnly } from '../../db/readonly.ts';
