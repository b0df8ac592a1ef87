import type pg from 'pg';
import type { FinancialRiseAccounts } from '../kit/types.ts';
import type { RuntimeFaults } from './faults.ts';
import { hashPassword } from './passwords.ts';
import { QUESTION_DROPPED_BY_FAULT, SEED_QUESTIONS } from './questions.ts';
import { FR_LATEST_MIGRATION, migrate } from './schema.ts';

/**
 * Brings the database to the healthy seed of the release, then breaks it as the database
 * faults ask. Healing comes for free: every start re-converges first, so a start without the
 * fault undoes what a start with it did. One transaction, so a half-seeded database is never
 * visible; an advisory lock, so two starts on one database cannot interleave.
 */
export async function convergeDatabase(pool: pg.Pool, accounts: FinancialRiseAccounts, faults: RuntimeFaults): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(727001)');
    await migrate(client);
    await seedQuestions(client);
    await seedAccounts(client, accounts);
    await applyDatabaseFaults(client, faults);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function seedQuestions(client: pg.ClientBase): Promise<void> {
  for (const [i, q] of SEED_QUESTIONS.entries()) {
    await client.query(
      `INSERT INTO questions (id, section, text, type, options, display_order) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET section = $2, text = $3, type = $4, options = $5, display_order = $6`,
      [q.id, q.section, q.text, q.type, JSON.stringify(q.options), i + 1],
    );
  }
  // The runbook counts exactly 25: anything not in the seed is drift.
  await client.query('DELETE FROM questions WHERE NOT (id = ANY($1))', [SEED_QUESTIONS.map((q) => q.id)]);
}

/** The smoke consultant and the admin exist, are verified, unlocked, and have the given passwords. */
async function seedAccounts(client: pg.ClientBase, accounts: FinancialRiseAccounts): Promise<void> {
  const upsert = async (email: string, password: string, first: string, last: string, role: 'consultant' | 'admin'): Promise<void> => {
    await client.query(
      `INSERT INTO users (email, password_hash, first_name, last_name, role, email_verified)
       VALUES ($1, $2, $3, $4, $5, true)
       ON CONFLICT (email) DO UPDATE SET password_hash = $2, first_name = $3, last_name = $4, role = $5,
         email_verified = true, email_verification_token = NULL, failed_login_attempts = 0, locked_until = NULL, updated_at = now()`,
      [email.toLowerCase(), await hashPassword(password), first, last, role],
    );
  };
  const c = accounts.consultant;
  await upsert(c.email, c.password, c.firstName, c.lastName, 'consultant');
  await upsert(accounts.admin.email, accounts.admin.password, 'Platform', 'Admin', 'admin');
}

async function applyDatabaseFaults(client: pg.ClientBase, faults: RuntimeFaults): Promise<void> {
  if (faults.on('migration-row-missing')) await client.query('DELETE FROM migrations WHERE name = $1', [FR_LATEST_MIGRATION.name]);
  if (faults.on('no-admin-user')) await client.query(`UPDATE users SET role = 'consultant' WHERE role = 'admin'`);
  // A release migration that drops a column holding data (every user's first name): restoring is the fix.
  if (faults.on('migration-drops-column')) await client.query('ALTER TABLE users DROP COLUMN IF EXISTS first_name');
  if (faults.on('questions-missing')) await client.query('DELETE FROM questions WHERE id = $1', [QUESTION_DROPPED_BY_FAULT]);
  // Drift: this deployment's questionnaire has 47 questions (22 more, same sections and types).
  if (faults.on('drift-47-questions')) {
    for (const [i, q] of SEED_QUESTIONS.slice(0, 22).entries()) {
      await client.query(
        `INSERT INTO questions (id, section, text, type, options, display_order) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [`${q.id}-B`, q.section, `${q.text} (follow-up)`, q.type, JSON.stringify(q.options), SEED_QUESTIONS.length + i + 1],
      );
    }
  }
}
