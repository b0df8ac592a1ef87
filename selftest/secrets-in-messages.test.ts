import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactingIO } from '../src/cli/redacting-io.ts';
import { accountIdentity } from '../tests/fixtures/account-identity.ts';

/**
 * Check messages reach the console of a failing run (and CI keeps that log): the two guards
 * that keep secrets out of them. At the source, a suite compares an account without putting
 * its address into the assertion; at the edge, the CLI redacts whatever still gets through.
 */

const SMOKE = 'smoke@postflight.test';

const IDENTITY_ROWS: [unknown, string][] = [
  [SMOKE, 'the expected account'],
  [' Smoke@Postflight.TEST ', 'the expected account'],
  ['someone@postflight.test', 'another account'],
  ['', 'no account'],
  [undefined, 'no account'],
  [42, 'no account'],
];
for (const [reported, expected] of IDENTITY_ROWS) {
  test(`accountIdentity(${JSON.stringify(reported)}) = ${expected}`, () => {
    const said = accountIdentity(reported, SMOKE);
    assert.equal(said, expected);
    assert.ok(!said.includes(SMOKE), 'the outcome never carries the address');
  });
}

test('redactingIO: known secrets and token shapes never reach out or err', () => {
  const lines: string[] = [];
  const io = redactingIO({ out: (t) => void lines.push(t), err: (t) => void lines.push(t), env: {}, cwd: '/' }, [SMOKE, 'Pf0123456789ab9#a']);
  io.out(`me is the smoke user: "" fails == "${SMOKE}"`);
  io.err(`login with ${encodeURIComponent('Pf0123456789ab9#a')} -> Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln`);
  io.out('fr.smoke.health PASS');
  assert.deepEqual(lines, [
    'me is the smoke user: "" fails == "[REDACTED]"',
    'login with [REDACTED] -> Authorization: Bearer [REDACTED]',
    'fr.smoke.health PASS',
  ]);
});
