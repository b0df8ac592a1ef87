/**
 * How Playwright attempts become CheckResults: a pass on retry is flaky, a skipped flow step
 * says why, "could not measure" errors are `error` not `fail`, failed assertions are `fail`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyFailure, toCheckResult, type Attempt } from '../tests/reporter/to-check-result.ts';
import { assertThat } from '../src/core/assertions.ts';

const attempt = (status: Attempt['status'], extra: Partial<Attempt> = {}): Attempt => ({
  status, startTime: new Date('2026-11-25T00:00:00Z'), duration: 100, errors: [], assertions: [], notes: [], evidence: [], ...extra,
});

test('passed only on retry: pass, flaky, two attempts', () => {
  const r = toCheckResult('fr.smoke.health', [attempt('failed', { errors: ['boom'] }), attempt('passed', { assertions: [assertThat('x', 1, '==', 1)] })]);
  assert.equal(r.status, 'pass');
  assert.equal(r.flaky, true);
  assert.equal(r.attempts, 2);
  assert.equal(r.durationMs, 200);
  assert.match(r.message, /flaky/);
});

test('a failed assertion is a fail with its message', () => {
  const r = toCheckResult('fr.smoke.health', [attempt('failed', { assertions: [assertThat('GET health answers 200', 503, '==', 200)] })]);
  assert.equal(r.status, 'fail');
  assert.equal(r.severity, 'critical');
  assert.match(r.message, /503 fails == 200/);
  assert.equal(r.flaky, false);
});

test('skipped after an earlier flow step failed says so', () => {
  const r = toCheckResult('fr.smoke.reports', [attempt('skipped')]);
  assert.equal(r.status, 'skipped');
  assert.match(r.message, /earlier step/);
});

test('unreachable target, rate limit and missing secret are errors, not failures', () => {
  for (const e of ['connect ECONNREFUSED 127.0.0.1:9', 'POST /login answered 429 Too Many Requests', 'secret FR_SMOKE_PASSWORD is not set (smokePassword)']) {
    assert.equal(classifyFailure([e]), 'error', e);
  }
  assert.equal(classifyFailure(['expect(received).toBe(expected)']), 'fail');
  const r = toCheckResult('fc.smoke.me', [attempt('failed', { errors: ['connect ECONNREFUSED 127.0.0.1:9'] })]);
  assert.equal(r.status, 'error');
  assert.match(r.message, /could not measure/);
});
