import type { Pool, PoolClient } from 'pg';
import type { FlowComplyAccounts } from '../kit/types.ts';
import { FC } from './faults.ts';
import { FLOWCOMPLY_MIGRATIONS, migrate } from './schema.ts';
import { seed } from './seed.ts';

/** Any constant: serialises two starts on one database (a restart racing a rollback). */
const CONVERGE_LOCK = 0x46_43_53_44; // "FCSD"

/**
 * Brings the database to the release's healthy state, then breaks it as the active DB
 * faults say. Order matters: converging first is what makes a start without the fault heal
 * a database an earlier faulty start left broken. All in one transaction, so a failed start
 * leaves the database as it was.
 */
export async function convergeDatabase(pool: Pool, accounts: FlowComplyAccounts, faults: ReadonlySet<string>): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [CONVERGE_LOCK]);
    await migrate(client);
    await seed(client, accounts);
    const applied = await applyDatabaseFaults(client, faults);
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw new Error(`FlowComply could not converge its database: ${(err as Error).message}`, { cause: err });
  } finally {
    client.release();
  }
}

/** The DB faults, each a real change a gate must find by reading the database. */
async function applyDatabaseFaults(client: PoolClient, faults: ReadonlySet<string>): Promise<string[]> {
  const applied: string[] = [];
  if (faults.has(FC.tableMissing)) {
    await client.query('DROP TABLE IF EXISTS "Asset" CASCADE');
    applied.push(FC.tableMissing);
  }
  if (faults.has(FC.migrationPending)) {
    const newest = FLOWCOMPLY_MIGRATIONS[FLOWCOMPLY_MIGRATIONS.length - 1];
    await client.query('UPDATE "_prisma_migrations" SET "finished_at" = NULL WHERE "migration_name" = $1', [newest]);
    applied.push(FC.migrationPending);
  }
  return applied;
}
