import { assertThat } from '../../core/assertions.ts';
import type { Finding } from '../../core/finding.ts';
import type { FrMigrations, FrSeed } from '../../db/financial-rise.ts';
import type { PrismaMigrations } from '../../db/flowcomply.ts';

/**
 * fr.deploy.migrations: the newest row of `migrations` is the expected one. Without an expected
 * migration nothing says whether the deploy's migrations ran: `inconclusive`, the gate's, naming
 * the keys (rows merely existing proves nothing about this release).
 */
export function evaluateFrMigrations(m: FrMigrations, expected?: string): Finding {
  if (!m.tablePresent)
    return {
      message: 'Table `migrations` does not exist — the migrations never ran (npm run migrate:prod)',
      assertions: [assertThat('migrations table exists', false, 'truthy', true)],
    };
  const latest = m.latest[0];
  const listed = m.latest.map((r) => `${r.id} ${r.name}`).join(', ');
  if (!latest)
    return { message: 'Table `migrations` is empty — run the migrations (npm run migrate:prod)', assertions: [assertThat('migration rows', 0, '>=', 1)] };
  if (!expected) {
    return {
      status: 'inconclusive',
      cause: 'gate',
      message: `not verified: latest migrations are ${listed}, but no expected migration is configured, so whether this release's migrations ran is unknown`,
      fix: "set `migrationsDir` (the release's migrations folder: the newest file is expected on top) or `expectedMigration` in the environment",
      assertions: [assertThat('migration rows', m.latest.length, '>=', 1)],
      metrics: { latestMigration: latest.name },
    };
  }
  const assertion = assertThat('latest migration', latest.name, '==', expected);
  const present = m.latest.some((r) => r.name === expected);
  return {
    message: assertion.passed
      ? `Latest migration is ${latest.name} (id ${latest.id}) as expected`
      : `Latest migration is ${latest.name} (id ${latest.id}), expected ${expected}${present ? ' (present, but not the newest)' : ' (absent)'} — the deploy's migrations did not all run; latest rows: ${listed}`,
    assertions: [assertion],
    metrics: { latestMigration: latest.name },
  };
}

/** fr.deploy.schema / fc.deploy.schema (existence part): every expected table exists. */
export function evaluateTables(tables: readonly { table: string; present?: boolean; readable?: boolean; rows?: number; error?: string }[]): Finding {
  const assertions = tables.map((t) => {
    const ok = t.present ?? t.readable ?? false;
    return {
      ...assertThat(`table ${t.table}`, ok ? 'present' : (t.error ?? 'missing'), '==', 'present'),
      ...(ok ? {} : { message: `table ${t.table}: ${t.error ?? 'missing'}` }),
    };
  });
  const bad = assertions.filter((a) => !a.passed);
  const counts = tables.filter((t) => t.rows !== undefined).map((t) => `${t.table} (${t.rows} rows)`);
  return {
    message: bad.length
      ? `${bad.map((a) => a.message).join('; ')} — the schema is not what the release needs: check the migrations`
      : `Tables present${counts.length ? ' and readable' : ''}: ${counts.length ? counts.join(', ') : tables.map((t) => t.table).join(', ')}`,
    assertions,
  };
}

/**
 * fr.deploy.seed: `questions` = 25 and at least one admin (profile `expected`, overridable with
 * `contract.expected.questions` / `minAdmins`); `waived` leaves out `questions` or `admins`.
 */
export function evaluateFrSeed(seed: FrSeed, expected: { questions: number; minAdmins: number }, waived: readonly string[] = []): Finding {
  const assertions = [
    ...(waived.includes('questions') ? [] : [assertThat('questions', seed.questions, '==', expected.questions)]),
    ...(waived.includes('admins') ? [] : [assertThat('admin users', seed.admins, '>=', expected.minAdmins)]),
  ];
  const bad = assertions.filter((a) => !a.passed);
  const leftover = seed.gateAdmins
    ? ` (not counted: ${seed.gateAdmins} admin account(s) created by gate runs — a probe's leftover: remove it, \`postflight cleanup\` lists it)`
    : '';
  return {
    message: bad.length
      ? `${bad.map((a) => a.message).join('; ')} (expected by apps.financial-rise.contract.expected.questions / minAdmins) — run the seed (npm run seed:prod) and check its output, or set those keys if this deployment's seed differs by design${leftover}`
      : `${seed.questions} questions, ${seed.admins} admin(s)${leftover}`,
    assertions,
    metrics: { ...(seed.questions !== undefined ? { questions: seed.questions } : {}), ...(seed.admins !== undefined ? { admins: seed.admins } : {}) },
  };
}

/**
 * fc.deploy.migrations, as `prisma migrate status` judges: a migration is applied when one of
 * its rows has `finished_at` and no `rolled_back_at` (a rolled-back attempt followed by a
 * successful one is fine). Pending = a row not finished and not rolled back; rolled back =
 * no applied row left. Expected names (the release's migrations) must each be applied.
 */
export function evaluatePrismaMigrations(m: PrismaMigrations, expectedNames: readonly string[] = []): Finding {
  if (!m.tablePresent)
    return {
      message: 'Table `_prisma_migrations` does not exist — run `npx prisma migrate deploy`',
      assertions: [assertThat('_prisma_migrations exists', false, 'truthy', true)],
    };
  const names = [...new Set(m.rows.map((r) => r.name))];
  const applied = new Set(m.rows.filter((r) => r.finishedAt && !r.rolledBackAt).map((r) => r.name));
  const pending = names.filter((n) => !applied.has(n) && m.rows.some((r) => r.name === n && !r.finishedAt && !r.rolledBackAt));
  const rolledBack = names.filter((n) => !applied.has(n) && !pending.includes(n));
  const missing = expectedNames.filter((n) => !applied.has(n) && !names.includes(n));
  const assertions = [
    assertThat('pending or failed migrations', pending, '==', []),
    assertThat('rolled-back migrations', rolledBack, '==', []),
    assertThat('migrations in the table', names.length, '>=', 1),
    ...(expectedNames.length ? [assertThat('expected migrations missing', missing, '==', [])] : []),
  ];
  const problems = [
    pending.length ? `pending/failed: ${pending.join(', ')}` : '',
    rolledBack.length ? `rolled back: ${rolledBack.join(', ')}` : '',
    missing.length ? `not in the table: ${missing.join(', ')}` : '',
    names.length ? '' : 'no migrations recorded',
  ].filter(Boolean);
  return {
    message: problems.length
      ? `Migrations not up to date (${problems.join('; ')}) — run \`npx prisma migrate status\`, then \`migrate deploy\` or \`migrate resolve\`; an unresolved migration is a rollback criterion`
      : `All ${names.length} migrations applied; latest ${names[names.length - 1]}${expectedNames.length ? `; all ${expectedNames.length} expected present` : ''}`,
    assertions,
    metrics: { migrations: names.length, pending: pending.length, rolledBack: rolledBack.length },
  };
}
