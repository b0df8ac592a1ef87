import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRedactor } from '../src/evidence/redact.ts';
import { redactPatterns } from '../src/evidence/redact-patterns.ts';
import { base64Cores, secretForms } from '../src/evidence/secret-forms.ts';

const R = '[REDACTED]';

/** Generic shapes: input -> expected output (unknown secrets, recognised by form). */
const PATTERN_ROWS: [string, string, string][] = [
  ['bearer header', 'Authorization: Bearer abc.DEF-123_x~', `Authorization: Bearer ${R}`],
  ['basic header', 'authorization: Basic dXNlcjpwYXNz', `authorization: Basic ${R}`],
  ['access_token', '{"access_token":"tok1","token_type":"Bearer"}', `{"access_token":"${R}","token_type":"Bearer"}`],
  ['accessToken + refreshToken', '{"data":{"accessToken":"a1","refreshToken":"r1"}}', `{"data":{"accessToken":"${R}","refreshToken":"${R}"}}`],
  ['refresh_token', '{"refresh_token": "r2"}', `{"refresh_token": "${R}"}`],
  ['token', '{"token":"t-1"}', `{"token":"${R}"}`],
  ['password with escaped quote', '{"email":"a@b.c","password":"p\\"w"}', `{"email":"a@b.c","password":"${R}"}`],
  [
    'password inside a JSON string',
    '{"postData":"{\\"password\\":\\"hunter22\\",\\"email\\":\\"x\\"}"}',
    `{"postData":"{\\"password\\":\\"${R}\\",\\"email\\":\\"x\\"}"}`,
  ],
  [
    'header pair (trace)',
    '[{"name":"Authorization","value":"Bearer zzz"},{"name":"accept","value":"*/*"}]',
    `[{"name":"Authorization","value":"${R}"},{"name":"accept","value":"*/*"}]`,
  ],
  ['cookie header pair', '{"name":"cookie","value":"sid=1; XSRF-TOKEN=2"}', `{"name":"cookie","value":"${R}"}`],
  ['Cookie line', 'Cookie: sid=abc; XSRF-TOKEN=def', `Cookie: sid=${R}; XSRF-TOKEN=${R}`],
  ['Set-Cookie line', 'Set-Cookie: sid=abc; Path=/; HttpOnly', `Set-Cookie: sid=${R}; Path=/; HttpOnly`],
  ['XSRF-TOKEN in text', 'document.cookie="XSRF-TOKEN=q1w2e3"', `document.cookie="XSRF-TOKEN=${R}"`],
  ['form body', 'email=a%40b.c&password=s3cret&x=1', `email=a%40b.c&password=${R}&x=1`],
  ['query string', 'GET /verify?token=abc123 200', `GET /verify?token=${R} 200`],
  ['JWT', 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl end', `jwt ${R} end`],
  ['AWS access key id', 'key AKIAIOSFODNN7EXAMPLE and ASIAABCDEFGHIJKLMNOP', `key ${R} and ${R}`],
  ['aws_secret_access_key', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', `aws_secret_access_key = ${R}`],
  ['secretAccessKey JSON', '{"secretAccessKey":"wJalrXUtnFEMI/K7MDENG"}', `{"secretAccessKey":"${R}"}`],
  ['postgres URL', 'DATABASE_URL=postgres://app:s3cr%40t@db:5432/fr', `DATABASE_URL=postgres://app:${R}@db:5432/fr`],
  ['redis URL', 'redis://default:pw123@cache:6379', `redis://default:${R}@cache:6379`],
  // Must NOT change: ordinary evidence.
  ['check line untouched', 'fr.smoke.reports (critical) fail: consultant PDF 7.2 s', 'fr.smoke.reports (critical) fail: consultant PDF 7.2 s'],
  ['URL with port untouched', 'GET http://127.0.0.1:3000/api/v1/health 200', 'GET http://127.0.0.1:3000/api/v1/health 200'],
  ['token_type untouched', '{"token_type":"Bearer","expires_in":3600}', '{"token_type":"Bearer","expires_in":3600}'],
  ['already redacted stays', `Authorization: Bearer ${R}`, `Authorization: Bearer ${R}`],
];

for (const [name, input, expected] of PATTERN_ROWS) {
  test(`redactPatterns: ${name}`, () => assert.equal(redactPatterns(input), expected));
}

test('redactPatterns is idempotent over every row', () => {
  for (const [, input] of PATTERN_ROWS) {
    const once = redactPatterns(input);
    assert.equal(redactPatterns(once), once);
  }
});

const SECRET = 'p@ss w0rd/+"é!';

test('secretForms: raw, URL, JSON, HTML and base64 spellings', () => {
  const texts = secretForms(SECRET).map((f) => f.text);
  for (const expected of [
    SECRET,
    encodeURIComponent(SECRET),
    'p%40ss+w0rd%2F%2B%22%C3%A9%21',
    JSON.stringify(SECRET).slice(1, -1),
    'p@ss w0rd/+&quot;é!',
    Buffer.from(SECRET).toString('base64'),
  ]) {
    assert.ok(texts.includes(expected), `missing form ${expected}`);
  }
});

test('base64Cores: finds the secret inside a longer base64 text at any alignment', () => {
  for (const prefix of ['', 'u', 'us', 'user:']) {
    const blob = Buffer.from(`${prefix}${SECRET}tail`).toString('base64');
    assert.ok(
      base64Cores(SECRET).some((core) => blob.includes(core)),
      `prefix "${prefix}"`,
    );
  }
});

test('makeRedactor: every form of a known secret disappears, the rest of the text stays', () => {
  const redact = makeRedactor([SECRET, 'another-secret-value']);
  const text = [
    `raw ${SECRET}`,
    `url ${encodeURIComponent(SECRET)}`,
    `form ${new URLSearchParams({ p: SECRET }).toString()}`,
    `json ${JSON.stringify({ note: SECRET })}`,
    `double ${JSON.stringify(JSON.stringify({ note: SECRET }))}`,
    `b64 ${Buffer.from(SECRET).toString('base64')}`,
    `basic Basic-ish ${Buffer.from(`smoke@example.com:${SECRET}`).toString('base64')}`,
    `html <td>${SECRET.replace(/"/g, '&quot;')}</td>`,
    'plain another-secret-value here',
  ].join('\n');
  const out = redact(text);
  for (const form of secretForms(SECRET)) assert.ok(!out.includes(form.text), `form ${form.kind} "${form.text}" left in:\n${out}`);
  assert.ok(!out.includes('another-secret-value'));
  assert.ok(out.includes('plain [REDACTED] here'));
  assert.ok(out.startsWith('raw [REDACTED]'));
  assert.equal(redact.secretCount, 2);
  assert.deepEqual(redact.warnings, []);
});

test('makeRedactor: secrets shorter than 4 characters are not redacted but warned about, without their value', () => {
  const redact = makeRedactor(['abc', '', 'longer-secret']);
  assert.equal(redact('abc and longer-secret'), 'abc and [REDACTED]');
  assert.equal(redact.warnings.length, 1);
  assert.match(redact.warnings[0]!, /secret #1 is 3 character\(s\) long/);
  assert.ok(!redact.warnings[0]!.includes('abc'));
});

test('makeRedactor: with no secrets it still applies the generic patterns', () => {
  const redact = makeRedactor([]);
  assert.equal(redact('{"password":"x"}'), '{"password":"[REDACTED]"}');
});

test('makeRedactor: regex characters in a secret are taken literally', () => {
  const redact = makeRedactor(['a.b*c(d)']);
  assert.equal(redact('a.b*c(d) axbbbc(d)'), '[REDACTED] axbbbc(d)');
});
