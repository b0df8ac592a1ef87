import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { FlowComplyAccounts } from '../kit/types.ts';
import { hashPassword } from './password.ts';

/**
 * The healthy seed of the release: one water supplier ("Smoke Test Water Supply") holding
 * the three pre-provisioned accounts and a small, realistic register. Fixed ids make every
 * upsert idempotent, and re-running resets seeded rows (never rows the gate created).
 */
export const SEED_ORGANIZATION = {
  id: '6f1c0e2a-5b1d-4c8e-9a51-000000000001',
  name: 'Smoke Test Water Supply',
  type: 'COUNCIL',
  region: 'Canterbury',
} as const;

const DAY_MS = 24 * 3600 * 1000;
const seedId = (n: number) => `6f1c0e2a-5b1d-4c8e-9a51-${String(n).padStart(12, '0')}`;

/** name, type, riskLevel, isCritical, location */
const ASSETS: [string, string, string, boolean, string][] = [
  ['Rakaia River Intake', 'SOURCE', 'HIGH', true, 'Rakaia Gorge'],
  ['Tinwald Bore 2', 'BORE', 'MEDIUM', false, 'Tinwald'],
  ['Ashburton Water Treatment Plant', 'TREATMENT_PLANT', 'CRITICAL', true, 'Ashburton'],
  ['Methven Reservoir', 'RESERVOIR', 'MEDIUM', false, 'Methven'],
  ['Main Street Pump Station', 'PUMP_STATION', 'LOW', false, 'Ashburton'],
];

interface SeedUser {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  role: string;
}

/** Which seeded account gets which role; the gate relies on these. */
export function seedUsers(accounts: FlowComplyAccounts): SeedUser[] {
  return [
    { ...accounts.smoke, lastName: 'Smoke', role: 'COMPLIANCE_MANAGER' },
    { ...accounts.admin, lastName: 'Administrator', role: 'SYSTEM_ADMIN' },
    { ...accounts.throwaway, firstName: 'Throwaway', lastName: 'Account', role: 'INSPECTOR' },
  ].map((u) => ({ ...u, email: u.email.toLowerCase() }));
}

export async function seed(client: PoolClient, accounts: FlowComplyAccounts, nowMs: number = Date.now()): Promise<void> {
  const org = SEED_ORGANIZATION;
  await client.query(
    `INSERT INTO "Organization" ("id", "name", "type", "region") VALUES ($1, $2, $3, $4)
     ON CONFLICT ("id") DO UPDATE SET "name" = $2, "type" = $3, "region" = $4, "updatedAt" = now()`,
    [org.id, org.name, org.type, org.region],
  );
  for (const u of seedUsers(accounts)) {
    await client.query(
      `INSERT INTO "User" ("id", "email", "passwordHash", "firstName", "lastName", "role", "organizationId")
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ("email") DO UPDATE SET "passwordHash" = $3, "firstName" = $4, "lastName" = $5, "role" = $6,
         "organizationId" = $7, "isActive" = true, "updatedAt" = now()`,
      [randomUUID(), u.email, await hashPassword(u.password), u.firstName, u.lastName, u.role, org.id],
    );
  }
  for (const [i, [name, type, risk, critical, location]] of ASSETS.entries()) {
    await client.query(
      `INSERT INTO "Asset" ("id", "organizationId", "name", "type", "riskLevel", "isCritical", "location")
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ("id") DO UPDATE SET "organizationId" = $2, "name" = $3, "type" = $4, "riskLevel" = $5,
         "isCritical" = $6, "location" = $7, "updatedAt" = now()`,
      [seedId(100 + i), org.id, name, type, risk, critical, location],
    );
  }
  // Dates relative to now, so the seed stays "healthy": nothing overdue, one recent incident.
  const rows: [string, string, unknown[]][] = [
    [
      'CompliancePlan',
      `("id", "organizationId", "title", "type", "status", "reviewDate") VALUES ($1, $2, $3, 'DWSP', 'ACTIVE', $4)
      ON CONFLICT ("id") DO UPDATE SET "status" = 'ACTIVE', "reviewDate" = $4`,
      [seedId(200), org.id, 'Ashburton Drinking Water Safety Plan', new Date(nowMs + 180 * DAY_MS)],
    ],
    [
      'Report',
      `("id", "organizationId", "title", "status", "dueDate") VALUES ($1, $2, $3, 'PENDING', $4)
      ON CONFLICT ("id") DO UPDATE SET "status" = 'PENDING', "dueDate" = $4`,
      [seedId(300), org.id, 'Annual Compliance Report to Taumata Arowai', new Date(nowMs + 30 * DAY_MS)],
    ],
    [
      'Incident',
      `("id", "organizationId", "title", "severity", "occurredAt", "resolvedAt") VALUES ($1, $2, $3, 'MEDIUM', $4, $4)
      ON CONFLICT ("id") DO UPDATE SET "occurredAt" = $4, "resolvedAt" = $4`,
      [seedId(400), org.id, 'Turbidity spike after heavy rain', new Date(nowMs - 3 * DAY_MS)],
    ],
    [
      'Document',
      `("id", "organizationId", "title", "fileKey", "mimeType", "sizeBytes") VALUES ($1, $2, $3, $4, 'application/pdf', 48213)
      ON CONFLICT ("id") DO NOTHING`,
      [seedId(500), org.id, 'Water Safety Plan 2025.pdf', `${org.id}/water-safety-plan-2025.pdf`],
    ],
  ];
  for (const [table, rest, params] of rows) await client.query(`INSERT INTO "${table}" ${rest}`, params);
}
