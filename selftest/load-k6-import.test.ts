/**
 * `verify --k6-summary`: the load ran on k6's distributed runners (k6-operator, Grafana Cloud
 * k6) and its summary is judged here by the same parsers and thresholds, into the same load
 * check; nothing is sent to the target. A summary from each k6 output format (handleSummary
 * JSON, legacy --summary-export, machine-readable), through the check and through the real CLI.
 * Starts no server; ~15 s.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_PROFILES } from '../config/apps/index.ts';
import { environmentSchema } from '../src/config/environment.ts';
import type { AppId } from '../src/core/types.ts';
import type { GateContext } from '../src/checks/context.ts';
import { runLoadCheck } from '../src/checks/load/load-check.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/k6/', import.meta.url));
const fixture = (name: string) => path.join(FIXTURES, name);
const work = mkdtempSync(path.join(tmpdir(), 'pf-k6-import-'));
after(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** A production-like target that may take no load: proves the import sends none. */
function ctxFor(app: AppId, summary: string): GateContext {
  const env = environmentSchema.parse({
    name: 'selftest',
    kind: 'remote',
    apps: { [app]: { apiUrl: 'https://api.example.invalid', webUrl: 'https://app.example.invalid' } },
  });
  return {
    app,
    profile: APP_PROFILES[app],
    target: env.apps[app]!,
    env,
    runId: `import-${++n}`,
    runDir: path.join(work, `run-${n}`),
    reportsRoot: work,
    secrets: {},
    phases: ['load'],
    settings: { load: {} },
    log: () => {},
    processEnv: { PATH: '' },
    deployedAt: new Date(),
    now: () => new Date(),
    k6Summary: summary,
  };
}

test('a summary in each k6 format is judged like a local k6 run: pass, fail, throttled (gate)', async () => {
  const cases: Array<[AppId, string, string, string?]> = [
    ['financial-rise', 'handle-summary-pass.json', 'pass'],
    ['flowcomply', 'machine-readable-pass.json', 'pass'],
    ['financial-rise', 'summary-export-error-rate.json', 'fail'],
    ['flowcomply', 'machine-readable-slow.json', 'fail'],
    ['financial-rise', 'summary-export-throttled.json', 'error', 'gate'],
    ['financial-rise', 'handle-summary-throttled.json', 'error', 'gate'],
  ];
  for (const [app, file, status, cause] of cases) {
    const ctx = ctxFor(app, fixture(file));
    const r = await runLoadCheck(ctx, app === 'flowcomply' ? 'fc.load.k6' : 'fr.load.k6');
    assert.equal(r.status, status, `${file}: ${r.message}`);
    if (cause) assert.equal(r.cause, cause, file);
    assert.match(r.message, new RegExp(`k6 summary imported from ${file.replace('.', '\\.')}`), file);
    const copy = r.evidence.find((e) => /imported/.test(e.title ?? ''));
    assert.ok(copy && existsSync(path.join(ctx.runDir, copy.path)), `${file}: the summary is kept in the run folder`);
    assert.doesNotMatch(readFileSync(path.join(ctx.runDir, copy.path), 'utf8'), /setup_data/, 'a login token in setup_data never reaches the evidence');
  }
});

test('an unreadable or foreign file is an error naming the file, never a pass', async () => {
  const foreign = path.join(work, 'foreign.json');
  writeFileSync(foreign, JSON.stringify({ hello: 'world' }));
  for (const file of [foreign, path.join(work, 'missing.json')]) {
    const r = await runLoadCheck(ctxFor('financial-rise', file), 'fr.load.k6');
    assert.equal(r.status, 'error', r.message);
    assert.match(r.message, /Load summary not judged/);
  }
});

const cli = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['bin/postflight.mjs', ...args], { env: { PATH: path.dirname(process.execPath), ...env }, encoding: 'utf8', timeout: 90_000 });

test('through the CLI: verify --only load --k6-summary judges the file on a target that takes no load; bad input exits 3', () => {
  const envFile = path.join(work, 'env.json');
  writeFileSync(
    envFile,
    JSON.stringify({
      name: 'remote-import',
      kind: 'remote',
      apps: { 'financial-rise': { apiUrl: 'https://api.example.invalid', webUrl: 'https://app.example.invalid' } },
    }),
  );
  const secrets = { FR_SMOKE_EMAIL: 'smoke@fr.test', FR_SMOKE_PASSWORD: 'Sm0ke-pass-1', FR_ADMIN_EMAIL: 'admin@fr.test', FR_ADMIN_PASSWORD: 'Adm1n-pass-1' };
  const out = path.join(work, 'out');
  const ok = cli(
    ['verify', '--app', 'financial-rise', '--env', envFile, '--only', 'load', '--k6-summary', fixture('machine-readable-pass.json'), '--out', out, '--json'],
    secrets,
  );
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  const [run] = JSON.parse(ok.stdout) as Array<{ decision: string; runDir: string }>;
  assert.equal(run!.decision, 'GO');
  const verdict = JSON.parse(readFileSync(path.join(run!.runDir, 'verdict.json'), 'utf8')) as {
    checks: Array<{ id: string; status: string; message: string }>;
  };
  assert.match(verdict.checks.find((c) => c.id === 'fr.load.k6')!.message, /k6 summary imported/);
  const slow = cli(
    [
      'verify',
      '--app',
      'financial-rise',
      '--env',
      envFile,
      '--only',
      'load',
      '--k6-summary',
      `financial-rise=${fixture('summary-export-error-rate.json')}`,
      '--out',
      out,
    ],
    secrets,
  );
  assert.equal(slow.status, 1, slow.stdout + slow.stderr);
  const bad = cli(
    [
      'verify',
      '--app',
      'financial-rise',
      '--env',
      envFile,
      '--only',
      'smoke',
      '--k6-summary',
      path.join(work, 'nope.json'),
      '--k6-summary',
      `flowcomply=${fixture('machine-readable-pass.json')}`,
      '--out',
      out,
    ],
    secrets,
  );
  assert.equal(bad.status, 3, bad.stdout + bad.stderr);
  assert.match(bad.stderr, /load phase is not selected/);
  assert.match(bad.stderr, /cannot read .*nope\.json/);
  assert.match(bad.stderr, /flowcomply is not gated by this run/);
});

test("the k6-operator TestRun: parallelism by flag, the profile's scenario, no secret in the manifest; the committed examples are current", async () => {
  const { parse } = await import('yaml');
  const { testRunManifest } = await import('../scripts/k6-operator-testrun.ts');
  for (const [app, target] of [
    ['financial-rise', 'https://staging-api.financialrise.com'],
    ['flowcomply', 'https://staging-api.flowcomply.com'],
  ] as const) {
    const text = testRunManifest({ app, target, parallelism: 4 });
    const doc = parse(text) as {
      kind: string;
      spec: { parallelism: number; script: { configMap: { file: string } }; runner: { env: Array<{ name: string; value?: string; valueFrom?: unknown }> } };
    };
    assert.equal(doc.kind, 'TestRun');
    assert.equal(doc.spec.parallelism, 4);
    assert.equal(doc.spec.script.configMap.file, `${app}.tar`);
    const env = new Map(doc.spec.runner.env.map((e) => [e.name, e]));
    assert.equal(env.get('TARGET')?.value, target);
    assert.equal((JSON.parse(env.get('SCENARIO')!.value!) as { vus: number }).vus, APP_PROFILES[app].load.vus);
    assert.ok(env.get('POSTFLIGHT_LOGIN_PASSWORD')?.valueFrom, 'the password comes from a Secret');
    assert.equal(parse(testRunManifest({ app, target, parallelism: 7 })).spec.parallelism, 7);
    assert.equal(
      readFileSync(path.join(FIXTURES, '..', '..', '..', 'load', 'k6-operator', `${app}.testrun.yaml`), 'utf8'),
      text,
      `load/k6-operator/${app}.testrun.yaml is stale: regenerate it (README "Load beyond one machine")`,
    );
  }
});
