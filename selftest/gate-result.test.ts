import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorResult } from '../src/checks/result.ts';

test("errorResult: duration from the caller's clock, cause gate, the hint as the fix", () => {
  const started = new Date('2026-01-01T00:00:00.000Z');
  const r = errorResult('fr.load.k6', started, () => new Date('2026-01-01T00:00:02.500Z'), 'k6 not found', 'install k6');
  assert.equal(r.durationMs, 2500);
  assert.equal(r.status, 'error');
  assert.equal(r.cause, 'gate');
  assert.equal(r.fix, 'install k6');
  assert.equal(r.message, 'k6 not found — install k6');
  assert.equal(r.startedAt, '2026-01-01T00:00:00.000Z');
});
