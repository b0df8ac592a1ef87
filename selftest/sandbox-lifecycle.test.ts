/**
 * `postflight sandbox up` through the real CLI process: up in under 30 s, every health route
 * answers 200; `down` leaves no listening port and no process of ours.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { get } from 'node:https';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = createConnection({ host: hostname, port: Number(port) }, () => (s.end(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}

/** GET over TLS trusting only `ca`: the status, or the handshake's error (bounded). */
function httpsStatus(url: string, ca: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = get(url, { ca, timeout: 5000 }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? err.message));
  });
}

test('sandbox up answers on every health route; sandbox down leaves nothing behind', { timeout: 120_000 }, async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'postflight-life-'));
  const env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  const started = Date.now();
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up'], { env });
  const seconds = (Date.now() - started) / 1000;
  const state = JSON.parse(await readFile(join(stateDir, 'sandbox.json'), 'utf8'));
  assert.ok(seconds < 30, `sandbox up took ${seconds} s`);
  const urls = [
    `${state.apps['financial-rise'].apiUrl}/api/v1/health`,
    `${state.apps.flowcomply.apiUrl}/health`,
    `${state.apps.flowcomply.apiUrl}/health/ready`,
    `${state.apps['financial-rise'].webUrl}/login`,
    `${state.apps.flowcomply.webUrl}/login`,
    `${state.mail.apiUrl}/api/healthz`,
  ];
  for (const url of urls) assert.equal((await fetch(url)).status, 200, url);
  // Each app's HTTPS face: its certificate verifies against the sandbox CA alone (name 127.0.0.1 included).
  const httpsUrls = [state.apps['financial-rise'].httpsUrl, state.apps.flowcomply.httpsUrl];
  const ca = await readFile(state.tlsCaFile, 'utf8');
  for (const url of httpsUrls) assert.equal(await httpsStatus(url, ca), 200, url);
  assert.equal((await stat(join(dirname(state.tlsCaFile), 'ca.key'))).mode & 0o777, 0o600, 'the CA key is private');
  const endpoints = [
    ...urls,
    ...httpsUrls,
    state.controlUrl,
    ...(state.redis ? [state.redis.url.replace('redis:', 'http:')] : []),
    state.apps['financial-rise'].databaseUrl.replace('postgres:', 'http:'),
  ];

  const status = await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'status', '--json'], { env });
  assert.equal(JSON.parse(status.stdout).status, 'ready');
  assert.ok(!status.stdout.includes(state.accounts['financial-rise'].admin.password), 'status --json shows no password');
  assert.ok(!status.stdout.includes('PRIVATE KEY'), 'status --json shows no key');

  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env });
  for (const url of endpoints) assert.equal(await listening(url), false, `still listening: ${new URL(url).port}`);
  assert.throws(() => process.kill(state.pid, 0), 'the daemon is gone');
  const { stdout } = await run('ps', ['-eo', 'pid,args']);
  assert.ok(!stdout.includes(stateDir), `a process still mentions ${stateDir}`);
});
