import { createHash, randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';

/**
 * The release's Prisma migrations, in order, as Prisma would have written them: quoted
 * PascalCase tables, camelCase columns, enums as PostgreSQL types. Each statement is
 * idempotent (IF NOT EXISTS, guarded CREATE TYPE) so every start can converge a database in
 * any state, including one where a fault dropped a table, back to the release's schema.
 */
export interface Migration {
  name: string;
  sql: string;
}

const enumType = (name: string, values: string[]): string => `DO $$ BEGIN
  CREATE TYPE "${name}" AS ENUM (${values.map((v) => `'${v}'`).join(', ')});
EXCEPTION WHEN duplicate_object THEN NULL; END $$;`;

const stamps = `"createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP`;
const orgFk = (table: string) =>
  `CONSTRAINT "${table}_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE`;

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '20250101000000_init',
    sql: `${enumType('UserRole', ['SYSTEM_ADMIN', 'ORG_ADMIN', 'COMPLIANCE_MANAGER', 'INSPECTOR', 'AUDITOR'])}
${enumType('OrganizationType', ['COUNCIL', 'PRIVATE', 'COMMUNITY', 'GOVERNMENT', 'OTHER'])}
CREATE TABLE IF NOT EXISTS "Organization" (
  "id" TEXT NOT NULL, "name" TEXT NOT NULL, "type" "OrganizationType" NOT NULL DEFAULT 'OTHER', "region" TEXT,
  ${stamps},
  CONSTRAINT "Organization_pkey" PRIMARY KEY ("id"));
CREATE TABLE IF NOT EXISTS "User" (
  "id" TEXT NOT NULL, "email" TEXT NOT NULL, "passwordHash" TEXT NOT NULL,
  "firstName" TEXT NOT NULL, "lastName" TEXT NOT NULL, "role" "UserRole" NOT NULL DEFAULT 'INSPECTOR',
  "organizationId" TEXT NOT NULL, "isActive" BOOLEAN NOT NULL DEFAULT true, "lastLoginAt" TIMESTAMP(3),
  ${stamps},
  CONSTRAINT "User_pkey" PRIMARY KEY ("id"), ${orgFk('User')});
CREATE UNIQUE INDEX IF NOT EXISTS "User_email_key" ON "User"("email");`,
  },
  {
    name: '20250115093000_add_assets',
    sql: `${enumType('AssetType', ['SOURCE', 'BORE', 'TREATMENT_PLANT', 'RESERVOIR', 'PUMP_STATION', 'PIPELINE', 'OTHER'])}
${enumType('RiskLevel', ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'])}
CREATE TABLE IF NOT EXISTS "Asset" (
  "id" TEXT NOT NULL, "organizationId" TEXT NOT NULL, "name" TEXT NOT NULL, "type" "AssetType" NOT NULL,
  "description" TEXT, "location" TEXT, "riskLevel" "RiskLevel" NOT NULL DEFAULT 'LOW',
  "isCritical" BOOLEAN NOT NULL DEFAULT false,
  ${stamps},
  CONSTRAINT "Asset_pkey" PRIMARY KEY ("id"), ${orgFk('Asset')});
CREATE INDEX IF NOT EXISTS "Asset_organizationId_idx" ON "Asset"("organizationId");`,
  },
  {
    name: '20250203120000_add_compliance_plans',
    sql: `${enumType('PlanType', ['DWSP', 'SOURCE_WATER_RISK', 'OTHER'])}
${enumType('PlanStatus', ['DRAFT', 'IN_REVIEW', 'ACTIVE', 'ARCHIVED'])}
CREATE TABLE IF NOT EXISTS "CompliancePlan" (
  "id" TEXT NOT NULL, "organizationId" TEXT NOT NULL, "title" TEXT NOT NULL,
  "type" "PlanType" NOT NULL DEFAULT 'DWSP', "status" "PlanStatus" NOT NULL DEFAULT 'DRAFT',
  "reviewDate" TIMESTAMP(3),
  ${stamps},
  CONSTRAINT "CompliancePlan_pkey" PRIMARY KEY ("id"), ${orgFk('CompliancePlan')});`,
  },
  {
    name: '20250301080000_add_documents',
    sql: `CREATE TABLE IF NOT EXISTS "Document" (
  "id" TEXT NOT NULL, "organizationId" TEXT NOT NULL, "title" TEXT NOT NULL, "fileKey" TEXT NOT NULL,
  "mimeType" TEXT NOT NULL, "sizeBytes" INTEGER NOT NULL DEFAULT 0,
  ${stamps},
  CONSTRAINT "Document_pkey" PRIMARY KEY ("id"), ${orgFk('Document')});`,
  },
  {
    name: '20250412143000_add_reports_and_incidents',
    sql: `${enumType('ReportStatus', ['DRAFT', 'PENDING', 'SUBMITTED', 'ACCEPTED'])}
CREATE TABLE IF NOT EXISTS "Report" (
  "id" TEXT NOT NULL, "organizationId" TEXT NOT NULL, "title" TEXT NOT NULL,
  "status" "ReportStatus" NOT NULL DEFAULT 'DRAFT', "dueDate" TIMESTAMP(3), "submittedAt" TIMESTAMP(3),
  ${stamps},
  CONSTRAINT "Report_pkey" PRIMARY KEY ("id"), ${orgFk('Report')});
CREATE TABLE IF NOT EXISTS "Incident" (
  "id" TEXT NOT NULL, "organizationId" TEXT NOT NULL, "title" TEXT NOT NULL,
  "severity" "RiskLevel" NOT NULL DEFAULT 'LOW', "occurredAt" TIMESTAMP(3) NOT NULL, "resolvedAt" TIMESTAMP(3),
  ${stamps},
  CONSTRAINT "Incident_pkey" PRIMARY KEY ("id"), ${orgFk('Incident')});`,
  },
];

/** Every migration shipped with the release, oldest first: what "nothing pending" means. */
export const FLOWCOMPLY_MIGRATIONS: readonly string[] = MIGRATIONS.map((m) => m.name);

/** Prisma records the SHA-256 of each migration.sql; so does this. */
export function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

/**
 * `prisma migrate deploy`, idempotently: applies every migration and marks each one
 * finished and not rolled back, healing a row a fault left pending on an earlier start.
 */
export async function migrate(client: PoolClient): Promise<void> {
  await client.query(MIGRATIONS_TABLE);
  for (const m of MIGRATIONS) {
    await client.query(m.sql);
    const sum = checksum(m.sql);
    const healed = await client.query(
      `UPDATE "_prisma_migrations" SET "finished_at" = COALESCE("finished_at", now()), "rolled_back_at" = NULL,
         "applied_steps_count" = 1, "checksum" = $2 WHERE "migration_name" = $1`,
      [m.name, sum],
    );
    if (healed.rowCount === 0) {
      await client.query(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "started_at", "applied_steps_count")
         VALUES ($1, $2, now(), $3, now(), 1)`,
        [randomUUID(), sum, m.name],
      );
    }
  }
}
