import type pg from 'pg';

/**
 * The schema of the release and its migration history. The deployed app runs TypeORM
 * migrations; the sandbox converges with idempotent DDL instead (a start must heal whatever a
 * previous start broke) and then writes the history rows the runbook's
 * `SELECT * FROM migrations ORDER BY id DESC LIMIT 5` expects to see.
 */
export interface MigrationRow {
  timestamp: number;
  name: string;
}

/** Oldest first; the last one is what a fully migrated release 1.x database shows on top. */
export const FR_MIGRATIONS: readonly MigrationRow[] = [
  { timestamp: 1700000000000, name: 'InitialSchema' },
  { timestamp: 1705000000000, name: 'AddQuestionnaireTables' },
  { timestamp: 1712000000000, name: 'AddAccountLockout' },
  { timestamp: 1724000000000, name: 'AddClientAccessTokens' },
  { timestamp: 1735000000000, name: 'AddReportsTable' },
];

/** The row the gate's `fr.deploy.migrations` check expects on top of the history. */
export const FR_LATEST_MIGRATION: MigrationRow = FR_MIGRATIONS[FR_MIGRATIONS.length - 1];
export const FR_LATEST_MIGRATION_NAME = FR_LATEST_MIGRATION.name;

export const DDL = `
CREATE TABLE IF NOT EXISTS migrations (
  id SERIAL PRIMARY KEY,
  timestamp BIGINT NOT NULL,
  name VARCHAR(255) NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email VARCHAR(255) NOT NULL UNIQUE,
  password_hash VARCHAR(255) NOT NULL,
  first_name VARCHAR(100) NOT NULL,
  last_name VARCHAR(100) NOT NULL,
  role VARCHAR(20) NOT NULL DEFAULT 'consultant' CHECK (role IN ('consultant', 'admin')),
  email_verified BOOLEAN NOT NULL DEFAULT false,
  email_verification_token VARCHAR(128),
  failed_login_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until TIMESTAMPTZ,
  last_login_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS user_sessions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  access_hash CHAR(64) NOT NULL UNIQUE,
  refresh_hash CHAR(64) NOT NULL UNIQUE,
  expires_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS questions (
  id VARCHAR(20) PRIMARY KEY,
  section VARCHAR(50) NOT NULL,
  text TEXT NOT NULL,
  type VARCHAR(20) NOT NULL CHECK (type IN ('single_choice', 'multiple_choice', 'scale', 'text')),
  options JSONB NOT NULL DEFAULT '[]',
  required BOOLEAN NOT NULL DEFAULT true,
  display_order INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS assessments (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  consultant_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  client_name VARCHAR(100) NOT NULL,
  business_name VARCHAR(100) NOT NULL,
  client_email VARCHAR(255) NOT NULL,
  notes TEXT,
  status VARCHAR(20) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_progress', 'completed')),
  progress NUMERIC(5,2) NOT NULL DEFAULT 0,
  client_token VARCHAR(64) NOT NULL UNIQUE,
  started_at TIMESTAMPTZ,
  completed_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  deleted_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS assessments_consultant_idx ON assessments (consultant_id, created_at DESC);
CREATE TABLE IF NOT EXISTS assessment_responses (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id UUID NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  question_id VARCHAR(20) NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
  answer JSONB,
  not_applicable BOOLEAN NOT NULL DEFAULT false,
  answered_by VARCHAR(20) NOT NULL DEFAULT 'consultant',
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (assessment_id, question_id)
);
CREATE TABLE IF NOT EXISTS reports (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id UUID NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  report_type VARCHAR(20) NOT NULL CHECK (report_type IN ('consultant', 'client')),
  status VARCHAR(20) NOT NULL DEFAULT 'generating' CHECK (status IN ('generating', 'completed', 'failed')),
  file_path TEXT,
  file_size_bytes INTEGER,
  error TEXT,
  generated_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Heals a database fr:migration-drops-column left without the column (a restart on another release).
ALTER TABLE users ADD COLUMN IF NOT EXISTS first_name VARCHAR(100) NOT NULL DEFAULT '';
`;

/**
 * Creates what is missing and records every migration that is not in the history yet, in
 * order, so a deleted latest row comes back on the next start. A report left `generating` by
 * a stopped process can never finish: it is marked failed rather than left to poll forever.
 */
export async function migrate(client: pg.ClientBase): Promise<void> {
  await client.query(DDL);
  for (const m of FR_MIGRATIONS) {
    await client.query(
      `INSERT INTO migrations (timestamp, name)
       SELECT $1::bigint, $2::varchar WHERE NOT EXISTS (SELECT 1 FROM migrations WHERE name = $2::varchar)`,
      [m.timestamp, m.name],
    );
  }
  await client.query(`UPDATE reports SET status = 'failed', error = 'Interrupted by a restart' WHERE status = 'generating'`);
}
