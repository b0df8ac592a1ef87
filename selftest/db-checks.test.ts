import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type PostgresServer } from '../sandbox/postgres.ts';
import { runDbChecks, withReadOnly } from '../src/checks/db/index.ts';
import { DbError } from '../src/db/readonly.ts';
import type { AppId, CheckResult } from '../src/core/types.ts';
import { testContext } from './fixtures/aws/context.ts';
import { FC_MIGRATIONS, FR_MIGRATIONS, fcSchema, frSchema } from './fixtures/aws/db-fixtures.ts';
import { refusedPort } from './fixtures/refused-port.ts';

describe('database checks on a real PostgreSQL (read-only)', () => {
  let server: PostgresServer;
  let n = 0;
  /** A fresh database holding `sql`; returns its URL. */
  const database = async (sql: string): Promise<string> => {
    const name = `pf_db_${++n}`;
    await server.recreateDatabase(name);
    const client = new pg.Client({ connectionString: server.urlFor(name) });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    return server.urlFor(name);
  };
  const run = async (
    app: AppId,
    sql: string,
    extra: { expectedMigration?: string; expectedMigrations?: string[]; schemaFile?: string; waive?: Record<string, string> } = {},
  ) => {
    const ctx = testContext({
      app,
      endpoint: null,
      databaseUrl: await database(sql),
      ...(extra.expectedMigration ? { expectedMigration: extra.expectedMigration } : {}),
    });
    if (extra.schemaFile) ctx.target = { ...ctx.target, schemaFile: extra.schemaFile };
    if (extra.waive) ctx.target = { ...ctx.target, waive: extra.waive };
    const results = await runDbChecks(ctx, undefined, extra.expectedMigrations ? { expectedMigrations: extra.expectedMigrations } : {});
    return new Map(results.map((r) => [r.id, r] as [string, CheckResult]));
  };
  const expectStatuses = (results: Map<string, CheckResult>, expected: Record<string, string>) => {
    for (const [id, status] of Object.entries(expected)) assert.equal(results.get(id)?.status, status, `${id}: ${results.get(id)?.message}`);
    assert.equal(results.size, Object.keys(expected).length);
  };
  const latestFr = FR_MIGRATIONS[FR_MIGRATIONS.length - 1];

  before(async () => {
    server = await startPostgres();
  });
  after(async () => {
    await server?.stop();
  });

  it('Financial RISE healthy: migrations at the expected latest, tables, 25 questions and an admin', async () => {
    const r = await run('financial-rise', frSchema(), { expectedMigration: latestFr });
    expectStatuses(r, { 'fr.deploy.migrations': 'pass', 'fr.deploy.schema': 'pass', 'fr.deploy.seed': 'pass' });
    assert.match(r.get('fr.deploy.migrations')!.message, new RegExp(`Latest migration is ${latestFr}`));
  });

  it('fr:migration-row-missing: the latest row is absent => fr.deploy.migrations fails, nothing else', async () => {
    const r = await run('financial-rise', frSchema({ dropLatestMigration: true }), { expectedMigration: latestFr });
    expectStatuses(r, { 'fr.deploy.migrations': 'fail', 'fr.deploy.schema': 'pass', 'fr.deploy.seed': 'pass' });
    assert.match(r.get('fr.deploy.migrations')!.message, /expected AddClientLinks1700000002000 \(absent\)/);
  });

  it("without an expected migration rows merely existing prove nothing: inconclusive, the gate's, naming the keys", async () => {
    const r = await run('financial-rise', frSchema());
    const m = r.get('fr.deploy.migrations')!;
    assert.equal(m.status, 'inconclusive', m.message);
    assert.equal(m.cause, 'gate');
    assert.match(m.message, /3 AddClientLinks.*no expected migration is configured/);
    assert.match(m.fix!, /migrationsDir.*expectedMigration/);
  });

  it('migrationsDir: the newest TypeORM file is the expected migration; a folder without migrations is an error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pf-migrations-'));
    const [name, ts] = [latestFr.replace(/\d+$/, ''), latestFr.match(/\d+$/)![0]];
    await writeFile(join(dir, `1600000000000-Older.ts`), '');
    await writeFile(join(dir, `${ts}-${name}.ts`), '');
    const ctx = testContext({ app: 'financial-rise', endpoint: null, databaseUrl: await database(frSchema()) });
    const ok = (await runDbChecks({ ...ctx, target: { ...ctx.target, migrationsDir: dir } })).find((x) => x.id === 'fr.deploy.migrations')!;
    assert.equal(ok.status, 'pass', ok.message);
    await writeFile(join(dir, '1900000000000-AddNewThing.ts'), '');
    const behind = (await runDbChecks({ ...ctx, target: { ...ctx.target, migrationsDir: dir } })).find((x) => x.id === 'fr.deploy.migrations')!;
    assert.equal(behind.status, 'fail', behind.message);
    assert.match(behind.message, /expected AddNewThing1900000000000 \(absent\)/);
    const empty = await mkdtemp(join(tmpdir(), 'pf-migrations-empty-'));
    const bad = (await runDbChecks({ ...ctx, target: { ...ctx.target, migrationsDir: empty } })).find((x) => x.id === 'fr.deploy.migrations')!;
    assert.equal(bad.status, 'error', bad.message);
    assert.match(bad.message, /migrationsDir .*no TypeORM migration file/);
  });

  it('schema failure vs the pre-deploy snapshot: a dropped column that held data -> data; one never there -> code', async () => {
    const snapshotUrl = await database(`${frSchema()};\nUPDATE users SET first_name = 'Ann'`);
    const snapshot = { id: 'pre-deploy-r1', databaseUrl: snapshotUrl };
    const ctx = testContext({ app: 'financial-rise', endpoint: null, databaseUrl: await database(frSchema({ withoutColumn: 'users.first_name' })) });
    const dropped = (await runDbChecks({ ...ctx, preDeploySnapshot: snapshot })).find((r) => r.id === 'fr.deploy.schema')!;
    assert.equal(dropped.status, 'fail', dropped.message);
    assert.equal(dropped.rollbackEvidence?.meaning, 'data');
    assert.match(
      dropped.rollbackEvidence!.reasons[0]!,
      /users\.first_name \(2 row\(s\) held a value\) existed before the deploy \(pre-deploy snapshot pre-deploy-r1\)/,
    );
    // The snapshot lacks it too: the release expects a column no migration ever created.
    const never = await database(frSchema({ withoutColumn: 'users.last_name' }));
    const ctx2 = testContext({ app: 'financial-rise', endpoint: null, databaseUrl: await database(frSchema({ withoutColumn: 'users.last_name' })) });
    const code = (await runDbChecks({ ...ctx2, preDeploySnapshot: { id: 'pre-deploy-r2', databaseUrl: never } })).find((r) => r.id === 'fr.deploy.schema')!;
    assert.equal(code.rollbackEvidence?.meaning, 'code');
    assert.match(code.rollbackEvidence!.reasons[0]!, /never existed before the deploy.*apply the missing migration/);
    // Nothing to compare with: the default stays and the uncertainty is named.
    const unknown = (await runDbChecks(ctx2)).find((r) => r.id === 'fr.deploy.schema')!;
    assert.equal(unknown.rollbackEvidence?.meaning, 'data');
    assert.match(unknown.rollbackEvidence!.reasons[0]!, /not known whether users\.last_name existed/);
  });

  it('24 questions or no admin fail fr.deploy.seed; a missing table fails fr.deploy.schema', async () => {
    const q = await run('financial-rise', frSchema({ questions: 24 }));
    assert.equal(q.get('fr.deploy.seed')!.status, 'fail');
    assert.match(q.get('fr.deploy.seed')!.message, /questions: 24 fails == 25/);
    const a = await run('financial-rise', frSchema({ admins: 0 }));
    assert.equal(a.get('fr.deploy.seed')!.status, 'fail');
    const t = await run('financial-rise', frSchema({ withoutTable: 'assessments' }));
    assert.equal(t.get('fr.deploy.schema')!.status, 'fail');
    assert.match(t.get('fr.deploy.schema')!.message, /table assessments: missing/);
  });

  it('FlowComply healthy: all migrations finished, tables readable', async () => {
    const r = await run('flowcomply', fcSchema(), { expectedMigrations: FC_MIGRATIONS });
    expectStatuses(r, { 'fc.deploy.migrations': 'pass', 'fc.deploy.schema': 'pass' });
    assert.match(r.get('fc.deploy.schema')!.message, /"?User"? \(1 rows\)|User \(1 rows\)/);
  });

  it('fc:migration-pending: the newest migration has no finished_at => fail naming it', async () => {
    const rows = FC_MIGRATIONS.map((name, i) => ({ name, finished: i < FC_MIGRATIONS.length - 1 }));
    const r = await run('flowcomply', fcSchema({ rows }));
    expectStatuses(r, { 'fc.deploy.migrations': 'fail', 'fc.deploy.schema': 'pass' });
    assert.match(r.get('fc.deploy.migrations')!.message, /pending\/failed: 20250301000000_compliance_plans/);
  });

  it('a rolled-back migration fails; rolled back then re-applied passes (as prisma migrate status)', async () => {
    const rolled = await run('flowcomply', fcSchema({ rows: [{ name: FC_MIGRATIONS[0] }, { name: FC_MIGRATIONS[1], finished: false, rolledBack: true }] }));
    assert.equal(rolled.get('fc.deploy.migrations')!.status, 'fail');
    assert.match(rolled.get('fc.deploy.migrations')!.message, /rolled back: 20250201000000_assets/);
    const reapplied = await run(
      'flowcomply',
      fcSchema({ rows: [{ name: FC_MIGRATIONS[0] }, { name: FC_MIGRATIONS[1], finished: false, rolledBack: true }, { name: FC_MIGRATIONS[1] }] }),
    );
    assert.equal(reapplied.get('fc.deploy.migrations')!.status, 'pass', reapplied.get('fc.deploy.migrations')!.message);
  });

  it('an expected migration that is not in the table fails', async () => {
    const r = await run('flowcomply', fcSchema(), { expectedMigrations: [...FC_MIGRATIONS, '20250401000000_reports'] });
    assert.equal(r.get('fc.deploy.migrations')!.status, 'fail');
    assert.match(r.get('fc.deploy.migrations')!.message, /not in the table: 20250401000000_reports/);
  });

  it('fc:table-missing: "Asset" does not exist => fc.deploy.schema fails, nothing else', async () => {
    const r = await run('flowcomply', fcSchema({ withoutTable: 'Asset' }));
    expectStatuses(r, { 'fc.deploy.migrations': 'pass', 'fc.deploy.schema': 'fail' });
    assert.match(r.get('fc.deploy.schema')!.message, /table Asset: does not exist/);
  });

  it('a column the release needs is missing => fr.deploy.schema fails naming it, nothing else', async () => {
    const r = await run('financial-rise', frSchema({ withoutColumn: 'users.password_hash' }), { expectedMigration: latestFr });
    expectStatuses(r, { 'fr.deploy.migrations': 'pass', 'fr.deploy.schema': 'fail', 'fr.deploy.seed': 'pass' });
    assert.match(r.get('fr.deploy.schema')!.message, /column users\.password_hash is missing \(expected by the financial-rise profile/);
  });

  it('schemaFile: a Prisma schema with @@map/@map is compared with the live columns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pf-schema-'));
    const file = join(dir, 'schema.prisma');
    await writeFile(
      file,
      `model User {\n  id String @id\n  email String\n  mfaSecret String? @map("mfa_secret")\n  org Organization @relation(fields: [organizationId], references: [id])\n  organizationId String\n}\nmodel Organization {\n  id String @id\n  users User[]\n}\nmodel AuditLog {\n  id String @id\n  @@map("audit_log")\n}\n`,
    );
    const r = await run('flowcomply', fcSchema(), { schemaFile: file });
    assert.equal(r.get('fc.deploy.schema')!.status, 'fail');
    const message = r.get('fc.deploy.schema')!.message;
    assert.match(message, /table audit_log: does not exist/);
    assert.match(message, /column User\.mfa_secret is missing/);
    assert.doesNotMatch(message, /User\.org\b|Organization\.users/, 'relation fields are not columns');
    const waived = await run('flowcomply', fcSchema(), { schemaFile: file, waive: { 'fc.deploy.schema:audit_log': 'not shipped yet' } });
    assert.doesNotMatch(waived.get('fc.deploy.schema')!.message, /audit_log/);
    const whole = await run('flowcomply', fcSchema({ withoutTable: 'Asset' }), { waive: { 'fc.deploy.schema': 'schema managed by another team' } });
    assert.deepEqual([...whole.keys()], ['fc.deploy.migrations'], 'a check waived whole is not run');
  });

  it('seed expectations come from the profile as the environment has it (47 questions)', async () => {
    const ctx = testContext({ app: 'financial-rise', endpoint: null, databaseUrl: await database(frSchema({ questions: 47 })) });
    const fails = new Map((await runDbChecks(ctx)).map((x) => [x.id, x] as [string, CheckResult]));
    assert.equal(fails.get('fr.deploy.seed')!.status, 'fail');
    assert.match(fails.get('fr.deploy.seed')!.message, /contract\.expected\.questions/);
    ctx.profile = { ...ctx.profile, expected: { ...ctx.profile.expected, questions: 47 } } as typeof ctx.profile;
    const passes = new Map((await runDbChecks(ctx)).map((x) => [x.id, x] as [string, CheckResult]));
    assert.equal(passes.get('fr.deploy.seed')!.status, 'pass');
  });

  it('no database URL => error naming the variable, never pass', async () => {
    const results = await runDbChecks(testContext({ app: 'flowcomply', endpoint: null }));
    assert.equal(results.length, 2);
    for (const r of results) {
      assert.equal(r.status, 'error');
      assert.match(r.message, /^no database URL: set FC_DATABASE_URL/);
    }
  });

  it('an unreachable database => error fast, password never in the message', async () => {
    const url = `postgres://reader:s3cret@127.0.0.1:${await refusedPort()}/app`;
    const results = await runDbChecks(testContext({ app: 'financial-rise', endpoint: null, databaseUrl: url }));
    for (const r of results) {
      assert.equal(r.status, 'error');
      assert.match(r.message, /could not be reached/);
      assert.doesNotMatch(r.message, /s3cret/);
    }
  });

  it('withReadOnly refuses writes and enforces the statement timeout', async () => {
    const url = await database(frSchema());
    await assert.rejects(
      withReadOnly(url, (c) => c.query("INSERT INTO users (email) VALUES ('x@example.test')")),
      (err: { code?: string }) => err.code === '25006',
    );
    const count = await withReadOnly(url, async (c) => Number((await c.query('SELECT COUNT(*) AS n FROM users')).rows[0].n));
    assert.equal(count, 2);
    await assert.rejects(
      withReadOnly(url, (c) => c.query('SELECT pg_sleep(2)'), { statementTimeoutMs: 200 }),
      (err) => err instanceof DbError && err.kind === 'timeout',
    );
  });
});
