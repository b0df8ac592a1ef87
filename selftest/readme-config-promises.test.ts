/**
 * Every README promise about configuration, proved through the real CLI process
 * (`node bin/postflight.mjs ...`, a minimal environment). Targets are a tiny HTTP server this
 * file starts on 127.0.0.1; nothing needs the sandbox, Chromium or AWS.
 *
 * Promise (README)                                                     -> test
 * ------------------------------------------------------------------------------------------------
 * verify flags
 *   --app financial-rise|flowcomply|all, comma list; unknown app -> 3    cli-config: unknown app, malformed URL ... ; cli-config: the real process exits ...
 *   --env local|staging|production|FILE; unknown env -> 3               cli-config: unknown environment, bad flags and bad numbers; here: "--env FILE that does not exist"
 *   --env local without a sandbox says how to start it                  cli-config: local without a running sandbox ...
 *   --only phases; default smoke,perf,load,monitoring,db; unknown -> 3   cli-config: unknown app ... (unknown phase); cli-preflight: --only "" ...; here: "--only picks the phases that run"
 *   --out DIR (default ./reports); unwritable -> 3                      cli-preflight: --out under /proc ...; here: "--only picks the phases that run" (run folder under --out)
 *   --load-engine auto|k6|embedded; k6 required without k6 -> 3          cli-preflight: --load-engine k6 without k6 ...; here: "K6_BIN"
 *   --retries N (0-3)                                                   cli-config: unknown environment, bad flags ... ; here: "retries in the environment"
 *   --flaky-blocks-go / --flaky-allowed (default env flakyBlocksGo)      here: "flakyBlocksGo and --flaky-allowed"
 *   --lighthouse-runs N, --load-duration S                              here: "bad numbers for --lighthouse-runs / --load-duration"; here: "--load-duration ... the evidence records what ran"
 *   --deployed-at ISO; in the future -> 3                                here: "--deployed-at and deployedAt must be ISO times"; cli-config: a deploy time in the future ...
 *   --deadline MIN (default env deadlineMinutes, else 20)               cli-preflight: --deadline must be positive; here: "deadlineMinutes ... and --deadline wins"
 *   --json prints the verdicts as JSON                                  here: "--json prints the verdicts as JSON"
 *   help lists every flag of the README tables                          here: "every flag of the README tables is in the command's --help"
 * environment file
 *   unknown keys at any depth, full path + closest valid key            contract.test: CLI: a bad contract ... (top level, contract); here: "unknown keys at any depth"
 *   malformed URLs, missing target, missing secret reported together    cli-config: unknown app, malformed URL ...; cli-config: missing secrets name every variable; here: "reported together"
 *   credentials in URLs / apiUrl with a path refused                    cli-preflight: credentials inside a URL ...; an API URL with a path ...
 *   mail.kind maildev / mailpit / imap (host, port, secure, userEnv, passwordEnv) here: "mail.kind"
 *   routes overrides a route; unknown key is an error                   contract.test: CLI (routes.metric); here: "routes"
 *   404 on a configured route: "route missing on target"                NOT through the CLI here (needs the smoke suites in Chromium); unit: smoke-results / doctor-env (sandbox)
 *   contract: deep partial, every key checked                           contract.test: CLI: a bad contract ...; doctor-env (sandbox): verify with an environment file alone
 *   waive: unknown id/expectation error; waived never a pass, listed     contract.test: CLI ...; doctor-env (sandbox); here: "waive"
 *   schemaFile: missing file is an error                                contract.test: CLI ... (schemaFile)
 *   secrets renamed: "secrets": { "smokePassword": "MY_VAR" }            here: "secrets renames"
 *   passwords < 8 chars refused, variable named, value never            redact-short-secrets: passwords shorter than 8 ... (main), a short IMAP password ... (loadGateConfig); here: "short IMAP password"
 *   databaseUrlEnv names the variable; db without it -> 3               cli-preflight: db selected without its database URL; here: "databaseUrlEnv"
 *   statusPageUrl must read "All Systems Operational"                   here: "statusPageUrl"
 *   thresholds override the profile's limits; unknown key error         thresholds.test (unit); here: "thresholds"
 *   tls.endpoints https only; tls.caFile unreadable / not PEM -> 3       tls-config (unit), aws-tls (real handshakes); here: "tls"
 *   errorLines replaces a field; a non-regex pattern is a config error  log-error-lines: through the real CLI ... (main); here: "unknown keys at any depth" + "errorLines"
 *   commands: { run: [argv], cwd?, timeoutMinutes? }                    here: "commands"
 *   deadlineMinutes (default 20), retries, flakyBlocksGo, aws           here: the tests named after each
 *   release, expectedMigrations, appLogFile, releaseRepo, staging       here: "other fields of an app target are accepted, bad values refused"
 *   allowLoad: load only against 127.0.0.1/localhost unless set         cli-preflight: a non-local load target without allowLoad ...; load-policy (unit)
 * environment variables
 *   CHROME_PATH                                                         cli-preflight: no Chromium (CHROME_PATH pointing nowhere)
 *   K6_BIN                                                              here: "K6_BIN"
 *   POSTFLIGHT_LOAD_DURATION_S / POSTFLIGHT_LOAD_VUS (default 10)       here: "POSTFLIGHT_LOAD_DURATION_S and POSTFLIGHT_LOAD_VUS"
 *   POSTFLIGHT_LOAD_RATE paces; embedded refuses < 1/s                   load-throttled-cli: POSTFLIGHT_LOAD_RATE paces the run (main); here: "POSTFLIGHT_LOAD_RATE below 1/s"
 *   POSTFLIGHT_LIGHTHOUSE_RUNS, *_SMOKE_TIMEOUT_S, *_LIGHTHOUSE_TIMEOUT_S NOT through the CLI (need Chromium runs); unit: perf-budgets, gate-bounded
 *   FR_/FC_RDS_MAX_CONNECTIONS, POSTFLIGHT_*RELEASE_REPO                 NOT through the CLI (need AWS/moto); aws-moto, aws-tls
 *   POSTFLIGHT_STATE_DIR                                                cli-config: local without a running sandbox (main)
 *   DATABASE_URL, REDIS_URL                                             setup.test (sandbox without Redis); sandbox tests
 * other commands
 *   cleanup --older-than MINUTES, --dry-run; bad input 3                cleanup-listing (local server); here: "cleanup: bad --older-than"
 *   doctor --env: 0 / 1 / 3                                             doctor-env (sandbox); here: "doctor --env with a bad environment"
 *   setup --check, --for demo|test                                      setup.test; here: "setup --for"
 *   deploy/rollback refusals (production, data loss, bad input)         deploy-cli: refusals ...
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { refusedPort } from './fixtures/refused-port.ts';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

let dir: string;
let server: Server;
let base: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pf-readme-config-'));
  server = createServer((req, res) => {
    if (req.url === '/status/ok')
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><h1>All Systems Operational</h1></body></html>');
    if (req.url === '/status/degraded')
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><h1>Partial Outage</h1></body></html>');
    if (req.url === '/status/hang') return; // accepts, never answers
    if (req.method === 'POST') {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'tok-readme' })));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', data: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** The real bin, PATH holding node only (no Chromium, no k6 on PATH). */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/postflight.mjs', ...args], {
      env: { PATH: dirname(process.execPath), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const kill = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (code) => (clearTimeout(kill), resolve({ code, stdout, stderr, ms: Date.now() - started })));
  });
}

let n = 0;
/** Writes an environment file; `out` is a run-folder root that does not exist yet. */
async function envFile(env: Record<string, unknown>): Promise<{ file: string; out: string }> {
  const file = join(dir, `env-${++n}.json`);
  await writeFile(file, JSON.stringify(env));
  return { file, out: join(dir, `out-${n}`) };
}

// The tiny target declares lifted rate limits (as the sandbox's default): the gate's request
// budget would otherwise pace its many runs at the contract's 5 logins per minute.
const LIFTED = { rateLimits: { login: { limit: 100_000 }, register: { limit: 100_000 }, perRoute: { limit: 10_000_000 } } };
const fr = (extra: Record<string, unknown> = {}) => ({ apiUrl: base, webUrl: base, contract: LIFTED, ...extra });
const FR_SECRETS = { FR_SMOKE_EMAIL: 'smoke@fr.test', FR_SMOKE_PASSWORD: 'Sm0ke-pass-1', FR_ADMIN_EMAIL: 'admin@fr.test', FR_ADMIN_PASSWORD: 'Adm1n-pass-1' };

/** Exit 3, "nothing was run", no run folder, no phase started. */
function refused(r: Ran, out?: string) {
  assert.equal(r.code, 3, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /nothing was run/);
  if (out) assert.ok(!existsSync(out), `a run folder was created under ${out}`);
  assert.doesNotMatch(r.stdout, /smoke\.\.\.|monitoring\.\.\./);
}

function includesAll(text: string, wants: string[]) {
  for (const want of wants) assert.ok(text.includes(want), `missing "${want}" in:\n${text}`);
}

/** The one verdict.json under `out`. */
async function verdictUnder(out: string, app = 'financial-rise'): Promise<any> {
  const [envDir] = await readdir(join(out, app));
  const [run] = await readdir(join(out, app, envDir!));
  return JSON.parse(await readFile(join(out, app, envDir!, run!, 'verdict.json'), 'utf8'));
}

const check = (verdict: any, id: string) => (verdict.checks as Array<{ id: string }>).find((c) => c.id === id) as any;

// ------------------------------------------------------------------------------ refusals (exit 3)

// README: "Unknown keys (at any depth, each named with its full path and the closest valid key) ... the exit code is 3."
test('unknown keys at any depth are each named with the full path and the closest valid key, exit 3, nothing run', async () => {
  const { file, out } = await envFile({
    name: 'deep',
    deadlineMinute: 5,
    apps: {
      'financial-rise': fr({
        mail: { kind: 'maildev', url: base, urll: base },
        aws: {
          region: 'us-east-1',
          clustr: 'c',
          cluster: 'c',
          backendService: 'b',
          frontendService: 'f',
          backendTaskFamily: 'bt',
          frontendTaskFamily: 'ft',
          dbInstance: 'd',
        },
        thresholds: { tls: { minDaysLef: 3 } },
        errorLines: { textPatern: ['x'] },
        staging: { envName: 'staging', apiUrll: base },
        commands: { migrat: { run: ['true'] } },
        secrets: { smokePasword: 'MY_PW' },
      }),
    },
  });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--out', out]);
  refused(r, out);
  includesAll(r.stderr, [
    'deadlineMinute: unknown key',
    'did you mean `deadlineMinutes`?',
    'apps.financial-rise.mail.urll: unknown key',
    'apps.financial-rise.aws.clustr: unknown key',
    'did you mean `cluster`?',
    'apps.financial-rise.thresholds.tls.minDaysLef: unknown key',
    'did you mean `minDaysLeft`?',
    'apps.financial-rise.errorLines.textPatern: unknown key',
    'did you mean `textPatterns`?',
    'apps.financial-rise.staging.apiUrll: unknown key',
    'did you mean `apiUrl`?',
    'apps.financial-rise.commands.migrat: unknown key',
    'did you mean `migrate`?',
    // Was silently accepted before (a rename of nothing): README promises "at any depth".
    'apps.financial-rise.secrets.smokePasword: unknown key',
    'did you mean `smokePassword`?',
  ]);
});

// README: "Unknown keys ..., malformed URLs, a missing app target or a missing secret are all reported together, and the exit code is 3."
test('malformed URLs, a missing app target and missing secrets are reported together, exit 3', async () => {
  const { file, out } = await envFile({
    name: 'together',
    apps: { 'financial-rise': fr({ webUrl: 'not a url', statusPageUrl: 'ftp://status.example.test' }) },
  });
  const r = await cli(['verify', '--app', 'all', '--env', file, '--only', 'smoke', '--out', out]);
  refused(r, out);
  includesAll(r.stderr, [
    'apps.financial-rise.webUrl: must be an http(s) URL',
    'apps.financial-rise.statusPageUrl: must be an http(s) URL',
    'defines no target for flowcomply',
    'FR_SMOKE_EMAIL: not set',
    'FR_SMOKE_PASSWORD: not set',
    'FR_ADMIN_EMAIL: not set',
    'FR_ADMIN_PASSWORD: not set',
  ]);
});

// README (verify flags): "--env ... or a path to an environment .json file"
test('--env FILE that does not exist is exit 3 naming the path', async () => {
  const missing = join(dir, 'nope.json');
  const r = await cli(['verify', '--app', 'financial-rise', '--env', missing, '--only', 'monitoring', '--out', join(dir, 'never')]);
  refused(r, join(dir, 'never'));
  assert.ok(r.stderr.includes(`no environment file at ${missing}`), r.stderr);
});

// README (Secrets): "An environment may rename any of them: "secrets": { "smokePassword": "MY_VAR" }."
test('secrets renames: the renamed variable is the one asked for, the default name is not', async () => {
  const { file, out } = await envFile({ name: 'renamed', apps: { 'financial-rise': fr({ secrets: { smokePassword: 'MY_VAR' } }) } });
  const { FR_SMOKE_PASSWORD: _, ...rest } = FR_SECRETS;
  const missing = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'smoke', '--out', out], {
    ...rest,
    FR_SMOKE_PASSWORD: 'Ignored-pass-1',
    CHROME_PATH: process.execPath,
  });
  refused(missing, out);
  assert.match(missing.stderr, /MY_VAR: not set \(password of the smoke consultant/);
  assert.doesNotMatch(missing.stderr, /FR_SMOKE_PASSWORD/);
  // With MY_VAR set the secret is found: only the (unreachable) inbox is left to complain about.
  const found = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'smoke', '--out', out], {
    ...rest,
    MY_VAR: 'Renamed-pass-1',
    CHROME_PATH: process.execPath,
  });
  refused(found, out);
  assert.doesNotMatch(found.stderr, /MY_VAR|FR_SMOKE_PASSWORD/);
  assert.match(found.stderr, /apps\.financial-rise\.mail: no inbox configured/);
});

// README: "mail.kind is maildev (REST under /api), mailpit (REST under /api/v1) or imap (host, port, secure, userEnv, passwordEnv)."
test('mail.kind: maildev, mailpit and imap are accepted and probed by kind; another kind and a bad imap block are refused', async () => {
  const closed = await refusedPort();
  for (const kind of ['maildev', 'mailpit']) {
    const { file, out } = await envFile({ name: kind, apps: { 'financial-rise': fr({ mail: { kind, url: `http://127.0.0.1:${closed}` } }) } });
    const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'smoke', '--out', out], {
      ...FR_SECRETS,
      CHROME_PATH: process.execPath,
    });
    refused(r, out);
    assert.ok(r.stderr.includes(`apps.financial-rise.mail: the ${kind} inbox does not answer: http://127.0.0.1:${closed}`), r.stderr);
  }
  const imap = { kind: 'imap', host: '127.0.0.1', port: closed, secure: false, userEnv: 'QA_IMAP_USER', passwordEnv: 'QA_IMAP_PASSWORD' };
  const i = await envFile({ name: 'imap', apps: { 'financial-rise': fr({ mail: imap }) } });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', i.file, '--only', 'smoke', '--out', i.out], {
    ...FR_SECRETS,
    CHROME_PATH: process.execPath,
  });
  refused(r, i.out);
  assert.match(r.stderr, /QA_IMAP_USER: not set \(IMAP mailbox/);
  assert.match(r.stderr, /QA_IMAP_PASSWORD: not set \(IMAP mailbox/);
  const bad = await envFile({
    name: 'badmail',
    apps: {
      'financial-rise': fr({ mail: { kind: 'mailhog', url: base } }),
      flowcomply: fr({ mail: { kind: 'imap', host: 'imap.example.test', userEnv: 'qa-user' } }),
    },
  });
  const b = await cli(['verify', '--app', 'all', '--env', bad.file, '--only', 'monitoring', '--out', bad.out]);
  refused(b, bad.out);
  includesAll(b.stderr, [
    'apps.financial-rise.mail.kind',
    'apps.flowcomply.mail.userEnv: must be an environment variable name',
    'apps.flowcomply.mail.passwordEnv',
  ]);
});

// README (Secrets): "Passwords and tokens shorter than 8 characters (the account passwords above, the IMAP password) are refused before anything runs (exit 3, naming the variable, never the value)"
test('a short IMAP password is refused through the CLI: exit 3, the variable named, never the value', async () => {
  const imap = { kind: 'imap', host: '127.0.0.1', port: await refusedPort(), userEnv: 'QA_IMAP_USER', passwordEnv: 'QA_IMAP_PASSWORD' };
  const { file, out } = await envFile({ name: 'imap-short', apps: { 'financial-rise': fr({ mail: imap }) } });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'smoke', '--out', out], {
    ...FR_SECRETS,
    CHROME_PATH: process.execPath,
    QA_IMAP_USER: 'qa@example.test',
    QA_IMAP_PASSWORD: 'pw1234',
  });
  refused(r, out);
  assert.match(r.stderr, /QA_IMAP_PASSWORD: is 6 characters long/);
  assert.ok(!(r.stdout + r.stderr).includes('pw1234'), 'the value is never printed');
});

// README: "routes overrides any route of the app profile ...; a key the profile does not have is an error."
test('routes: a known route may be overridden; an unknown key or a path without "/" is an error', async () => {
  const { file, out } = await envFile({ name: 'routes', apps: { 'financial-rise': fr({ routes: { healht: '/health', health: 'health' } }) } });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--out', out]);
  refused(r, out);
  includesAll(r.stderr, [
    'apps.financial-rise.routes.healht',
    '`apps.financial-rise.routes.health`',
    'apps.financial-rise.routes.health: must be a path starting with "/"',
  ]);
  const ok = await envFile({ name: 'routes-ok', apps: { 'financial-rise': fr({ routes: { health: '/api/health' }, statusPageUrl: `${base}/status/ok` }) } });
  const g = await cli(['verify', '--app', 'financial-rise', '--env', ok.file, '--only', 'monitoring', '--out', ok.out]);
  assert.notEqual(g.code, 3, g.stderr);
});

// README: "databaseUrlEnv": "FR_DATABASE_URL" / "(names set by databaseUrlEnv)"
test('databaseUrlEnv: the configured name is the variable asked for; not a variable name is refused', async () => {
  const { file, out } = await envFile({ name: 'db', apps: { 'financial-rise': fr({ databaseUrlEnv: 'QA_FR_DB' }) } });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'db', '--out', out], { FR_DATABASE_URL: 'postgres://ro@127.0.0.1:9/fr' });
  refused(r, out);
  assert.match(r.stderr, /QA_FR_DB: not set \(read-only database URL of financial-rise, needed by the db phase\)/);
  const none = await envFile({ name: 'db-none', apps: { 'financial-rise': fr() } });
  const n2 = await cli(['verify', '--app', 'financial-rise', '--env', none.file, '--only', 'db', '--out', none.out]);
  refused(n2, none.out);
  assert.match(n2.stderr, /apps\.financial-rise\.databaseUrlEnv: not configured/);
  const bad = await envFile({ name: 'db-bad', apps: { 'financial-rise': fr({ databaseUrlEnv: 'fr-db-url' }) } });
  const b = await cli(['verify', '--app', 'financial-rise', '--env', bad.file, '--only', 'monitoring', '--out', bad.out]);
  refused(b, bad.out);
  assert.match(b.stderr, /apps\.financial-rise\.databaseUrlEnv: must be an environment variable name/);
});

// README: "thresholds (overrides of the profile's AWS/TLS limits)"; the verdict records the policy it applied.
test('thresholds: an override reaches the policy in verdict.json; an unknown key is exit 3', async () => {
  const { file, out } = await envFile({
    name: 'thr',
    apps: { 'financial-rise': fr({ statusPageUrl: `${base}/status/ok`, thresholds: { tls: { minDaysLeft: 7 }, metrics: { albP95Ms: 450 } } }) },
  });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--out', out]);
  assert.notEqual(r.code, 3, r.stderr);
  const v = await verdictUnder(out);
  assert.equal(v.policy.thresholds.tls.minDaysLeft, 7);
  assert.equal(v.policy.thresholds.metrics.albP95Ms, 450);
  assert.equal(v.policy.thresholds.logs.retentionDays, 30, "the rest stays the profile's");
  const bad = await envFile({ name: 'thr-bad', apps: { 'financial-rise': fr({ thresholds: { tls: { minDaysLeft: 'soon' } } }) } });
  const b = await cli(['verify', '--app', 'financial-rise', '--env', bad.file, '--only', 'monitoring', '--out', bad.out]);
  refused(b, bad.out);
  assert.match(b.stderr, /apps\.financial-rise\.thresholds\.tls\.minDaysLeft/);
});

// README: "tls ({ "endpoints": [...], "caFile": ... }): ... a non-https URL or a path is an error. ... a file that cannot be read or holds no certificate is an error, exit 3, never ignored"
test('tls: https endpoints and a readable caFile are accepted; an http endpoint and a missing caFile are exit 3, both named', async () => {
  const ca = join(dir, 'staging-ca.pem');
  await writeFile(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  const { file, out } = await envFile({
    name: 'tls',
    apps: { 'financial-rise': fr({ statusPageUrl: `${base}/status/ok`, tls: { endpoints: ['https://app.example.test'], caFile: ca } }) },
  });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--out', out]);
  assert.notEqual(r.code, 3, r.stderr);
  const bad = await envFile({
    name: 'tls-bad',
    apps: { 'financial-rise': fr({ tls: { endpoints: ['http://app.example.test'], caFile: join(dir, 'no-such-ca.pem') } }) },
  });
  const b = await cli(['verify', '--app', 'financial-rise', '--env', bad.file, '--only', 'monitoring', '--out', bad.out]);
  refused(b, bad.out);
  includesAll(b.stderr, ['apps.financial-rise.tls.endpoints.0: must be an https URL', 'apps.financial-rise.tls.caFile: cannot read']);
});

// README: "errorLines ...: "textPatterns": [...], "minNumericLevel": 60, "cloudWatchFilters": [...]; a pattern that is not a regular expression is a config error."
test('errorLines: a valid replacement is accepted; a pattern that is not a regular expression is exit 3, naming the key', async () => {
  const good = await envFile({
    name: 'el',
    apps: { 'financial-rise': fr({ statusPageUrl: `${base}/status/ok`, errorLines: { textPatterns: ['/\\bE\\d{4}\\b/'], minNumericLevel: 60 } }) },
  });
  const g = await cli(['verify', '--app', 'financial-rise', '--env', good.file, '--only', 'monitoring', '--out', good.out]);
  assert.notEqual(g.code, 3, g.stderr);
  const bad = await envFile({ name: 'el-bad', apps: { 'financial-rise': fr({ errorLines: { textPatterns: ['(unclosed'] } }) } });
  const b = await cli(['verify', '--app', 'financial-rise', '--env', bad.file, '--only', 'monitoring', '--out', bad.out]);
  refused(b, bad.out);
  assert.match(b.stderr, /apps\.financial-rise\.errorLines\.textPatterns\.0: not a regular expression/);
});

// README: "commands (migrate / seed / build-push for postflight deploy: { "run": [argv], "cwd"?, "timeoutMinutes"? })"
test('commands: run is a non-empty argv, timeoutMinutes a bounded number, only known steps', async () => {
  const { file, out } = await envFile({
    name: 'cmd',
    apps: {
      'financial-rise': fr({
        commands: { migrate: { run: [] }, seed: { run: ['npm', 'run', 'seed'], timeoutMinutes: 1000 }, 'build-push': { run: 'make push' } },
      }),
    },
  });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--out', out]);
  refused(r, out);
  includesAll(r.stderr, [
    'apps.financial-rise.commands.migrate.run',
    'apps.financial-rise.commands.seed.timeoutMinutes',
    'apps.financial-rise.commands.build-push.run',
  ]);
  const ok = await envFile({
    name: 'cmd-ok',
    apps: {
      'financial-rise': fr({ statusPageUrl: `${base}/status/ok`, commands: { migrate: { run: ['npm', 'run', 'migrate'], cwd: '.', timeoutMinutes: 5 } } }),
    },
  });
  const g = await cli(['verify', '--app', 'financial-rise', '--env', ok.file, '--only', 'monitoring', '--out', ok.out]);
  assert.notEqual(g.code, 3, g.stderr);
});

// README: "Other fields of an app target: release, expectedMigrations, deployedAt, appLogFile, statusPageUrl, releaseRepo, staging ..."
test('other fields of an app target are accepted, bad values refused', async () => {
  const fields = {
    release: '1.2.3',
    expectedMigrations: ['20260101_init'],
    deployedAt: '2026-11-25T02:30:00Z',
    appLogFile: './app.log',
    statusPageUrl: `${base}/status/ok`,
    releaseRepo: '../repo.git',
    staging: { envName: 'staging', apiUrl: base },
    expectedMigration: 'AddReportsTable',
    mailDomain: 'smoke.qa.example.test',
    allowLoad: true,
  };
  const { file, out } = await envFile({
    name: 'fields',
    apps: { 'financial-rise': fr(fields) },
    aws: { region: 'us-east-1' },
    retries: 1,
    flakyBlocksGo: false,
    deadlineMinutes: 5,
  });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--out', out]);
  assert.notEqual(r.code, 3, r.stderr);
  const bad = await envFile({
    name: 'fields-bad',
    apps: {
      'financial-rise': fr({
        expectedMigrations: [''],
        releaseRepo: 'https://u:Secret-9x@git.example.test/r.git',
        staging: { apiUrl: base },
        allowLoad: 'yes',
      }),
    },
  });
  const b = await cli(['verify', '--app', 'financial-rise', '--env', bad.file, '--only', 'monitoring', '--out', bad.out]);
  refused(b, bad.out);
  includesAll(b.stderr, [
    'apps.financial-rise.expectedMigrations.0',
    'apps.financial-rise.releaseRepo: holds credentials',
    'apps.financial-rise.staging.envName',
    'apps.financial-rise.allowLoad',
  ]);
  assert.ok(!b.stderr.includes('Secret-9x'));
});

// README (verify flags): "--deployed-at ISO"; app target: "deployedAt (ISO time the deploy finished)"
test('--deployed-at and deployedAt must be ISO times, exit 3', async () => {
  const { file, out } = await envFile({ name: 'when', apps: { 'financial-rise': fr({ deployedAt: 'last night' }) } });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--deployed-at', 'yesterday', '--out', out]);
  refused(r, out);
  includesAll(r.stderr, ['--deployed-at: "yesterday" is not a date', 'apps.financial-rise.deployedAt']);
});

// README (verify flags): "--retries N | retries of a failing smoke check (0-3)"; top level "retries"
test('retries in the environment is 0-3, like --retries', async () => {
  const { file, out } = await envFile({ name: 'retries', retries: 4, apps: { 'financial-rise': fr() } });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--retries', '-1', '--out', out]);
  refused(r, out);
  includesAll(r.stderr, ['retries: Too big', '--retries']);
});

// README (verify flags): "--lighthouse-runs N", "--load-duration S"
test('bad numbers for --lighthouse-runs / --load-duration are exit 3', async () => {
  const { file, out } = await envFile({ name: 'nums', apps: { 'financial-rise': fr() } });
  const r = await cli([
    'verify',
    '--app',
    'financial-rise',
    '--env',
    file,
    '--only',
    'monitoring',
    '--lighthouse-runs',
    '0',
    '--load-duration',
    'ten',
    '--out',
    out,
  ]);
  refused(r, out);
  includesAll(r.stderr, ['--lighthouse-runs', '--load-duration']);
});

// README (verify flags): "--flaky-blocks-go / --flaky-allowed | whether a flaky pass may still give GO (default: the environment's flakyBlocksGo)"
test('flakyBlocksGo and --flaky-allowed: the environment sets the default, the flag wins, both flags together are refused', async () => {
  const { file } = await envFile({ name: 'flaky', flakyBlocksGo: false, apps: { 'financial-rise': fr({ statusPageUrl: `${base}/status/ok` }) } });
  const fromEnv = join(dir, 'flaky-env');
  assert.notEqual((await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--out', fromEnv])).code, 3);
  assert.equal((await verdictUnder(fromEnv)).policy.flakyBlocksGo, false);
  const fromFlag = join(dir, 'flaky-flag');
  assert.notEqual((await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--flaky-blocks-go', '--out', fromFlag])).code, 3);
  assert.equal((await verdictUnder(fromFlag)).policy.flakyBlocksGo, true);
  const both = await cli([
    'verify',
    '--app',
    'financial-rise',
    '--env',
    file,
    '--only',
    'monitoring',
    '--flaky-blocks-go',
    '--flaky-allowed',
    '--out',
    join(dir, 'flaky-both'),
  ]);
  refused(both, join(dir, 'flaky-both'));
  assert.match(both.stderr, /--flaky-blocks-go: cannot be combined with --flaky-allowed/);
});

// -------------------------------------------------------------------- runs against a local target

// README: "statusPageUrl (must read "All Systems Operational")"
test('statusPageUrl: a page reading "All Systems Operational" passes fr.mon.uptime, another headline fails it', async () => {
  const ok = await envFile({ name: 'status', apps: { 'financial-rise': fr({ statusPageUrl: `${base}/status/ok` }) } });
  await cli(['verify', '--app', 'financial-rise', '--env', ok.file, '--only', 'monitoring', '--out', ok.out]);
  const pass = check(await verdictUnder(ok.out), 'fr.mon.uptime');
  assert.equal(pass.status, 'pass', pass.message);
  const bad = await envFile({ name: 'status', apps: { 'financial-rise': fr({ statusPageUrl: `${base}/status/degraded` }) } });
  await cli(['verify', '--app', 'financial-rise', '--env', bad.file, '--only', 'monitoring', '--out', bad.out]);
  const fail = check(await verdictUnder(bad.out), 'fr.mon.uptime');
  assert.equal(fail.status, 'fail', fail.message);
  assert.match(fail.message, /Partial Outage/);
});

// README (verify flags): "--only | phases to run"; "--out DIR | where run folders go"
test('--only picks the phases that run; the run folder is under --out', async () => {
  const { file, out } = await envFile({ name: 'only', apps: { 'financial-rise': fr({ statusPageUrl: `${base}/status/ok` }) } });
  await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--out', out]);
  const v = await verdictUnder(out);
  assert.deepEqual(v.run.phases, ['monitoring']);
  assert.ok(
    (v.checks as Array<{ phase: string }>).every((c) => c.phase === 'monitoring'),
    'only monitoring checks ran',
  );
  assert.equal(v.run.env, 'only');
});

// README (verify flags): "--json | print the verdicts as JSON"
test('--json prints the verdicts as JSON: one entry per app with its decision, run folder and reasons; exit code is the verdict', async () => {
  const { file, out } = await envFile({ name: 'json', apps: { 'financial-rise': fr({ statusPageUrl: `${base}/status/ok` }) } });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--json', '--out', out]);
  const parsed = JSON.parse(r.stdout) as Array<{
    app: string;
    runDir: string;
    decision: string;
    reasons: string[];
    counts: Record<string, number>;
    rollback: { recommendation: string };
  }>;
  assert.equal(parsed.length, 1);
  assert.equal(parsed[0]!.app, 'financial-rise');
  assert.ok(parsed[0]!.runDir.startsWith(out), parsed[0]!.runDir);
  assert.ok(existsSync(join(parsed[0]!.runDir, 'verdict.json')));
  assert.ok(['GO', 'NO-GO', 'INCONCLUSIVE'].includes(parsed[0]!.decision));
  assert.equal(r.code, { GO: 0, 'NO-GO': 1, INCONCLUSIVE: 2 }[parsed[0]!.decision]);
  assert.ok(Array.isArray(parsed[0]!.reasons) && typeof parsed[0]!.counts.pass === 'number' && parsed[0]!.rollback.recommendation);
});

// README: "waive: ... A waived item is never a pass and never blocks GO: its check is waived, and ... verdict.json (waivers) ... list it ... with the reason and the environment that waived it."
test('waive: a waived check is "waived" in verdict.json, listed in waivers with the reason and the environment', async () => {
  const { file, out } = await envFile({
    name: 'waiver-env',
    apps: { 'financial-rise': fr({ statusPageUrl: `${base}/status/ok`, waive: { 'fr.mon.alarms': 'no CloudWatch in this QA account' } }) },
  });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--out', out]);
  assert.notEqual(r.code, 3, r.stderr);
  const v = await verdictUnder(out);
  assert.equal(check(v, 'fr.mon.alarms').status, 'waived');
  const w = JSON.stringify(v.waivers);
  includesAll(w, ['fr.mon.alarms', 'no CloudWatch in this QA account', 'waiver-env']);
  assert.match(r.stdout, /not verified by the gate/);
});

// README (verify flags): "--deadline MIN | overall time limit ... (default: the environment's deadlineMinutes, else 20); then ... unfinished checks are gate errors and the evidence is sealed"
test('deadlineMinutes in the environment limits the run, and --deadline wins over it', async () => {
  const { file } = await envFile({ name: 'deadline', deadlineMinutes: 0.03, apps: { 'financial-rise': fr({ statusPageUrl: `${base}/status/hang` }) } });
  const fromEnv = join(dir, 'deadline-env');
  const a = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--out', fromEnv]);
  assert.equal(a.code, 2, a.stdout + a.stderr);
  assert.ok(a.ms < 9000, `a 2 s deadline, but the run took ${a.ms} ms (the hanging request was not stopped)`);
  const ea = check(await verdictUnder(fromEnv), 'fr.mon.uptime');
  assert.equal(ea.status, 'error');
  assert.match(ea.message, /deadline of 2 s \(deadlineMinutes in the environment\)/);
  const fromFlag = join(dir, 'deadline-flag');
  const b = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'monitoring', '--deadline', '0.05', '--out', fromFlag]);
  assert.equal(b.code, 2, b.stdout + b.stderr);
  assert.match(check(await verdictUnder(fromFlag), 'fr.mon.uptime').message, /deadline of 3 s \(--deadline\)/);
});

// README (Other environment variables): "POSTFLIGHT_LIGHTHOUSE_RUNS, POSTFLIGHT_LOAD_DURATION_S, POSTFLIGHT_LOAD_VUS | what --lighthouse-runs / --load-duration set; VUs default to the profile's 10"
// README (verify flags): "--load-duration S | shorten the load test (...; the evidence records what ran)"
test('POSTFLIGHT_LOAD_DURATION_S and POSTFLIGHT_LOAD_VUS set the load test, --load-duration wins; the evidence records what ran', {
  timeout: 60_000,
}, async () => {
  const { file } = await envFile({ name: 'load', apps: { 'financial-rise': fr() } });
  const run = async (name: string, extraArgs: string[], env: Record<string, string>) => {
    const out = join(dir, name);
    const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'load', '--load-engine', 'embedded', ...extraArgs, '--out', out], {
      ...FR_SECRETS,
      ...env,
    });
    assert.notEqual(r.code, 3, r.stderr);
    return { r, load: check(await verdictUnder(out), 'fr.load.k6') };
  };
  const fromEnv = await run('load-env', [], { POSTFLIGHT_LOAD_DURATION_S: '1', POSTFLIGHT_LOAD_VUS: '2' });
  assert.match(fromEnv.r.stdout, /2 connections x 1 s/);
  assert.match(fromEnv.load.message, /2 VUs x 1 s/);
  const fromFlag = await run('load-flag', ['--load-duration', '2'], { POSTFLIGHT_LOAD_DURATION_S: '30', POSTFLIGHT_LOAD_VUS: '1' });
  assert.match(fromFlag.r.stdout, /1 connections x 2 s/);
  const byDefault = await run('load-default', ['--load-duration', '1'], {});
  assert.match(byDefault.r.stdout, /10 connections x 1 s/, "VUs default to the profile's 10");
});

// README (Load tests with k6): "POSTFLIGHT_LOAD_RATE (requests/s in total; ... the embedded engine paces in whole requests per second and refuses a rate below 1/s)"
test('POSTFLIGHT_LOAD_RATE below 1/s: the embedded engine refuses it (the load check is an error naming the rate, exit 2), sending no load', {
  timeout: 60_000,
}, async () => {
  const { file, out } = await envFile({ name: 'rate', apps: { 'financial-rise': fr() } });
  const r = await cli(
    ['verify', '--app', 'financial-rise', '--env', file, '--only', 'load', '--load-engine', 'embedded', '--load-duration', '1', '--out', out],
    { ...FR_SECRETS, POSTFLIGHT_LOAD_RATE: '0.5' },
  );
  assert.equal(r.code, 2, r.stdout + r.stderr);
  const load = check(await verdictUnder(out), 'fr.load.k6');
  assert.equal(load.status, 'error');
  assert.match(load.message, /paced at 0\.5 requests\/s; the embedded engine paces in whole requests per second/);
});

// README (Other environment variables): "K6_BIN | the k6 binary (default: k6 on PATH); with none, auto uses the embedded engine"
test('K6_BIN: a K6_BIN that is not executable with --load-engine k6 is exit 3 naming it; auto falls back to the embedded engine', {
  timeout: 60_000,
}, async () => {
  const { file, out } = await envFile({ name: 'k6', apps: { 'financial-rise': fr() } });
  const r = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'load', '--load-engine', 'k6', '--out', out], {
    ...FR_SECRETS,
    K6_BIN: join(dir, 'no-k6'),
  });
  refused(r, out);
  assert.match(r.stderr, /k6: --load-engine k6 asks for k6, but none was found/);
  assert.ok(r.stderr.includes(`K6_BIN=${join(dir, 'no-k6')}`), r.stderr);
  const auto = join(dir, 'k6-auto');
  const a = await cli(['verify', '--app', 'financial-rise', '--env', file, '--only', 'load', '--load-duration', '1', '--out', auto], {
    ...FR_SECRETS,
    K6_BIN: join(dir, 'no-k6'),
  });
  assert.notEqual(a.code, 3, a.stderr);
  assert.match(a.stdout, /load: embedded engine/);
});

// ------------------------------------------------------------------------------------ help + other commands

// README: the flag tables of verify, cleanup, setup, deploy and rollback.
test("every flag of the README tables is in the command's --help", async () => {
  const flags: Record<string, string[]> = {
    verify: [
      '--app',
      '--env',
      '--only',
      '--out',
      '--load-engine',
      '--retries',
      '--flaky-blocks-go',
      '--flaky-allowed',
      '--lighthouse-runs',
      '--load-duration',
      '--deployed-at',
      '--deadline',
      '--json',
    ],
    cleanup: ['--app', '--env', '--dry-run', '--older-than'],
    setup: ['--check', '--for'],
    deploy: ['--app', '--env', '--release', '--dry-run', '--auto-rollback', '--resume', '--confirm-production'],
    rollback: ['--app', '--env', '--procedure', '--to', '--dry-run', '--confirm-data-loss'],
  };
  for (const [command, want] of Object.entries(flags)) {
    const r = await cli([command, '--help']);
    assert.equal(r.code, 0, `${command} --help: ${r.stderr}`);
    for (const flag of want) assert.ok(r.stdout.includes(flag), `${command} --help lacks ${flag}:\n${r.stdout}`);
  }
  const top = await cli(['--help']);
  for (const command of ['verify', 'preflight', 'sandbox', 'faults', 'doctor', 'setup', 'cleanup', 'deploy', 'rollback', 'demo'])
    assert.ok(top.stdout.includes(command), `--help lacks ${command}`);
});

// README (cleanup): "--older-than MINUTES ...; 3 bad input (flags, config, missing secret; nothing was touched)"
test('cleanup: bad --older-than, a bad environment and missing secrets are exit 3 together', async () => {
  const { file } = await envFile({ name: 'cleanup', apps: { 'financial-rise': fr({ colour: 'blue' }) } });
  const r = await cli(['cleanup', '--app', 'financial-rise', '--env', file, '--older-than', 'soon']);
  assert.equal(r.code, 3, r.stdout + r.stderr);
  includesAll(r.stderr, ['--older-than', 'apps.financial-rise.colour: unknown key', 'FR_SMOKE_EMAIL']);
});

// README (doctor): "Exit 0 when the gate can run as configured, 1 with the list, 3 for bad input."
test('doctor --env with a bad environment is exit 3 and names the problem', async () => {
  const { file } = await envFile({ name: 'doc', apps: { 'financial-rise': fr({ routes: { healht: '/health' } }) } });
  const r = await cli(['doctor', '--env', file, '--app', 'financial-rise']);
  assert.equal(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /apps\.financial-rise\.routes\.healht/);
});

// README (setup): "--for demo (default) or --for test says what the tools are for"
test('setup --for takes demo or test; anything else is exit 3', async () => {
  const r = await cli(['setup', '--check', '--for', 'prod']);
  assert.equal(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /--for/);
});
