import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckResult, Status } from '../src/core/types.ts';
import { applyWaivers, collectWaivers } from '../src/verdict/waivers.ts';
import { toCheckResult } from '../tests/reporter/to-check-result.ts';

const r = (id: string, status: Status, extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  app: 'flowcomply',
  phase: 'smoke',
  title: id,
  runbookRef: '-',
  severity: 'critical',
  status,
  message: `${id} ${status}`,
  assertions: [],
  evidence: [],
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
  attempts: 1,
  flaky: false,
  ...extra,
});
const BY = 'environment "acme"';

const ROWS: { name: string; result: CheckResult; waive: Record<string, string>; status: Status; items: string[]; message?: string }[] = [
  { name: 'no waivers: unchanged', result: r('fc.smoke.health', 'pass'), waive: {}, status: 'pass', items: [] },
  {
    name: 'whole check waived over a skip (not run)',
    result: r('fc.smoke.db-metrics', 'skipped'),
    waive: { 'fc.smoke.db-metrics': 'no metrics endpoint' },
    status: 'waived',
    items: ['fc.smoke.db-metrics'],
    message: 'not verified by the gate: no metrics endpoint (waived by environment "acme")',
  },
  {
    name: 'whole check waived over whatever a runner found',
    result: r('fc.deploy.schema', 'fail', { cause: 'target' }),
    waive: { 'fc.deploy.schema': 'managed elsewhere' },
    status: 'waived',
    items: ['fc.deploy.schema'],
  },
  {
    name: 'expectation waived on a pass: waived, never a pass',
    result: r('fc.smoke.health', 'pass'),
    waive: { 'fc.smoke.health:s3': 'no S3 in this region' },
    status: 'waived',
    items: ['fc.smoke.health:s3'],
    message: 'fc.smoke.health:s3 (no S3 in this region)',
  },
  {
    name: 'expectation waived does not hide a fail',
    result: r('fc.smoke.health', 'fail'),
    waive: { 'fc.smoke.health:s3': 'no S3' },
    status: 'fail',
    items: ['fc.smoke.health:s3'],
  },
  { name: 'other checks untouched', result: r('fc.smoke.login', 'pass'), waive: { 'fc.smoke.health:s3': 'no S3' }, status: 'pass', items: [] },
];
for (const row of ROWS) {
  test(`applyWaivers: ${row.name}`, () => {
    const [out] = applyWaivers([row.result], row.waive, BY);
    assert.equal(out!.status, row.status);
    assert.deepEqual(
      (out!.waivers ?? []).map((w) => w.item),
      row.items,
    );
    for (const w of out!.waivers ?? []) assert.equal(w.by, BY);
    if (row.message) assert.ok(out!.message.includes(row.message), out!.message);
    if (row.status === 'waived') assert.equal(out!.cause, undefined, "a waiver is nobody's fault");
  });
}

test('collectWaivers: once each, in order', () => {
  const results = applyWaivers(
    [r('fc.smoke.health', 'pass'), r('fc.smoke.db-metrics', 'skipped')],
    { 'fc.smoke.health:s3': 'a', 'fc.smoke.db-metrics': 'b' },
    BY,
  );
  assert.deepEqual(
    collectWaivers([...results, ...results]).map((w) => w.item),
    ['fc.smoke.health:s3', 'fc.smoke.db-metrics'],
  );
});

test('a suite step not verified (mail: false) makes the check waived, with who decided it', () => {
  const result = toCheckResult('fr.smoke.registration', [
    {
      status: 'passed',
      startTime: new Date(),
      duration: 5,
      errors: [],
      evidence: [],
      assertions: [{ name: 'POST register answers 201', expected: 201, actual: 201, operator: '==', passed: true, message: 'ok' }],
      notes: ['not verified by the gate: the deployment sends no mail'],
      waived: [{ name: 'mail', reason: 'the deployment sends no mail (apps.financial-rise.contract.mail = false)', by: 'environment "acme"' }],
    },
  ]);
  assert.equal(result.status, 'waived');
  assert.match(result.message, /^not verified by the gate: the deployment sends no mail/);
  assert.deepEqual(result.waivers, [
    { item: 'fr.smoke.registration:mail', reason: 'the deployment sends no mail (apps.financial-rise.contract.mail = false)', by: 'environment "acme"' },
  ]);
});
