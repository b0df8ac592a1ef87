/**
 * Redaction never replaces short or dictionary-word values blindly (issue 10 item 9): a
 * password that is a word is redacted where it stands as a value, titles and prose keep their
 * words; passwords and tokens shorter than 8 characters are refused at config time (exit 3),
 * naming the variable, never the value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli.ts';
import { makeRedactor } from '../src/evidence/redact.ts';
import { redactTree } from '../src/evidence/redact-files.ts';
import { scanTree } from '../src/evidence/scan.ts';
import { isWordLike } from '../src/evidence/secret-forms.ts';

const R = '[REDACTED]';
// What src/config/load.ts hands the redactor for a database URL: the URL and its password.
const DB_URL = 'postgres://readonly:password@127.0.0.1:5432/financial_rise';
const SECRETS = [DB_URL, 'password'];

test('which values are word-like (redacted only as values)', () => {
  const rows: [string, boolean][] = [
    ['password', true],
    ['Password', true],
    ['admin', true],
    ['12345678', true],
    ['s3cr', true],
    ['hunter2', true],
    ['p@ssw0rd!', false],
    ['Sm0ke-Passw0rd!2026', false],
    ['correct-horse', false],
    ['smoke@postflight.test', false],
  ];
  for (const [value, expected] of rows) assert.equal(isWordLike(value), expected, value);
});

const ROWS: [string, string, string][] = [
  // Titles and prose keep their words.
  ['check title', 'fc.smoke.auth-negative: Wrong password is refused', 'fc.smoke.auth-negative: Wrong password is refused'],
  ['capitalised title', 'Password reset email arrives', 'Password reset email arrives'],
  ['check id', 'fr.smoke.password-reset (critical) pass', 'fr.smoke.password-reset (critical) pass'],
  ['JSON title and key', '{"title":"Password reset","password":true}', '{"title":"Password reset","password":true}'],
  ['a JSON key equal to the value is a key', '{"password":1}', '{"password":1}'],
  ['word inside another word', 'passwords expire; resetpassword page', 'passwords expire; resetpassword page'],
  // The value is redacted where it stands as one.
  ['the configured URL', `connecting to ${DB_URL}`, `connecting to ${R}`],
  ['the same password in another URL', 'postgresql://readonly:password@10.0.0.5:5432/fr', `postgresql://readonly:${R}@10.0.0.5:5432/fr`],
  ['password-only userinfo', 'redis://:password@cache:6379', `redis://:${R}@cache:6379`],
  ['environment line', 'PGPASSWORD=password psql -h db', `PGPASSWORD=${R} psql -h db`],
  ['JSON value under any key', '{"dbPass":"password","user":"readonly"}', `{"dbPass":"${R}","user":"readonly"}`],
  ['JSON inside a JSON string (trace)', '{"postData":"{\\"pw\\":\\"password\\"}"}', `{"postData":"{\\"pw\\":\\"${R}\\"}"}`],
  ['single-quoted (SQL)', "ALTER ROLE readonly PASSWORD 'password'", `ALTER ROLE readonly PASSWORD '${R}'`],
  ['base64 alone', `blob ${Buffer.from('password').toString('base64')} end`, `blob ${R} end`],
];

for (const [title, input, expected] of ROWS) {
  test(`a database password that is literally "password": ${title}`, () => assert.equal(makeRedactor(SECRETS)(input), expected));
}

test('a database password that is literally "password": its base64 inside Basic auth is gone too', () => {
  const basic = Buffer.from('readonly:password').toString('base64');
  const out = makeRedactor(SECRETS)(`Authorization: Basic ${basic}`);
  assert.match(out, /^Authorization: Basic \[REDACTED\]/);
  assert.ok(!out.includes(basic.slice(-8)), out);
});

test('the redactor says, without the value, that a word-like secret is redacted only as a value', () => {
  const redact = makeRedactor(SECRETS);
  assert.deepEqual(redact.warnings, [], 'a word-like secret is handled, not a problem of the evidence');
  assert.equal(redact.notes.length, 1);
  assert.match(redact.notes[0]!, /secret #2 is short or reads like a word .*only where it stands as a value/);
  assert.ok(!redact.notes[0]!.includes('"password"'));
});

test('the canary scan finds the word where it stands as a value, not in prose, and nothing after redaction', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-word-secret-'));
  try {
    await writeFile(join(dir, 'summary.md'), ROWS.map(([, input]) => input).join('\n'));
    await writeFile(
      join(dir, 'prose.md'),
      ROWS.slice(0, 6)
        .map(([, input]) => input)
        .join('\n'),
    );
    const before = await scanTree(dir, SECRETS);
    assert.ok(
      before.some((f) => f.file === 'summary.md'),
      'the planted values are found',
    );
    assert.deepEqual(
      before.filter((f) => f.file === 'prose.md'),
      [],
      'prose is not a leak',
    );
    await redactTree(dir, makeRedactor(SECRETS));
    assert.deepEqual(await scanTree(dir, SECRETS), []);
    assert.equal(
      await readFile(join(dir, 'prose.md'), 'utf8'),
      ROWS.slice(0, 6)
        .map(([, input]) => input)
        .join('\n'),
      'prose untouched',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('passwords shorter than 8 characters are refused at config time: exit 3, the variable named, never the value', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-short-secret-'));
  try {
    const file = join(dir, 'env.json');
    await writeFile(file, JSON.stringify({ name: 'short', apps: { 'financial-rise': { apiUrl: 'http://127.0.0.1:9', webUrl: 'http://127.0.0.1:9' } } }));
    let err = '';
    let out = '';
    const env = {
      FR_SMOKE_EMAIL: 'smoke@postflight.test',
      FR_SMOKE_PASSWORD: 'Xy7#q2',
      FR_ADMIN_EMAIL: 'admin@postflight.test',
      FR_ADMIN_PASSWORD: 'Adm1n-Long-Enough',
    };
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), env, cwd: dir };
    const code = await main(['cleanup', '--app', 'financial-rise', '--env', file], io);
    assert.equal(code, 3, err + out);
    assert.match(err, /FR_SMOKE_PASSWORD: is 6 characters long .*refuses passwords and tokens shorter than 8 characters/);
    assert.match(err, /give this account a password of 8\+ characters/);
    assert.ok(!err.includes('Xy7#q2') && !out.includes('Xy7#q2'), 'the value is never printed');
    assert.ok(!err.includes('FR_ADMIN_PASSWORD'), 'a long enough password is not mentioned');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a short IMAP password is refused too; the IMAP user set beside it is not reported missing', async () => {
  const { loadGateConfig } = await import('../src/config/load.ts');
  const { Diagnostics } = await import('../src/config/diagnostics.ts');
  const dir = await mkdtemp(join(tmpdir(), 'postflight-short-imap-'));
  try {
    const file = join(dir, 'env.json');
    const mail = { kind: 'imap', host: 'imap.example.com', userEnv: 'FR_IMAP_USER', passwordEnv: 'FR_IMAP_PASSWORD' };
    await writeFile(file, JSON.stringify({ name: 'imap', apps: { 'financial-rise': { apiUrl: 'http://127.0.0.1:9', webUrl: 'http://127.0.0.1:9', mail } } }));
    const processEnv = {
      FR_SMOKE_EMAIL: 'smoke@postflight.test',
      FR_SMOKE_PASSWORD: 'Smoke-Long-Enough',
      FR_ADMIN_EMAIL: 'admin@postflight.test',
      FR_ADMIN_PASSWORD: 'Adm1n-Long-Enough',
      FR_IMAP_USER: 'qa-inbox@example.com',
      FR_IMAP_PASSWORD: 'pw123',
    };
    const diags = new Diagnostics();
    await loadGateConfig({ app: 'financial-rise', env: file, only: ['smoke'], cwd: dir, processEnv }, diags);
    assert.ok(diags.hasErrors, 'a short IMAP password is a config error');
    const errors = diags.items.filter((d) => d.level === 'error');
    assert.deepEqual(
      errors.map((d) => d.where),
      ['FR_IMAP_PASSWORD'],
    );
    assert.match(errors[0]!.message, /is 5 characters long \(IMAP mailbox password\)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
