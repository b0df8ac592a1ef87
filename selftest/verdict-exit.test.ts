import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXIT, type Decision, type Status } from '../src/core/types.ts';
import { combineDecisions, combinedExitCode, exitCodeOf } from '../src/verdict/exit-code.ts';
import { isFlaky, isFlakyResult } from '../src/verdict/flaky.ts';

const EXIT_ROWS: [Decision, number][] = [
  ['GO', EXIT.GO],
  ['NO-GO', EXIT.NO_GO],
  ['INCONCLUSIVE', EXIT.INCONCLUSIVE],
];
for (const [decision, code] of EXIT_ROWS) {
  test(`exitCodeOf(${decision}) = ${code}`, () => assert.equal(exitCodeOf(decision), code));
}

const COMBINE_ROWS: [Decision[], Decision][] = [
  [['GO', 'GO'], 'GO'],
  [['GO', 'INCONCLUSIVE'], 'INCONCLUSIVE'],
  [['INCONCLUSIVE', 'NO-GO'], 'NO-GO'],
  [['NO-GO', 'GO', 'INCONCLUSIVE'], 'NO-GO'],
  [['GO'], 'GO'],
  [[], 'INCONCLUSIVE'],
];
for (const [decisions, expected] of COMBINE_ROWS) {
  test(`combineDecisions([${decisions.join(', ')}]) = ${expected}`, () => assert.equal(combineDecisions(decisions), expected));
}

test('combinedExitCode: the worst app decides the exit code', () => {
  assert.equal(combinedExitCode([{ decision: 'GO' }, { decision: 'NO-GO' }]), EXIT.NO_GO);
  assert.equal(combinedExitCode([{ decision: 'GO' }, { decision: 'GO' }]), EXIT.GO);
  assert.equal(combinedExitCode([]), EXIT.INCONCLUSIVE);
});

const FLAKY_ROWS: [Status[], boolean][] = [
  [['pass'], false],
  [['fail', 'pass'], true],
  [['error', 'fail', 'pass'], true],
  [['fail', 'fail'], false],
  [['pass', 'fail'], false],
  [[], false],
  // Rerun only because the serial flow was rerun: never failed itself, so not flaky.
  [['pass', 'pass'], false],
  [['skipped', 'pass'], false],
  [['skipped', 'skipped', 'pass'], false],
  [['skipped', 'fail', 'pass'], true],
  [['pass', 'fail', 'pass'], true],
  [['inconclusive', 'pass'], true],
];
for (const [attempts, expected] of FLAKY_ROWS) {
  test(`isFlaky([${attempts.join(', ')}]) = ${expected}`, () => assert.equal(isFlaky(attempts), expected));
}

test('isFlakyResult: what the runner decided from every attempt; never a fail', () => {
  // Two attempts alone is not flaky: a serial flow reruns steps that had passed.
  assert.equal(isFlakyResult({ status: 'pass', attempts: 2, flaky: false }), false);
  assert.equal(isFlakyResult({ status: 'pass', attempts: 1, flaky: true }), true);
  assert.equal(isFlakyResult({ status: 'pass', attempts: 1, flaky: false }), false);
  assert.equal(isFlakyResult({ status: 'fail', attempts: 3, flaky: true }), false);
});
