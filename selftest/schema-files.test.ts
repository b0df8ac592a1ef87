/** The schema-file parsers behind `schemaFile` (item 6), as tables of input -> tables and columns. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonSchema, parsePrismaSchema, parseSchemaText, parseSqlDump } from '../src/db/schema-files/index.ts';
import { evaluateColumns, schemaFromProfile } from '../src/checks/db/schema-rules.ts';

const PRISMA = `
// FlowComply, abridged
generator client { provider = "prisma-client-js" }
enum UserRole { SYSTEM_ADMIN INSPECTOR }
model Organization {
  id    String @id @default(cuid())
  name  String
  users User[]
  createdAt DateTime @default(now())
}
model User {
  id             String   @id
  email          String   @unique
  passwordHash   String   @map("password_hash")
  role           UserRole @default(INSPECTOR)
  organization   Organization @relation(fields: [organizationId], references: [id])
  organizationId String
  lastLoginAt    DateTime?
  tags           String[]
  @@index([organizationId])
  @@map("users")
}
model Ledger {
  id     BigInt @id
  amount Decimal @db.Decimal(10, 2)
  geo    Unsupported("geometry")?
  @@map(name: "ledger_entries")
}`;

const SQL = `
-- pg_dump output, abridged
CREATE TABLE public.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email character varying(255) NOT NULL,
    "firstName" text,
    score numeric(5,2) DEFAULT 0,
    role varchar(20) CHECK (role IN ('a', 'b')),
    CONSTRAINT users_pkey PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS "Asset" ("id" TEXT NOT NULL, "riskLevel" "RiskLevel" NOT NULL DEFAULT 'LOW', PRIMARY KEY ("id"));
/* later migration */
ALTER TABLE ONLY public.users ADD COLUMN last_login_at timestamptz;
ALTER TABLE "Asset" ADD "isCritical" boolean;
ALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE (email);
CREATE INDEX users_email_idx ON public.users (email);`;

const ROWS: { name: string; parse: () => Record<string, string[]>; expected: Record<string, string[]> }[] = [
  {
    name: 'prisma: @@map, @map, relation fields left out, lists and enums kept',
    parse: () => parsePrismaSchema(PRISMA),
    expected: {
      Organization: ['id', 'name', 'createdAt'],
      users: ['id', 'email', 'password_hash', 'role', 'organizationId', 'lastLoginAt', 'tags'],
      ledger_entries: ['id', 'amount', 'geo'],
    },
  },
  {
    name: 'sql: pg_dump, quoted names, constraints skipped, ALTER ADD COLUMN',
    parse: () => parseSqlDump(SQL),
    expected: {
      users: ['id', 'email', 'firstName', 'score', 'role', 'last_login_at'],
      Asset: ['id', 'riskLevel', 'isCritical'],
    },
  },
  { name: 'json list', parse: () => parseJsonSchema('{"users":["id","email"],"questions":[]}'), expected: { users: ['id', 'email'], questions: [] } },
  { name: 'dispatch by content when the extension says nothing', parse: () => parseSchemaText('schema.txt', PRISMA), expected: parsePrismaSchema(PRISMA) },
  { name: 'dispatch .sql', parse: () => parseSchemaText('dump.sql', SQL), expected: parseSqlDump(SQL) },
];
for (const row of ROWS) test(`schema file: ${row.name}`, () => assert.deepEqual(row.parse(), row.expected));

test('schema file: refusals say what was expected', () => {
  assert.throws(() => parseJsonSchema('["users"]'), /JSON object/);
  assert.throws(() => parseJsonSchema('{"users":"id"}'), /"users" must be a list/);
  assert.throws(() => parseSchemaText('empty.sql', '-- nothing'), /no table found/);
});

const EVAL: { name: string; live: Record<string, string[]>; waived?: string[]; pass: boolean; says: string[]; asserted: number }[] = [
  {
    name: 'all present (extra columns are fine)',
    live: { users: ['id', 'email', 'role', 'extra'], questions: ['id'] },
    pass: true,
    says: ['4 column(s) in 2 table(s) as expected by the profile'],
    asserted: 2,
  },
  {
    name: 'missing column named',
    live: { users: ['id', 'email'], questions: ['id'] },
    pass: false,
    says: ['column users.role is missing', 'every query that uses it will fail'],
    asserted: 2,
  },
  {
    name: 'a missing table is left to the table part (named once)',
    live: { users: ['id', 'email', 'role'] },
    pass: true,
    says: ['3 column(s) in 1 table(s)'],
    asserted: 1,
  },
  {
    name: 'waived table not asserted',
    live: { users: ['id', 'email'], questions: ['id'] },
    waived: ['users'],
    pass: true,
    says: ['1 column(s) in 1 table(s)'],
    asserted: 1,
  },
];
for (const row of EVAL) {
  test(`evaluateColumns: ${row.name}`, () => {
    const f = evaluateColumns({ users: ['id', 'email', 'role'], questions: ['id'] }, row.live, { source: 'the profile', waived: row.waived ?? [] });
    assert.equal(
      f.assertions.every((a) => a.passed),
      row.pass,
      f.message,
    );
    assert.equal(f.assertions.length, row.asserted);
    for (const s of row.says) assert.ok(f.message.includes(s), `${f.message} lacks ${s}`);
  });
}

test('schemaFromProfile: tables and table.column entries', () => {
  assert.deepEqual(schemaFromProfile(['users', 'questions'], ['users.id', 'users.email', 'Asset.riskLevel']), {
    users: ['id', 'email'],
    questions: [],
    Asset: ['riskLevel'],
  });
});
