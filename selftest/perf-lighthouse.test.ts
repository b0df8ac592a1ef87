import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_PROFILES } from '../config/apps/index.ts';
import { environmentSchema } from '../src/config/environment.ts';
import type { GateContext } from '../src/checks/context.ts';
import type { CheckResult } from '../src/core/types.ts';
import { runLighthouseCheck } from '../src/checks/perf/lighthouse-check.ts';

/**
 * Lighthouse for real (Chromium at /usr/bin/chromium or CHROME_PATH), one run per page to keep
 * the self-test short: a tiny login page, and the same page behind a 3 MB render-blocking
 * script that burns ~1.5 s of CPU (what the sandbox's `fr:heavy-page` fault ships).
 */

const LIGHT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign In</title></head><body><main><h1>Sign In</h1><form><label>Email <input type="email"></label>
<label>Password <input type="password"></label><button>Sign In</button></form></main></body></html>`;
const HEAVY = LIGHT.replace('</title>', '</title><script src="/bundle.js"></script>');
// 3 MB that the browser must download, parse and run before it can paint anything.
const BUNDLE = `var padding = "${'x'.repeat(3 * 1024 * 1024)}";\n(function burn() { var end = Date.now() + 1500; var n = 0; while (Date.now() < end) { n += Math.sqrt(n + padding.length); } window.__burned = n; })();\n`;

async function serve(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/bundle.js') {
      res.writeHead(200, { 'content-type': 'application/javascript' });
      return res.end(BUNDLE);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const work = mkdtempSync(path.join(tmpdir(), 'pf-lighthouse-'));
after(() => rmSync(work, { recursive: true, force: true }));
const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((c) => c())));

function ctxFor(webUrl: string, name: string, processEnv: NodeJS.ProcessEnv = process.env): GateContext {
  const env = environmentSchema.parse({ name: 'selftest', kind: 'local', apps: { 'financial-rise': { apiUrl: webUrl, webUrl } } });
  return {
    app: 'financial-rise',
    profile: APP_PROFILES['financial-rise'],
    target: env.apps['financial-rise']!,
    env,
    runId: `selftest-${name}`,
    runDir: path.join(work, name),
    reportsRoot: work,
    secrets: {},
    phases: ['perf'],
    settings: { load: {} },
    log: () => {},
    processEnv,
    deployedAt: new Date(),
    now: () => new Date(),
  };
}

const score = (r: CheckResult) => Number(r.metrics?.performanceMedian);
let light: CheckResult;

test('a tiny page: one real run, a score in 0..1, budgets met, HTML and JSON kept as evidence', async (t) => {
  const site = await serve(LIGHT);
  closers.push(site.close);
  const ctx = ctxFor(site.url, 'light');
  const started = Date.now();
  light = await runLighthouseCheck(ctx, 'fr.perf.lighthouse', { runs: 1 });
  const tookMs = Date.now() - started;
  assert.equal(light.id, 'fr.perf.lighthouse');
  assert.equal(light.status, 'pass', light.message);
  assert.ok(score(light) >= 0 && score(light) <= 1, `score ${score(light)}`);
  assert.ok(Number(light.metrics?.fcpMedianMs) > 0 && Number(light.metrics?.ttiMedianMs) > 0);
  assert.equal(light.assertions.length, 3);
  assert.deepEqual(
    light.evidence.map((e) => e.path),
    [path.join('lighthouse', 'financial-rise', 'login-run1.html'), path.join('lighthouse', 'financial-rise', 'login-run1.json')],
  );
  for (const e of light.evidence) assert.ok(existsSync(path.join(ctx.runDir, e.path)), e.path);
  const json = JSON.parse(readFileSync(path.join(ctx.runDir, light.evidence[1].path), 'utf8'));
  assert.equal(json.configSettings.formFactor, 'desktop');
  assert.equal(json.configSettings.throttlingMethod, 'simulate');
  t.diagnostic(`light page: score ${score(light)}, FCP ${light.metrics?.fcpMedianMs} ms, TTI ${light.metrics?.ttiMedianMs} ms, ${tookMs} ms`);
});

test('a 3 MB blocking, CPU-burning script scores lower and fails the budgets', async (t) => {
  const site = await serve(HEAVY);
  closers.push(site.close);
  const started = Date.now();
  const heavy = await runLighthouseCheck(ctxFor(site.url, 'heavy'), 'fr.perf.lighthouse', { runs: 1 });
  const tookMs = Date.now() - started;
  assert.ok(light, 'the light page ran first');
  assert.ok(score(heavy) < score(light), `heavy ${score(heavy)} vs light ${score(light)}`);
  assert.equal(heavy.status, 'fail', heavy.message);
  assert.ok(Number(heavy.metrics?.ttiMedianMs) > 1500, `TTI ${heavy.metrics?.ttiMedianMs}`);
  t.diagnostic(`heavy page: score ${score(heavy)}, FCP ${heavy.metrics?.fcpMedianMs} ms, TTI ${heavy.metrics?.ttiMedianMs} ms, ${tookMs} ms`);
});

test('no Chromium: an error with the install hint, nothing launched', async () => {
  const r = await runLighthouseCheck(ctxFor('http://127.0.0.1:9', 'nochrome', { CHROME_PATH: path.join(work, 'no-such-chromium') }), 'fr.perf.lighthouse', {
    runs: 1,
  });
  assert.equal(r.status, 'error');
  assert.match(r.message, /apt-get install chromium/);
  assert.match(r.message, /CHROME_PATH/);
});

test('a page that does not load is an error (nothing measured), not a fail', async (t) => {
  const r = await runLighthouseCheck(ctxFor('http://127.0.0.1:9', 'down'), 'fr.perf.lighthouse', { runs: 1 });
  assert.equal(r.status, 'error', r.message);
  t.diagnostic(r.message);
});
