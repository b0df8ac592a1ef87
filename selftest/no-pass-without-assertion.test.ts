/**
 * No pass without measurement (issue 15, What to build 6): a pass needs at least one
 * assertion. The rule lives in one place, `checkResult()` (src/checks/result.ts), which every
 * producer builds its results with: the rule helpers (`toResult`), the Playwright reporter
 * (`toCheckResult`), `errorResult`. This proves it for every catalogue check and every way
 * a producer can claim a pass, and that `worst([])` is not a pass either.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS } from '../config/checks.ts';
import { checkResult, NOTHING_ASSERTED, toResult } from '../src/checks/result.ts';
import { worst } from '../src/core/status.ts';
import { assertThat } from '../src/core/assertions.ts';
import { toCheckResult, type Attempt } from '../tests/reporter/to-check-result.ts';

const T0 = new Date('2026-12-04T00:00:00Z');

test("every catalogue check: an explicit pass with zero assertions is inconclusive, the gate's, never pass", () => {
  for (const def of CHECKS) {
    for (const status of ['pass', undefined] as const) {
      const r = checkResult(def.id, { ...(status ? { status } : {}), message: 'looked fine', startedAt: T0, durationMs: 1 });
      assert.equal(r.status, 'inconclusive', `${def.id} (${status ?? 'implicit'})`);
      assert.equal(r.cause, 'gate');
      assert.ok(r.message.startsWith(NOTHING_ASSERTED), r.message);
      assert.ok(r.fix, 'says how to fix the check');
    }
  }
});

test('with one passing assertion a pass stays a pass; other statuses are untouched', () => {
  const one = [assertThat('x', 1, '==', 1)];
  assert.equal(checkResult('fr.smoke.health', { message: 'ok', assertions: one, startedAt: T0, durationMs: 1 }).status, 'pass');
  for (const status of ['fail', 'error', 'inconclusive', 'skipped', 'waived'] as const) {
    assert.equal(checkResult('fr.smoke.health', { status, message: 'm', startedAt: T0, durationMs: 1 }).status, status);
  }
});

test('a rule finding with no assertions (toResult) is not a pass', () => {
  assert.equal(toResult('fr.deploy.seed', { message: 'nothing', assertions: [] }, T0, T0).status, 'inconclusive');
  assert.equal(toResult('fr.deploy.seed', { status: 'pass', message: 'nothing', assertions: [] }, T0, T0).status, 'inconclusive');
});

test('a Playwright test that passed with 0 assertions is not a pass', () => {
  const attempt: Attempt = { status: 'passed', startTime: T0, duration: 5, errors: [], assertions: [], notes: [], evidence: [] };
  const r = toCheckResult('fr.smoke.admin', [attempt]);
  assert.equal(r.status, 'inconclusive');
  assert.equal(r.cause, 'gate');
});

test('worst([]) is inconclusive, not pass; worst of some is the worst', () => {
  assert.equal(worst([]), 'inconclusive');
  assert.equal(worst(['pass']), 'pass');
  assert.equal(worst(['pass', 'skipped', 'fail', 'error']), 'fail');
});

/** Every file under src/ and tests/ (TypeScript). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('no producer builds a passing CheckResult by hand, around checkResult()', () => {
  // A literal `status: 'pass'` next to `runbookRef` would be a CheckResult built without the rule.
  const offenders = [...sources('src'), ...sources('tests')].filter((file) => {
    const text = readFileSync(file, 'utf8');
    return /status:\s*'pass'/.test(text) && /runbookRef:/.test(text) && !file.endsWith('src/checks/result.ts');
  });
  assert.deepEqual(offenders, []);
});
