/**
 * A schema failure's rollback meaning from what was there before the deploy (pure rule,
 * src/checks/db/schema-history.ts), and the procedure it leads to (verdict/procedure.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { financialRise, flowcomply } from '../config/apps/index.ts';
import { missingItems, schemaRollbackEvidence, type MissingItem, type SchemaBefore } from '../src/checks/db/schema-history.ts';
import { chooseProcedure } from '../src/verdict/procedure.ts';

const BEFORE: SchemaBefore = {
  source: 'pre-deploy snapshot pre-deploy-r1',
  schema: { users: ['id', 'email', 'phone'], assessments: ['id', 'notes'] },
  valuesBefore: { 'users.phone': 12 },
};
const FILE: SchemaBefore = { source: 'previousSchemaFile prev.json', schema: { users: ['id', 'email', 'phone'], assessments: ['id'] } };

interface Row {
  name: string;
  missing: MissingItem[];
  before?: SchemaBefore;
  meaning?: 'code' | 'data';
  mentions: string[];
}
const ROWS: Row[] = [
  { name: 'nothing missing: no evidence', missing: [], before: BEFORE, mentions: [] },
  {
    name: 'column never present: code, fix forward named',
    missing: [{ table: 'assessments', column: 'industry' }],
    before: BEFORE,
    meaning: 'code',
    mentions: [
      'assessments.industry never existed before the deploy (pre-deploy snapshot pre-deploy-r1)',
      'restoring the database cannot help',
      'apply the missing migration',
    ],
  },
  {
    name: 'column present before with data and gone: data',
    missing: [{ table: 'users', column: 'phone' }],
    before: BEFORE,
    meaning: 'data',
    mentions: ['users.phone (12 row(s) held a value) existed before the deploy', 'restoring the database brings it back'],
  },
  {
    name: 'gone and never-present together: data (restore first), the other named',
    missing: [
      { table: 'users', column: 'phone' },
      { table: 'assessments', column: 'industry' },
    ],
    before: BEFORE,
    meaning: 'data',
    mentions: ['users.phone', 'assessments.industry never existed'],
  },
  { name: 'whole table gone: data', missing: [{ table: 'assessments' }], before: BEFORE, meaning: 'data', mentions: ['table assessments'] },
  { name: 'whole table never there: code', missing: [{ table: 'invoices' }], before: BEFORE, meaning: 'code', mentions: ['table invoices never existed'] },
  {
    name: 'previous schema file: present before, gone (no row counts)',
    missing: [{ table: 'users', column: 'phone' }],
    before: FILE,
    meaning: 'data',
    mentions: ['previousSchemaFile prev.json'],
  },
  {
    name: 'previous schema file: never present',
    missing: [{ table: 'assessments', column: 'notes' }],
    before: FILE,
    meaning: 'code',
    mentions: ['assessments.notes never existed'],
  },
  {
    name: 'nothing to compare with: the default stays, the uncertainty is named',
    missing: [{ table: 'users', column: 'phone' }],
    meaning: 'data',
    mentions: ['not known whether users.phone existed before the deploy', 'previousSchemaFile', 'apply the missing migration'],
  },
];

for (const row of ROWS) {
  test(`schemaRollbackEvidence: ${row.name}`, () => {
    const e = schemaRollbackEvidence(row.missing, row.before, 'data');
    if (!row.meaning) return assert.equal(e, undefined);
    assert.equal(e?.meaning, row.meaning);
    const text = e!.reasons.join('\n');
    for (const m of row.mentions) assert.ok(text.includes(m), `"${m}" in:\n${text}`);
  });
}

test('missingItems: whole tables first, then columns of tables that exist; waived tables left out', () => {
  assert.deepEqual(missingItems({ users: ['id', 'phone'], reports: ['id'], audit: ['x'] }, { users: ['id'] }, ['audit']), [
    { table: 'reports' },
    { table: 'users', column: 'phone' },
  ]);
});

test('procedure from evidence: FC never-present columns -> option-1, not destructive; FR dropped column -> B, destructive', () => {
  const fc = chooseProcedure(flowcomply.rollback, [
    { id: 'fc.deploy.schema', rollbackEvidence: schemaRollbackEvidence([{ table: 'User', column: 'phone' }], FILE, 'data') },
  ]);
  assert.equal(fc.advice.procedure, flowcomply.rollback.choice.code);
  assert.equal(fc.advice.destructive, false);
  assert.ok(
    fc.reasons.some((r) => r.includes('apply the missing migration')),
    fc.reasons.join('\n'),
  );
  const fr = chooseProcedure(financialRise.rollback, [
    { id: 'fr.deploy.schema', rollbackEvidence: schemaRollbackEvidence([{ table: 'users', column: 'phone' }], BEFORE, 'data') },
  ]);
  assert.equal(fr.advice.procedure, 'B');
  assert.equal(fr.advice.destructive, true);
  const guess = chooseProcedure(financialRise.rollback, [{ id: 'fr.deploy.schema' }]);
  assert.equal(guess.advice.procedure, 'B', 'without evidence the catalogue default (data) stays');
});
