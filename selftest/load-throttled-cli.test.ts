/**
 * Through the real CLI (`verify --only load`, embedded engine, 2 s) against a tiny API on
 * 127.0.0.1: a throttler answering 429 to most requests makes the run INCONCLUSIVE (exit 2,
 * an `error` caused by the gate with the 429 count in verdict.json), never NO-GO; and
 * POSTFLIGHT_LOAD_RATE paces the run.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli.ts';

let dir: string;
let server: Server;
let throttle = false;
let served = 0;
let apiUrl: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postflight-load-cli-'));
  server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST') {
      req.resume();
      req.on('end', () => send(200, { access_token: 'tok-load-cli' }));
      return;
    }
    served++;
    if (throttle && served % 10 !== 0) return send(429, { message: 'ThrottlerException: Too Many Requests' });
    send(200, { status: 'ok', data: [] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The tiny API declares no rate limits (as the sandbox's default): the gate's request budget
  // must not pace the load, so a 429 here is a limiter stricter than the environment said.
  const rateLimits = { login: { limit: 100_000 }, register: { limit: 100_000 }, perRoute: { limit: 10_000_000 } };
  await writeFile(
    join(dir, 'env.json'),
    JSON.stringify({ name: 'loadcli', kind: 'local', apps: { 'financial-rise': { apiUrl, webUrl: apiUrl, contract: { rateLimits } } } }),
  );
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function verifyLoad(extraEnv: Record<string, string> = {}): Promise<{ code: number; out: string; verdict: any }> {
  let out = '';
  const outDir = join(dir, `reports-${Date.now()}`);
  const env = { FR_SMOKE_EMAIL: 'smoke@postflight.test', FR_SMOKE_PASSWORD: 'Load-Cli-Passw0rd', PATH: process.env.PATH, ...extraEnv };
  const io = { out: (t: string) => void (out += `${t}\n`), err: (t: string) => void (out += `${t}\n`), env, cwd: dir };
  const code = await main(
    [
      'verify',
      '--app',
      'financial-rise',
      '--env',
      join(dir, 'env.json'),
      '--only',
      'load',
      '--load-engine',
      'embedded',
      '--load-duration',
      '2',
      '--out',
      outDir,
    ],
    io,
  );
  const runRoot = join(outDir, 'financial-rise', 'loadcli');
  const [run] = await readdir(runRoot);
  return { code, out, verdict: JSON.parse(await readFile(join(runRoot, run!, 'verdict.json'), 'utf8')) };
}

const loadCheck = (verdict: any) => (verdict.checks as { id: string }[]).find((c) => c.id === 'fr.load.k6') as any;

test('a throttled load run: INCONCLUSIVE (exit 2), error caused by the gate, 429 count in verdict.json', async () => {
  throttle = true;
  const { code, out, verdict } = await verifyLoad();
  assert.equal(code, 2, out);
  const check = loadCheck(verdict);
  assert.ok(check, JSON.stringify(verdict).slice(0, 400));
  assert.equal(check.status, 'error');
  assert.equal(check.cause, 'gate');
  assert.ok(check.metrics.throttled429 > 0, JSON.stringify(check.metrics));
  assert.match(check.message, /the target rate-limited the gate \(\d+ of \d+ requests answered 429/);
  assert.match(out, /rate-limited the gate/);
});

test('POSTFLIGHT_LOAD_RATE paces the run: about rate x duration requests, and the pace is in the metrics', async () => {
  throttle = false;
  served = 0;
  const { code, out, verdict } = await verifyLoad({ POSTFLIGHT_LOAD_RATE: '10' });
  assert.equal(code, 0, out);
  const check = loadCheck(verdict);
  assert.equal(check.metrics.pacedRps, 10);
  // At most rate x duration answered, plus what was in flight when the cap stopped the run (one
  // per connection, 10 at 10/s): autocannon's own pacing started a third batch (34 seen in CI).
  assert.ok(check.metrics.requests >= 14 && check.metrics.requests <= 30, `requests ${check.metrics.requests} in 2 s at 10/s`);
});
