/**
 * `judge()` as a table (pure, no processes): the matrix's own verdict on one row. A wrong
 * judge would make the whole detection matrix prove nothing, so every way a row can end is here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge } from './matrix/detection.ts';
import type { Decision, Status } from '../src/core/types.ts';
import type { Fault } from '../sandbox/faults.ts';

const fault = (over: Partial<Fault> = {}): Fault => ({
  id: 'fr:x',
  app: 'financial-rise',
  name: 'x',
  effect: '',
  phase: 'smoke',
  trips: ['fr.smoke.reports'],
  ...over,
});

interface Row {
  name: string;
  fault: Fault;
  decision: Decision | 'ERROR';
  statuses: Record<string, Status>;
  detected: boolean;
  failing?: string[];
  unexpected?: string[];
  failed?: string[];
}

const ROWS: Row[] = [
  {
    name: 'detected: NO-GO, exactly its check fails',
    fault: fault(),
    decision: 'NO-GO',
    statuses: { 'fr.smoke.reports': 'fail', 'fr.smoke.health': 'pass' },
    detected: true,
    failing: ['fr.smoke.reports'],
    unexpected: [],
  },
  { name: 'missed: GO, its check passes', fault: fault(), decision: 'GO', statuses: { 'fr.smoke.reports': 'pass' }, detected: false, failing: [] },
  {
    name: 'missed: NO-GO but for another check',
    fault: fault(),
    decision: 'NO-GO',
    statuses: { 'fr.smoke.reports': 'pass', 'fr.smoke.admin': 'fail' },
    detected: false,
    unexpected: ['fr.smoke.admin(fail)'],
  },
  { name: 'missed: its check is error (gate), not fail', fault: fault(), decision: 'INCONCLUSIVE', statuses: { 'fr.smoke.reports': 'error' }, detected: false },
  {
    name: 'unexpected: its check fails and a check it does not name fails too',
    fault: fault(),
    decision: 'NO-GO',
    statuses: { 'fr.smoke.reports': 'fail', 'fr.perf.api': 'fail' },
    detected: false,
    unexpected: ['fr.perf.api(fail)'],
  },
  {
    name: 'unexpected: an inconclusive bystander counts too',
    fault: fault(),
    decision: 'NO-GO',
    statuses: { 'fr.smoke.reports': 'fail', 'fr.smoke.frontend': 'inconclusive' },
    detected: false,
    unexpected: ['fr.smoke.frontend(inconclusive)'],
  },
  {
    name: 'allowed cascade: mayAlsoTrip may fail',
    fault: fault({ mayAlsoTrip: ['fr.perf.api'] }),
    decision: 'NO-GO',
    statuses: { 'fr.smoke.reports': 'fail', 'fr.perf.api': 'fail' },
    detected: true,
    unexpected: [],
  },
  {
    name: 'skipped bystanders are not unexpected',
    fault: fault(),
    decision: 'NO-GO',
    statuses: { 'fr.smoke.reports': 'fail', 'fr.smoke.admin': 'skipped' },
    detected: true,
  },
  {
    name: 'every trip must fail, not just one',
    fault: fault({ trips: ['fr.smoke.reports', 'fr.perf.api'] }),
    decision: 'NO-GO',
    statuses: { 'fr.smoke.reports': 'fail', 'fr.perf.api': 'pass' },
    detected: false,
  },
  {
    name: 'inconclusive-expected: INCONCLUSIVE with its checks inconclusive',
    fault: fault({ expect: 'inconclusive', trips: ['fc.mon.alb-p95'] }),
    decision: 'INCONCLUSIVE',
    statuses: { 'fc.mon.alb-p95': 'inconclusive' },
    detected: true,
    failing: ['fc.mon.alb-p95'],
  },
  {
    name: 'inconclusive-expected: a pass is a miss (no data is never a pass)',
    fault: fault({ expect: 'inconclusive', trips: ['fc.mon.alb-p95'] }),
    decision: 'GO',
    statuses: { 'fc.mon.alb-p95': 'pass' },
    detected: false,
  },
  {
    name: 'inconclusive-expected: fail is not what it wants',
    fault: fault({ expect: 'inconclusive', trips: ['fc.mon.alb-p95'] }),
    decision: 'NO-GO',
    statuses: { 'fc.mon.alb-p95': 'fail' },
    detected: false,
  },
  { name: 'ERROR (verify exit 3) is never detected', fault: fault(), decision: 'ERROR', statuses: {}, detected: false, failing: [], unexpected: [] },
  {
    name: 'under the threshold: GO with its check passing',
    fault: fault({ expect: 'go' }),
    decision: 'GO',
    statuses: { 'fr.smoke.reports': 'pass' },
    detected: true,
    failing: [],
    unexpected: [],
  },
  {
    name: 'under the threshold: its check failing is a false alarm',
    fault: fault({ expect: 'go' }),
    decision: 'NO-GO',
    statuses: { 'fr.smoke.reports': 'fail' },
    detected: false,
    failing: ['fr.smoke.reports'],
  },
  {
    name: 'under the threshold: mayAlsoTrip is no excuse',
    fault: fault({ expect: 'go', mayAlsoTrip: ['fr.perf.api'] }),
    decision: 'NO-GO',
    statuses: { 'fr.smoke.reports': 'pass', 'fr.perf.api': 'fail' },
    detected: false,
    unexpected: ['fr.perf.api(fail)'],
  },
  {
    name: 'under the threshold: its check must have been measured (skipped is not GO-worthy)',
    fault: fault({ expect: 'go' }),
    decision: 'GO',
    statuses: { 'fr.smoke.reports': 'skipped' },
    detected: false,
  },
  {
    name: 'failsOn: the check fails for the budget under test alone',
    fault: fault({ trips: ['fr.perf.lighthouse'], phase: 'perf', failsOn: 'FCP' }),
    decision: 'NO-GO',
    statuses: { 'fr.perf.lighthouse': 'fail' },
    failed: ['/login FCP (median)'],
    detected: true,
    unexpected: [],
  },
  {
    name: "failsOn: the same check failing for another budget (the score) is not this budget's edge",
    fault: fault({ trips: ['fr.perf.lighthouse'], phase: 'perf', failsOn: 'FCP' }),
    decision: 'NO-GO',
    statuses: { 'fr.perf.lighthouse': 'fail' },
    failed: ['/login performance score (median)', '/login FCP (median)'],
    detected: false,
    unexpected: ['assertion "/login performance score (median)"'],
  },
  {
    name: 'failsOn: a failed check with no assertion naming the budget is not detected',
    fault: fault({ trips: ['fr.perf.lighthouse'], phase: 'perf', failsOn: 'TTI' }),
    decision: 'NO-GO',
    statuses: { 'fr.perf.lighthouse': 'fail' },
    detected: false,
    unexpected: ['no failed assertion names TTI'],
  },
];

for (const row of ROWS) {
  test(`judge: ${row.name}`, () => {
    const got = judge(row.fault, row.decision, row.statuses, 1, row.failed);
    assert.equal(got.detected, row.detected);
    if (row.failing) assert.deepEqual(got.failing, row.failing);
    if (row.unexpected) assert.deepEqual(got.unexpected, row.unexpected);
    assert.equal(got.fault, row.fault.id);
    assert.equal(got.decision, row.decision);
  });
}
