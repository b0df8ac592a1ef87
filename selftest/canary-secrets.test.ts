import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePassword } from '../sandbox/accounts.ts';
import { sandboxDeploy, sandboxDown, sandboxUp } from '../sandbox/control.ts';
import { readState } from '../sandbox/state.ts';
import { main } from '../src/cli.ts';
import { scanTree, describeFinding } from '../src/evidence/scan.ts';
import { findShape, listParts } from './fixtures/evidence-walk.ts';

/**
 * End to end: the real CLI against the real sandbox with faults that make browser and API
 * checks fail (so Playwright keeps traces and failure screenshots), then prove that no secret
 * reached the evidence or the console: the sandbox's generated accounts, the database
 * passwords, AWS canaries planted in the environment, and the registration password the run
 * generates itself (found by its shape, since nothing outside the run knows its value).
 */

/** sandbox/accounts.ts generatePassword: `Pf` + 12 base64url-ish characters + `9#a`, raw or URL-encoded. */
const GENERATED_PASSWORD = /Pf[A-Za-z0-9]{12}9(?:#|%23|\\u0023)a/;
/** A live token, not a redacted one: `Bearer [REDACTED]` is fine, `Bearer eyJ...` is not. */
const LIVE_TOKEN = /Bearer ey|access_token\\*"\s*:\s*\\*"ey|accessToken\\*"\s*:\s*\\*"ey/;

let stateDir: string;
let outDir: string;
let secrets: string[];
let code: number;
let consoleText: string;

function canary(label: string): string {
  return `${label}${randomBytes(18).toString('base64url')}`;
}

function dbPassword(url: string): string[] {
  const password = decodeURIComponent(new URL(url).password);
  return password ? [password] : [];
}

async function runDirs(): Promise<string[]> {
  const dirs: string[] = [];
  for (const app of ['financial-rise', 'flowcomply']) {
    const base = join(outDir, app, 'local');
    // Run folders only: the history index (history.jsonl) lives beside them.
    if (existsSync(base)) for (const e of await readdir(base, { withFileTypes: true })) if (e.isDirectory()) dirs.push(join(base, e.name));
  }
  return dirs;
}

before(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'postflight-canary-e2e-'));
  outDir = join(stateDir, 'reports');
  const env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  await sandboxUp({ stateDir, env });
  const state = await readState(stateDir);
  assert.ok(state?.accounts && state.apps, 'the sandbox wrote its accounts and apps');
  const accounts = [
    state.accounts['financial-rise'].consultant,
    state.accounts['financial-rise'].admin,
    state.accounts.flowcomply.smoke,
    state.accounts.flowcomply.admin,
    state.accounts.flowcomply.throwaway,
  ];
  const aws = { AWS_SECRET_ACCESS_KEY: canary('awsSecret'), AWS_SESSION_TOKEN: canary('awsSession') };
  secrets = [
    ...accounts.flatMap((a) => [a.email, a.password, `${a.email}:${a.password}`]),
    ...Object.values(state.apps).flatMap((a) => dbPassword(a.databaseUrl)),
    ...Object.values(aws),
  ];
  // Failures keep the traces and screenshots that are most likely to hold a typed password.
  await sandboxDeploy(stateDir, 'financial-rise', '1.0.0', ['fr:report-corrupt-pdf', 'fr:registration-500']);
  await sandboxDeploy(stateDir, 'flowcomply', '1.0.0', ['fc:me-500']);
  let out = '';
  const io = { out: (t: string) => void (out += `${t}\n`), err: (t: string) => void (out += `${t}\n`), env: { ...env, ...aws }, cwd: stateDir };
  code = await main(['verify', '--app', 'all', '--env', 'local', '--only', 'smoke,db', '--out', outDir], io);
  consoleText = out;
});

after(async () => {
  await sandboxDown(stateDir);
  await rm(stateDir, { recursive: true, force: true });
});

test('the faulty deploy is NO-GO and the run left traces to search', async () => {
  assert.equal(code, 1, `verify should say NO-GO (exit 1); output:\n${consoleText.slice(-2000)}`);
  const dirs = await runDirs();
  assert.equal(dirs.length, 2, 'one run folder per app');
  for (const dir of dirs) {
    const parts = await listParts(dir);
    assert.ok(
      parts.some((p) => p.endsWith('trace.zip')),
      `${dir} holds a trace.zip`,
    );
    assert.ok(
      parts.some((p) => /trace\.zip!.*\.trace$/.test(p)),
      `${dir}: the trace zip has entries to search`,
    );
  }
  const fr = dirs.find((d) => d.includes(join('financial-rise', 'local')))!;
  assert.ok(
    (await listParts(fr)).some((p) => p.endsWith('failure.png')),
    'the failed browser test left its masked screenshot',
  );
});

test('no known secret is in any run folder, trace zip entries included', async () => {
  assert.ok(secrets.length >= 17, 'accounts, database passwords and canaries are all searched for');
  for (const dir of await runDirs()) {
    const found = await scanTree(dir, secrets);
    assert.deepEqual(found.map(describeFinding), [], `secrets left in ${dir}`);
  }
});

test("no generated password (the run's own registration password included) is in any run folder", async () => {
  // The shape must catch what the generator makes, raw and URL-encoded, or this test proves nothing.
  const sample = generatePassword();
  assert.match(sample, GENERATED_PASSWORD);
  assert.match(encodeURIComponent(sample), GENERATED_PASSWORD);
  for (const dir of await runDirs()) assert.deepEqual(await findShape(dir, GENERATED_PASSWORD), [], `password-shaped text in ${dir}`);
});

test('no live bearer token is in any run folder', async () => {
  for (const dir of await runDirs()) assert.deepEqual(await findShape(dir, LIVE_TOKEN), [], `token in ${dir}`);
});

test('the console output holds no secret either', async () => {
  assert.ok(consoleText.includes('NO-GO'), 'the output was captured');
  // Written to a folder of its own so the same scanner (every spelling of every secret) reads it.
  const dir = await mkdtemp(join(tmpdir(), 'postflight-canary-console-'));
  try {
    await writeFile(join(dir, 'console.txt'), consoleText);
    assert.deepEqual((await scanTree(dir, secrets)).map(describeFinding), []);
    assert.deepEqual(await findShape(dir, GENERATED_PASSWORD), []);
    assert.deepEqual(await findShape(dir, LIVE_TOKEN), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
