import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_PROFILES } from '../config/apps/index.ts';
import { environmentSchema } from '../src/config/environment.ts';
import type { AppId } from '../src/core/types.ts';
import type { GateContext } from '../src/checks/context.ts';
import { runLoadCheck, type LoadCheckOptions } from '../src/checks/load/load-check.ts';
import { LOAD_MEASURES } from '../src/checks/load/index.ts';
import { registeredIds } from '../src/checks/registry.ts';
/** The load check under test, for the load id the catalogue gives the context's app. */
const loadCheck = (ctx: GateContext, opts?: LoadCheckOptions) => runLoadCheck(ctx, registeredIds(LOAD_MEASURES, ctx.app)[0]!, opts);

import type { LoadMeasurement } from '../src/checks/load/measurement.ts';
import type { ProgressEvent } from '../src/core/progress.ts';
import { observedMetrics } from '../src/gate/baseline.ts';

/**
 * The k6 path end to end with a stand-in `k6` (a small node script set as K6_BIN) that writes
 * a fixture summary where real k6 would and exits 0, 99 or anything else. Real k6 cannot be
 * installed on these machines; its three summary formats are the fixtures.
 */

const FIXTURES = new URL('./fixtures/k6/', import.meta.url);
const work = mkdtempSync(path.join(tmpdir(), 'pf-k6-'));
after(() => rmSync(work, { recursive: true, force: true }));

const STANDIN = `#!/usr/bin/env node
const { readFileSync, writeFileSync } = require('node:fs');
const args = process.argv.slice(2);
const exportPath = args[args.indexOf('--summary-export') + 1];
const vars = {};
for (let i = 0; i < args.length; i++) if (args[i] === '-e') { const [k, ...v] = args[i + 1].split('='); vars[k] = v.join('='); }
writeFileSync(process.env.STANDIN_RECORD, JSON.stringify({ args, vars, email: process.env.POSTFLIGHT_LOGIN_EMAIL, password: process.env.POSTFLIGHT_LOGIN_PASSWORD }));
const fixture = process.env.STANDIN_FIXTURE ? readFileSync(process.env.STANDIN_FIXTURE, 'utf8') : '';
const to = process.env.STANDIN_WRITES || 'both';
if (fixture && (to === 'handle' || to === 'both')) writeFileSync(vars.SUMMARY_PATH, fixture);
if (fixture && (to === 'export' || to === 'both')) writeFileSync(exportPath, fixture);
process.stderr.write(process.env.STANDIN_STDERR || 'running (1m00.4s), 00/10 VUs\\n');
const finish = () => process.exit(Number(process.env.STANDIN_EXIT || 0));
// Like k6's REST API: GET /v1/metrics on the --address it was given, for STANDIN_SERVE_MS.
const address = args.includes('--address') ? args[args.indexOf('--address') + 1] : '';
if (process.env.STANDIN_SERVE_MS && address) {
  const [host, port] = address.split(':');
  require('node:http')
    .createServer((req, res) => (req.url === '/v1/metrics' ? res.writeHead(200).end(readFileSync(process.env.STANDIN_METRICS)) : res.writeHead(404).end()))
    .listen(Number(port), host, () => setTimeout(finish, Number(process.env.STANDIN_SERVE_MS)));
} else finish();
`;
const standin = path.join(work, 'k6');
writeFileSync(standin, STANDIN);
chmodSync(standin, 0o755);

let n = 0;
function ctxFor(app: AppId, processEnv: NodeJS.ProcessEnv, extra: Partial<GateContext> = {}, target: Record<string, unknown> = {}): GateContext {
  const env = environmentSchema.parse({
    name: 'selftest',
    kind: 'local',
    apps: { [app]: { apiUrl: 'http://127.0.0.1:9', webUrl: 'http://127.0.0.1:9', ...target } },
  });
  const runDir = path.join(work, `run-${++n}`);
  const recordFile = path.join(work, `record-${n}.json`);
  return {
    app,
    profile: APP_PROFILES[app],
    target: env.apps[app]!,
    env,
    runId: `selftest-${n}`,
    runDir,
    reportsRoot: work,
    secrets: { smokeEmail: 'smoke@postflight.test', smokePassword: 'Sm0ke!pass' },
    phases: ['load'],
    settings: { load: {} },
    log: () => {},
    processEnv: { PATH: process.env.PATH, STANDIN_RECORD: recordFile, ...processEnv },
    deployedAt: new Date(),
    now: () => new Date(),
    ...extra,
  };
}

function standinEnv(fixture: string | undefined, exit: number, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    K6_BIN: standin,
    ...(fixture ? { STANDIN_FIXTURE: new URL(fixture, FIXTURES).pathname } : {}),
    STANDIN_EXIT: String(exit),
    ...more,
  };
}
const record = (ctx: GateContext) => JSON.parse(readFileSync(ctx.processEnv.STANDIN_RECORD as string, 'utf8'));
const failing = (r: { assertions: { passed: boolean; name: string }[] }) => r.assertions.filter((a) => !a.passed).map((a) => a.name);

test('exit 0 with a passing handleSummary: pass, engine k6, secrets only in the environment', async () => {
  const ctx = ctxFor('financial-rise', standinEnv('handle-summary-pass.json', 0, { STANDIN_WRITES: 'handle' }));
  const r = await loadCheck(ctx, { durationS: 10 });
  assert.equal(r.status, 'pass', r.message);
  assert.equal(r.id, 'fr.load.k6');
  assert.equal(r.metrics?.engine, 'k6');
  assert.equal(r.metrics?.p95Ms, 44.8);
  assert.equal(r.metrics?.requests, 28143);
  const rec = record(ctx);
  assert.equal(rec.email, 'smoke@postflight.test');
  assert.ok(!rec.args.join(' ').includes('Sm0ke!pass'), 'the password is never on the command line');
  assert.equal(JSON.parse(rec.vars.SCENARIO).durationS, 10);
  assert.equal(rec.vars.HEALTH_PATH, '/api/v1/health');
  assert.ok(rec.args.at(-1).endsWith(path.join('load', 'financial-rise.ts')));
  const summary = r.evidence.find((e) => e.kind === 'json');
  assert.ok(summary);
  const kept = readFileSync(path.join(ctx.runDir, summary.path), 'utf8');
  assert.ok(!kept.includes('setup_data') && !kept.includes('fixture-token'), 'the bearer token from setup() is scrubbed');
  assert.ok(existsSync(path.join(ctx.runDir, r.evidence.find((e) => e.kind === 'log')!.path)));
});

test('live figures: k6 gets --address on a free loopback port; its /v1/metrics reach the progress events', async () => {
  const events: ProgressEvent[] = [];
  const ctx = ctxFor(
    'financial-rise',
    standinEnv('handle-summary-pass.json', 0, { STANDIN_SERVE_MS: '2300', STANDIN_METRICS: new URL('rest-api-metrics.json', FIXTURES).pathname }),
    { progress: (e) => events.push(e) },
  );
  const r = await loadCheck(ctx, { durationS: 10 });
  assert.equal(r.status, 'pass', r.message);
  const args: string[] = record(ctx).args;
  assert.match(args[args.indexOf('--address') + 1] ?? '', /^127\.0\.0\.1:\d+$/);
  const last = events.at(-1);
  assert.equal(last?.kind === 'load' && last.done, true);
  assert.deepEqual(
    events
      .filter((e) => e.kind === 'load' && e.requests !== undefined)
      .map((e) => e.kind === 'load' && [e.requests, e.rps, e.p95Ms, e.errors, e.throttled])
      .at(-1),
    [4812, 160.4, 48.6, 12, 7],
    'the figures k6 served, in the window events',
  );
  // Without anyone watching, k6 still gets its own port (k6 < 2.0 would take localhost:6565).
  const quiet = ctxFor('financial-rise', standinEnv('handle-summary-pass.json', 0));
  await loadCheck(quiet, { durationS: 10 });
  assert.ok(record(quiet).args.includes('--address'));
});

test('exit 99 with a legacy --summary-export: a fail verdict from data (error rate, k6 thresholds)', async () => {
  const ctx = ctxFor('financial-rise', standinEnv('summary-export-error-rate.json', 99, { STANDIN_WRITES: 'export' }));
  const r = await loadCheck(ctx);
  assert.equal(r.status, 'fail', r.message);
  assert.deepEqual(failing(r), ['error rate', 'k6 thresholds crossed']);
  assert.match(r.message, /http_req_failed: rate<0\.01/);
  const exported = readFileSync(path.join(ctx.runDir, 'load', 'financial-rise', 'k6-summary-export.json'), 'utf8');
  assert.ok(!exported.includes('setup_data'), 'the legacy export keeps setup_data; the runner scrubs it');
});

test('exit 99 with the machine-readable summary: p95 and timeouts fail, k6 verdict kept', async () => {
  const ctx = ctxFor('flowcomply', standinEnv('machine-readable-slow.json', 99));
  const r = await loadCheck(ctx);
  assert.equal(r.status, 'fail');
  assert.equal(r.id, 'fc.load.k6');
  assert.deepEqual(failing(r), ['p95 latency', 'timeouts', 'k6 thresholds crossed']);
  assert.equal(r.metrics?.timeouts, 3);
});

test('exit 0 with the machine-readable summary of a healthy run: pass', async () => {
  const r = await loadCheck(ctxFor('flowcomply', standinEnv('machine-readable-pass.json', 0)));
  assert.equal(r.status, 'pass', r.message);
  assert.equal(r.metrics?.p95Ms, 30.2);
});

test('a run the target throttled (429s counted apart) is an error caused by the gate, never a fail', async () => {
  for (const [app, fixture, exit] of [
    ['financial-rise', 'handle-summary-throttled.json', 0],
    ['financial-rise', 'summary-export-throttled.json', 0],
    ['flowcomply', 'machine-readable-throttled.json', 0],
  ] as const) {
    const r = await loadCheck(ctxFor(app, standinEnv(fixture, exit)));
    assert.equal(r.status, 'error', `${fixture}: ${r.message}`);
    assert.equal(r.cause, 'gate', fixture);
    assert.match(r.message, /the target rate-limited the gate \(\d+ of \d+ requests answered 429.*\): allowlist the gate's IP or lower the rate/);
    assert.match(r.fix ?? '', /load\.arrivalRate/);
    assert.ok(Number(r.metrics?.throttled429) > 27000, `${fixture}: throttled429 ${r.metrics?.throttled429}`);
    assert.deepEqual(failing(r), [], 'nothing is judged about the app');
    assert.deepEqual(observedMetrics([r]), {}, 'the rollback criteria see no error rate or p95 from it');
  }
});

test('a few 429s under the limit: judged as usual, the count still in the metrics', async () => {
  const r = await loadCheck(ctxFor('flowcomply', standinEnv('machine-readable-few-429.json', 0)));
  assert.equal(r.status, 'pass', r.message);
  assert.equal(r.metrics?.throttled429, 37);
});

test('a paced scenario reaches k6 with its arrival rate', async () => {
  const ctx = ctxFor('financial-rise', standinEnv('handle-summary-pass.json', 0));
  const paced = { ...ctx, profile: { ...ctx.profile, load: { ...ctx.profile.load, arrivalRate: 0.1 } } } as unknown as GateContext;
  const r = await loadCheck(paced);
  assert.equal(r.status, 'pass', r.message);
  assert.equal(JSON.parse(record(ctx).vars.SCENARIO).arrivalRate, 0.1);
  assert.equal(r.metrics?.pacedRps, 0.1);
});

test('any other exit code is an error (could not measure), with k6 output in the message', async () => {
  const ctx = ctxFor(
    'financial-rise',
    standinEnv(undefined, 108, {
      STANDIN_STDERR: 'level=error msg="target http://127.0.0.1:9 is down: GET /api/v1/health gave dial tcp: connection refused"\n',
    }),
  );
  const r = await loadCheck(ctx);
  assert.equal(r.status, 'error');
  assert.match(r.message, /exited 108 \(aborted in setup/);
  assert.match(r.message, /connection refused/);
  const r2 = await loadCheck(ctxFor('financial-rise', standinEnv(undefined, 0)));
  assert.equal(r2.status, 'error');
  assert.match(r2.message, /wrote no summary/);
});

test('engine k6 required but missing: error with the install hint, never a pass or a fallback', async () => {
  let embeddedRan = false;
  const ctx = ctxFor('financial-rise', { PATH: `${work}-nowhere` }, { loadEngine: 'k6' });
  const r = await loadCheck(ctx, {
    embedded: async () => {
      embeddedRan = true;
      throw new Error('must not run');
    },
  });
  assert.equal(r.status, 'error');
  assert.match(r.message, /https:\/\/grafana\.com\/docs\/k6\/latest\/set-up\/install-k6\//);
  assert.match(r.message, /K6_BIN/);
  assert.equal(embeddedRan, false);
  const bad = await loadCheck(ctxFor('financial-rise', { K6_BIN: `${FIXTURES.pathname}handle-summary-pass.json` }, { loadEngine: 'k6' }));
  assert.equal(bad.status, 'error');
  assert.match(bad.message, /not an executable file/);
});

const stubMeasurement = async (): Promise<LoadMeasurement> => ({
  engine: 'embedded',
  requests: 500,
  p95Ms: 12,
  errorRate: 0,
  timeouts: 0,
  throttled: 0,
  rps: 50,
  durationS: 10,
  thresholdsCrossed: [],
});

test('auto without k6 runs the embedded engine and says so', async () => {
  const r = await loadCheck(ctxFor('financial-rise', { PATH: `${work}-nowhere` }), { embedded: stubMeasurement });
  assert.equal(r.status, 'pass', r.message);
  assert.equal(r.metrics?.engine, 'embedded');
  assert.match(r.message, /^embedded engine \(autocannon\)/);
  assert.ok(r.evidence.some((e) => e.path.endsWith('embedded-summary.json')));
});

test('a remote target is refused unless allowLoad; missing credentials are an error', async () => {
  const remote = ctxFor('financial-rise', {}, {}, { apiUrl: 'https://api.financialrise.com', webUrl: 'https://app.financialrise.com' });
  const refused = await loadCheck(remote, { embedded: stubMeasurement });
  assert.equal(refused.status, 'error');
  assert.match(refused.message, /refused to generate load against api\.financialrise\.com/);
  const allowed = ctxFor(
    'financial-rise',
    { PATH: `${work}-nowhere` },
    {},
    { apiUrl: 'https://staging.example.com', webUrl: 'https://staging.example.com', allowLoad: true },
  );
  assert.equal((await loadCheck(allowed, { embedded: stubMeasurement })).status, 'pass');
  const noSecrets = ctxFor('flowcomply', {}, { secrets: {} });
  const r = await loadCheck(noSecrets, { embedded: stubMeasurement });
  assert.equal(r.status, 'error');
  assert.match(r.message, /FC_SMOKE_EMAIL and FC_SMOKE_PASSWORD/);
});
