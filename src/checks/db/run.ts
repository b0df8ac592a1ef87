import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { errorResult } from '../result.ts';
import { DbError, describeUrl, withReadOnly, type ReadOnlyOptions } from '../../db/readonly.ts';
import { readFrMigrations, readFrSeed, readTables } from '../../db/financial-rise.ts';
import { readPrismaMigrations, readTableCounts } from '../../db/flowcomply.ts';
import { toResult } from '../result.ts';
import { type Finding } from '../../core/finding.ts';
import { evaluateFrMigrations, evaluateFrSeed, evaluatePrismaMigrations, evaluateTables } from './rules.ts';
import type pg from 'pg';

export interface DbCheckOptions extends ReadOnlyOptions {
  /** FlowComply: migration names shipped with the release; each must be applied. */
  expectedMigrations?: string[];
}

type DbCheck = { id: string; measure: (client: pg.ClientBase) => Promise<Finding> };

function checksFor(ctx: GateContext, opts: DbCheckOptions): DbCheck[] {
  const profile = ctx.profile;
  if (profile.id === 'financial-rise') {
    return [
      { id: 'fr.deploy.migrations', measure: async (c) => evaluateFrMigrations(await readFrMigrations(c), ctx.target.expectedMigration) },
      { id: 'fr.deploy.schema', measure: async (c) => evaluateTables(await readTables(c, profile.expected.tables)) },
      { id: 'fr.deploy.seed', measure: async (c) => evaluateFrSeed(await readFrSeed(c), profile.expected) },
    ];
  }
  const expected = opts.expectedMigrations ?? ctx.target.expectedMigrations ?? (ctx.target.expectedMigration ? [ctx.target.expectedMigration] : []);
  return [
    { id: 'fc.deploy.migrations', measure: async (c) => evaluatePrismaMigrations(await readPrismaMigrations(c), expected) },
    { id: 'fc.deploy.schema', measure: async (c) => evaluateTables(await readTableCounts(c, profile.expected.tables)) },
  ];
}

/**
 * The database checks of the deploy phase (FR Phase 1.3-1.4, FC 3.2-3.3), each in its own
 * read-only transaction. No database URL, or one that cannot be read, gives `error` results:
 * never a pass.
 */
export async function runDbChecks(ctx: GateContext, opts: DbCheckOptions = {}): Promise<CheckResult[]> {
  const checks = checksFor(ctx, opts);
  const url = ctx.databaseUrl;
  if (!url) {
    const variable = ctx.target.databaseUrlEnv;
    const hint = variable ? `set ${variable} to a read-only postgres:// URL` : `set \`apps.${ctx.app}.databaseUrlEnv\` in the environment and export that variable`;
    return checks.map((c) => errorResult(c.id, ctx.now(), ctx.now, `no database URL: set ${variable ?? `apps.${ctx.app}.databaseUrlEnv`}`, hint));
  }
  const results: CheckResult[] = [];
  for (const check of checks) {
    const startedAt = ctx.now();
    try {
      results.push(toResult(check.id, await withReadOnly(url, check.measure, opts), startedAt, ctx.now()));
    } catch (err) {
      const message = err instanceof DbError ? err.message : `${check.id} could not read ${describeUrl(url)}: ${(err as Error).message}`;
      const hint = err instanceof DbError && err.kind === 'unreachable' ? 'fix connectivity to the database, then run the gate again'
        : err instanceof DbError && err.kind === 'auth' ? 'use a read-only user whose password is current' : 'check the database and the read-only user\'s grants';
      results.push(errorResult(check.id, startedAt, ctx.now, message, hint));
    }
  }
  return results;
}

export { withReadOnly } from '../../db/readonly.ts';
