/**
 * Preflight through the real CLI process: every prerequisite problem of the selected phases
 * exits 3 before anything runs — no run folder, no check — and says what to do, including
 * "leave the phase out with --only". `--out` problems answer at once (bounded probes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { refusedPort } from './fixtures/refused-port.ts';

const FC_SECRETS = {
  FC_SMOKE_EMAIL: 'smoke@fc.test',
  FC_SMOKE_PASSWORD: 'Sm0ke-pass-1',
  FC_ADMIN_EMAIL: 'admin@fc.test',
  FC_ADMIN_PASSWORD: 'Adm1n-pass-1',
  FC_THROWAWAY_EMAIL: 'throw@fc.test',
  FC_THROWAWAY_PASSWORD: 'Thr0w-pass-1',
};

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * A machine without Chromium, as seen by one process: in its own mount namespace the Debian
 * binary is covered by /dev/null (not executable), so the gate's search finds nothing there.
 */
const WITHOUT_CHROMIUM = [
  '/usr/bin/unshare',
  '--mount',
  '/bin/sh',
  '-c',
  '[ -e /usr/bin/chromium ] && /bin/mount --bind /dev/null /usr/bin/chromium; exec "$0" "$@"',
];

/** The real bin, a minimal environment (PATH holds node only: no Chromium, no k6). */
function cli(args: string[], env: NodeJS.ProcessEnv = {}, opts: { withoutChromium?: boolean } = {}): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve) => {
    const [cmd, ...argv] = [...(opts.withoutChromium ? WITHOUT_CHROMIUM : []), process.execPath, 'bin/postflight.mjs', ...args];
    const child = spawn(cmd!, argv, { env: { PATH: dirname(process.execPath), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const kill = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => (clearTimeout(kill), resolve({ code, stdout, stderr, ms: Date.now() - started })));
  });
}

async function envFile(target: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<{ dir: string; file: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'pf-preflight-'));
  const file = join(dir, 'env.json');
  await writeFile(
    file,
    JSON.stringify({
      name: 'pf',
      apps: { flowcomply: { apiUrl: 'http://127.0.0.1:9', webUrl: 'http://127.0.0.1:9', databaseUrlEnv: 'FC_DATABASE_URL', ...target } },
      ...extra,
    }),
  );
  return { dir, file, out: join(dir, 'out') };
}

function nothingRan(r: Ran, out: string) {
  assert.equal(r.code, 3, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /nothing was run/);
  assert.ok(!existsSync(out), `a run folder was created under ${out}`);
  assert.doesNotMatch(r.stdout, /smoke\.\.\.|db\.\.\./, 'no phase started');
}

test('no Chromium (CHROME_PATH pointing nowhere): verify --only smoke exits 3 and names Chromium, with the fix', async () => {
  const { file, out } = await envFile({});
  const r = await cli(['verify', '--app', 'flowcomply', '--env', file, '--only', 'smoke', '--out', out], {
    ...FC_SECRETS,
    CHROME_PATH: '/nonexistent/chromium',
  });
  nothingRan(r, out);
  assert.match(r.stderr, /Chromium: no Chromium executable for smoke \(looked at CHROME_PATH=\/nonexistent\/chromium\)/);
  assert.match(r.stderr, /apt-get install chromium, or set CHROME_PATH=/);
  assert.match(r.stderr, /--only/);
  assert.doesNotMatch(r.stderr, /playwright install/);
});

test('no Chromium on PATH or in /usr/bin and CHROME_PATH unset: verify --only smoke exits 3 and names Chromium', {
  skip: !existsSync('/usr/bin/unshare') && 'needs unshare to hide /usr/bin/chromium',
}, async () => {
  const { file, out } = await envFile({});
  const r = await cli(['verify', '--app', 'flowcomply', '--env', file, '--only', 'smoke', '--out', out], FC_SECRETS, { withoutChromium: true });
  nothingRan(r, out);
  assert.match(r.stderr, /no Chromium executable for smoke/);
  assert.match(r.stderr, /apt-get install chromium/);
  assert.doesNotMatch(r.stderr, /playwright install/);
});

test('a missing secret exits 3 listing it, and how to do without the phase', async () => {
  const { file, out } = await envFile({});
  const { FC_ADMIN_PASSWORD: _, ...secrets } = FC_SECRETS;
  const r = await cli(['verify', '--app', 'flowcomply', '--env', file, '--only', 'smoke', '--out', out], { ...secrets, CHROME_PATH: process.execPath });
  nothingRan(r, out);
  assert.match(r.stderr, /FC_ADMIN_PASSWORD: not set .*needed by flowcomply for smoke/);
  assert.match(r.stderr, /leave smoke out with --only/);
  assert.doesNotMatch(r.stderr, /FC_SMOKE_EMAIL/, 'a set secret is not listed');
});

test('db selected without its database URL exits 3 (it used to warn, run and exit 2)', async () => {
  const { file, out } = await envFile({});
  const r = await cli(['verify', '--app', 'flowcomply', '--env', file, '--only', 'db', '--out', out]);
  nothingRan(r, out);
  assert.match(r.stderr, /FC_DATABASE_URL: not set .*db phase/);
});

test('--out under /proc and on a file: exit 3 at once, one problem, nothing created', async () => {
  const { dir, file } = await envFile({});
  for (const out of ['/proc/postflight-out/reports', file, join(file, 'below')]) {
    const r = await cli(['verify', '--app', 'flowcomply', '--env', file, '--only', 'db', '--out', out], { FC_DATABASE_URL: 'postgres://ro@127.0.0.1:9/fc' });
    assert.equal(r.code, 3, r.stderr);
    assert.ok(r.ms < 8000, `took ${r.ms} ms`);
    assert.match(r.stderr, /1 configuration problem; nothing was run/);
    assert.match(r.stderr, /--out: .*(kernel file system|is a file)/);
  }
  assert.ok(!existsSync(join(dir, 'out')));
});

test('credentials inside a URL are refused without printing the password', async () => {
  const { file, out } = await envFile({
    apiUrl: 'https://gate:Hunter2-Secret@fc.example.test',
    mail: { kind: 'mailpit', url: 'https://mail:Other-Secret9@mail.example.test' },
  });
  const r = await cli(['verify', '--app', 'flowcomply', '--env', file, '--only', 'db', '--out', out], { FC_DATABASE_URL: 'postgres://ro@127.0.0.1:9/fc' });
  nothingRan(r, out);
  assert.match(r.stderr, /apps\.flowcomply\.apiUrl: holds credentials/);
  assert.match(r.stderr, /apps\.flowcomply\.mail\.url: holds credentials/);
  for (const secret of ['Hunter2-Secret', 'Other-Secret9']) assert.ok(!(r.stdout + r.stderr).includes(secret), `printed ${secret}`);
});

test('an API URL with a path is refused: routes carry the full path', async () => {
  const { file, out } = await envFile({ apiUrl: 'https://fc.example.test/api/v1' });
  const r = await cli(['verify', '--app', 'flowcomply', '--env', file, '--only', 'db', '--out', out], { FC_DATABASE_URL: 'postgres://ro@127.0.0.1:9/fc' });
  nothingRan(r, out);
  assert.match(r.stderr, /apiUrl: must be an origin only .*routes/);
});

test('a non-local load target without allowLoad is refused before smoke or perf could touch it', async () => {
  const { file, out } = await envFile({ apiUrl: 'https://fc.example.test', webUrl: 'https://fc.example.test' });
  const r = await cli(['verify', '--app', 'flowcomply', '--env', file, '--only', 'load', '--out', out], FC_SECRETS);
  nothingRan(r, out);
  assert.match(r.stderr, /allowLoad: refused to generate load against fc\.example\.test/);
  assert.match(r.stderr, /leave load out with --only/);
});

test('--only "" (an empty CI variable) is an error, not the default phases', async () => {
  const { file, out } = await envFile({});
  const r = await cli(['verify', '--app', 'flowcomply', '--env', file, '--only', '', '--out', out], {
    ...FC_SECRETS,
    FC_DATABASE_URL: 'postgres://ro@127.0.0.1:9/fc',
  });
  nothingRan(r, out);
  assert.match(r.stderr, /--only: is empty/);
});

test('--load-engine k6 without k6 and an inbox that does not answer are listed together', async () => {
  const { file, out } = await envFile({}, {});
  const fr = await envFile({});
  const port = await refusedPort();
  await writeFile(
    fr.file,
    JSON.stringify({
      name: 'pf',
      apps: { 'financial-rise': { apiUrl: 'http://127.0.0.1:9', webUrl: 'http://127.0.0.1:9', mail: { kind: 'maildev', url: `http://127.0.0.1:${port}` } } },
    }),
  );
  const secrets = { FR_SMOKE_EMAIL: 's@fr.test', FR_SMOKE_PASSWORD: 'Sm0ke-pass-1', FR_ADMIN_EMAIL: 'a@fr.test', FR_ADMIN_PASSWORD: 'Adm1n-pass-1' };
  const r = await cli(['verify', '--app', 'financial-rise', '--env', fr.file, '--only', 'smoke,load', '--load-engine', 'k6', '--out', out], {
    ...secrets,
    CHROME_PATH: process.execPath,
  });
  nothingRan(r, out);
  assert.match(r.stderr, /k6: --load-engine k6 asks for k6, but none was found/);
  assert.match(r.stderr, new RegExp(`apps\\.financial-rise\\.mail: the maildev inbox does not answer: http://127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
  assert.ok(!existsSync(file.replace('env.json', 'out')));
});

test('--deadline must be a positive number of minutes', async () => {
  const { file, out } = await envFile({});
  const r = await cli(['verify', '--app', 'flowcomply', '--env', file, '--only', 'db', '--deadline', '0', '--out', out], {
    FC_DATABASE_URL: 'postgres://ro@127.0.0.1:9/fc',
  });
  nothingRan(r, out);
  assert.match(r.stderr, /--deadline: "0" is not a number of minutes/);
});

test('AWS-backed checks selected: AWS access that fails is found before anything runs, in bounded time', async () => {
  const port = await refusedPort();
  const aws = {
    cluster: 'c',
    backendService: 'b',
    frontendService: 'f',
    backendTaskFamily: 'bt',
    frontendTaskFamily: 'ft',
    dbInstance: 'd',
    logGroups: ['/ecs/fc'],
  };
  const { file, out } = await envFile({ aws }, { aws: { region: 'us-east-1', endpoint: `http://127.0.0.1:${port}` } });
  const r = await cli(['verify', '--app', 'flowcomply', '--env', file, '--only', 'monitoring', '--out', out], {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
  });
  nothingRan(r, out);
  assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
  assert.match(r.stderr, /AWS \(flowcomply, us-east-1\): the AWS access check failed: .*could not be reached/);
  assert.match(r.stderr, /leave monitoring out with --only/);
});

test('verify --only deploy: the gate owes no orchestrator-owned id (those are `postflight deploy` steps), so nothing is measured', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pf-preflight-'));
  const file = join(dir, 'env.json');
  const target = { apiUrl: 'http://127.0.0.1:9', webUrl: 'http://127.0.0.1:9' };
  await writeFile(file, JSON.stringify({ name: 'pf', apps: { 'financial-rise': target, flowcomply: target } }));
  const r = await cli(['verify', '--app', 'all', '--env', file, '--only', 'deploy', '--json', '--out', join(dir, 'out')]);
  assert.equal(r.code, 2, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  assert.doesNotMatch(
    r.stdout + r.stderr,
    /f[rc]\.(deploy|pre)\.[a-z-]+/,
    'no catalogue id is reported: fr.deploy.db-snapshot, fr.deploy.cdn and fc.pre.db-snapshot used to be errors',
  );
  const apps = JSON.parse(r.stdout) as Array<{ decision: string; counts: Record<string, number> }>;
  assert.deepEqual(
    apps.map((a) => a.decision),
    ['INCONCLUSIVE', 'INCONCLUSIVE'],
  );
  assert.deepEqual(
    apps.map((a) => Object.values(a.counts).reduce((n, c) => n + c, 0)),
    [0, 0],
  );
});
