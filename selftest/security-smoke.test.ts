/**
 * The security smoke's pure parts: the secret scan (paths and reasons, never values) and the
 * forged tokens (what they claim, that none carries a valid signature).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSecretLeaks } from '../src/checks/security/secret-scan.ts';
import { answerOf, forgedTokens } from '../src/checks/security/forged-tokens.ts';

const BCRYPT = '$2b$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234';

const ROWS: Array<[string, unknown, string[], string[]?]> = [
  ['a clean profile', { success: true, data: { id: '1', email: 'a@b.c', role: 'AUDITOR', passwordChangedAt: '2026-01-01', mustChangePassword: false } }, []],
  [
    'a password hash key in a list',
    {
      data: [
        { id: 1, password_hash: 'scrypt$x$y' },
        { id: 2, password_hash: 'scrypt$x$z' },
      ],
    },
    ['data[*].password_hash (key password_hash)', 'data[*].password_hash (scrypt-looking value)'],
  ],
  [
    'camelCase hash, salt and secrets',
    { data: { passwordHash: 'x', salt: 'y', otp_secret: 'z', client_secret: 'w' } },
    ['data.passwordHash (key passwordHash)', 'data.salt (key salt)', 'data.otp_secret (key otp_secret)', 'data.client_secret (key client_secret)'],
  ],
  ['a bcrypt value under an innocent key', { user: { note: BCRYPT } }, ['user.note (bcrypt-looking value)']],
  ['an argon2 value', { h: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA' }, ['h (argon2-looking value)']],
  ["another user's refresh token", { data: [{ id: 2, refreshToken: 'r' }] }, ['data[*].refreshToken (token key refreshToken)']],
  ["the caller's own tokens are allowed where they belong", { access_token: 'a', refresh_token: 'r', user: { id: 1 } }, [], ['access_token', 'refresh_token']],
  ['null and empty secrets are not leaks', { password_hash: null, secret: '', salt: false }, []],
  [
    'the same token nested elsewhere is not allowed',
    { data: { refreshToken: 'r', user: { refreshToken: 'r2' } } },
    ['data.user.refreshToken (token key refreshToken)'],
    ['data.refreshToken'],
  ],
];

for (const [name, body, expected, allow] of ROWS) {
  test(`secret scan: ${name}`, () => {
    assert.deepEqual(findSecretLeaks(body, { allow: allow ?? [] }).sort(), [...expected].sort());
  });
}

test('secret scan: findings never contain the secret value', () => {
  const findings = findSecretLeaks({ data: { password: 'hunter2-Secret!', hash: BCRYPT } }).join(' ');
  assert.doesNotMatch(findings, /hunter2|abcdefghij/);
});

test('forged tokens: unsigned, made-up signature, opaque; each claims what it was given', () => {
  const tokens = forgedTokens({ role: 'SYSTEM_ADMIN' }, Date.UTC(2026, 0, 1));
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  const [h1, p1, s1] = tokens['an unsigned JWT (alg none)'].split('.');
  assert.deepEqual([decode(h1).alg, decode(p1).role, s1], ['none', 'SYSTEM_ADMIN', '']);
  assert.equal(decode(p1).exp - decode(p1).iat, 900);
  const [h2, p2, s2] = tokens['a JWT with a made-up signature'].split('.');
  assert.deepEqual([decode(h2).alg, decode(p2).role], ['HS256', 'SYSTEM_ADMIN']);
  assert.ok(s2.length > 20);
  assert.doesNotMatch(tokens['a random opaque token'], /\./);
});

test('answers: a 2xx with a body is "with data"; refusals and empty bodies are just the status', () => {
  assert.equal(answerOf(200, { data: [] }), 'HTTP 200 with data');
  assert.equal(answerOf(204, ''), 'HTTP 204');
  assert.equal(answerOf(401, { message: 'Unauthorized' }), 'HTTP 401');
});
