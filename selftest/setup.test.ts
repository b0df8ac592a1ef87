/**
 * Setup on a fresh machine: which tools are missing, what setup installs or refuses, and the
 * sandbox refusing to start half-healthy. Through the real CLI where a person would see it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planSetup, requiredMissing, type ToolFinding } from '../src/host/setup-plan.ts';
import { TOOLS } from '../src/host/tools.ts';
import { startStatusPage } from '../sandbox/status-page.ts';

const spec = (tool: string) => TOOLS.find((t) => t.tool === tool)!;
const missing = (...tools: string[]): ToolFinding[] => TOOLS.map((s) => (tools.includes(s.tool) ? { spec: s } : { spec: s, found: `/usr/bin/${s.tool}` }));

test('planSetup: what is installed, by which installer, and what blocks', () => {
  const rows = [
    { name: 'nothing missing', findings: missing(), purpose: 'test' as const, can: { apt: true, pip: true }, apt: [], pip: [], blocked: [], optional: [] },
    {
      name: 'root with apt and pip: installs all',
      findings: missing('chromium', 'redis-server', 'moto_server'),
      purpose: 'test' as const,
      can: { apt: true, pip: true },
      apt: ['chromium', 'redis-server'],
      pip: ['moto[server]'],
      blocked: [],
      optional: [],
    },
    {
      name: 'no root: required tools block with their command',
      findings: missing('chromium', 'redis-server'),
      purpose: 'demo' as const,
      can: { apt: false, pip: true },
      apt: [],
      pip: [],
      blocked: ['chromium', 'redis-server'],
      optional: [],
    },
    {
      name: 'moto is optional for the demo: reported, never blocks',
      findings: missing('moto_server'),
      purpose: 'demo' as const,
      can: { apt: false, pip: false },
      apt: [],
      pip: [],
      blocked: [],
      optional: ['moto_server'],
    },
    {
      name: 'moto is required for the tests',
      findings: missing('moto_server'),
      purpose: 'test' as const,
      can: { apt: true, pip: false },
      apt: [],
      pip: [],
      blocked: ['moto_server'],
      optional: [],
    },
    {
      name: "openssl is required for the demo too: the sandbox issues its HTTPS faces' certificates",
      findings: missing('openssl'),
      purpose: 'demo' as const,
      can: { apt: false, pip: false },
      apt: [],
      pip: [],
      blocked: ['openssl'],
      optional: [],
    },
  ];
  for (const row of rows) {
    const plan = planSetup(row.findings, row.purpose, row.can);
    assert.deepEqual(
      plan.apt.map((i) => i.pkg),
      row.apt,
      row.name,
    );
    assert.deepEqual(
      plan.pip.map((i) => i.pkg),
      row.pip,
      row.name,
    );
    assert.deepEqual(
      plan.blocked.map((i) => i.tool),
      row.blocked,
      row.name,
    );
    assert.deepEqual(
      plan.optionalMissing.map((i) => i.tool),
      row.optional,
      row.name,
    );
  }
  const blocked = planSetup(missing('chromium'), 'demo', { apt: false, pip: false });
  assert.match(blocked.blocked[0]!.command, /apt-get install -y chromium.*CHROME_PATH/);
  assert.equal(requiredMissing(planSetup(missing('chromium'), 'demo', { apt: true, pip: true })), 1, 'installable still counts as missing for --check');
  assert.equal(spec('chromium').install.apt, 'chromium');
});

/** An environment in which none of the tools can be found, as on a fresh machine without them. */
async function bareEnv(): Promise<NodeJS.ProcessEnv> {
  const empty = await mkdtemp(join(tmpdir(), 'postflight-nopath-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: empty,
    CHROME_PATH: join(empty, 'chromium'),
    POSTFLIGHT_STATE_DIR: await mkdtemp(join(tmpdir(), 'postflight-setup-')),
  };
  delete env.REDIS_URL;
  return env;
}

test('setup --check on a machine missing tools lists each and exits 3', { timeout: 60_000 }, async () => {
  const res = spawnSync(process.execPath, ['bin/postflight.mjs', 'setup', '--check', '--for', 'test'], {
    env: await bareEnv(),
    encoding: 'utf8',
    timeout: 50_000,
  });
  assert.equal(res.status, 3, res.stdout + res.stderr);
  for (const tool of ['chromium', 'redis-server', 'moto_server', 'openssl', 'xmllint']) assert.match(res.stdout, new RegExp(`${tool}: missing`), tool);
  assert.match(res.stdout, /apt-get install -y chromium/);
  assert.doesNotMatch(res.stdout + res.stderr, /playwright install/);
});

test('setup refuses with the exact commands when it cannot install (no root tools on PATH)', { timeout: 60_000 }, async () => {
  const res = spawnSync(process.execPath, ['bin/postflight.mjs', 'setup', '--for', 'demo'], { env: await bareEnv(), encoding: 'utf8', timeout: 50_000 });
  assert.equal(res.status, 3, res.stdout + res.stderr);
  assert.match(res.stderr, /nothing was started/);
  assert.match(res.stderr, /chromium.*apt-get install -y chromium/);
  assert.match(res.stderr, /redis-server.*REDIS_URL/);
});

test('the sandbox without Redis refuses to start, at once, and leaves nothing behind', { timeout: 60_000 }, async () => {
  const env = await bareEnv();
  const started = Date.now();
  const res = spawnSync(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up'], { env, encoding: 'utf8', timeout: 50_000 });
  assert.equal(res.status, 3, res.stdout + res.stderr);
  assert.match(res.stderr, /needs Redis.*postflight setup.*REDIS_URL/);
  assert.ok(Date.now() - started < 20_000, 'refused before starting services');
  const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
  assert.ok(!ps.includes(env.POSTFLIGHT_STATE_DIR!), 'no process of that sandbox is left');
});

test('each app has its own status page: one app down never degrades the other', async () => {
  const serve = (status: number) =>
    new Promise<Server>((resolve) => {
      const s = createServer((_req, res) => res.writeHead(status).end()).listen(0, '127.0.0.1', () => resolve(s));
    });
  const [up, down] = await Promise.all([serve(200), serve(503)]);
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as { port: number }).port}`;
  const app = (s: Server) => ({ apiUrl: url(s), webUrl: url(s), release: '1.0.0', faults: [], databaseUrl: '', logFile: '', deployedAt: '' });
  const page = await startStatusPage({ 'financial-rise': app(up), flowcomply: app(down) });
  try {
    const text = async (path: string) => (await fetch(new URL(path, page.url))).text();
    assert.match(await text('financial-rise'), /All Systems Operational/);
    assert.match(await text('flowcomply'), /Degraded Performance/);
    assert.match(await text(''), /Degraded Performance/, 'the overview shows both');
    assert.equal((await fetch(new URL('nope', page.url))).status, 404);
  } finally {
    await page.stop();
    up.close();
    down.close();
  }
});

test('actionlint (the workflow lint of the tests) is built with Go when the machine has it, else its go install command is given', () => {
  const withGo = planSetup(missing('actionlint'), 'test', { apt: false, pip: false, go: '/usr/local/go/bin/go' });
  assert.deepEqual(
    withGo.go.map((i) => i.tool),
    ['actionlint'],
  );
  assert.match(withGo.go[0]!.pkg, /^github\.com\/rhysd\/actionlint\/cmd\/actionlint@v\d+\.\d+\.\d+$/);
  const noGo = planSetup(missing('actionlint'), 'test', { apt: true, pip: true });
  assert.match(noGo.blocked[0]!.command, /go install github\.com\/rhysd\/actionlint/);
  assert.deepEqual(planSetup(missing('actionlint'), 'demo', { apt: false, pip: false }).blocked, [], 'the demo does not need it');
  const noShellcheck = planSetup(missing('shellcheck'), 'test', { apt: false, pip: false });
  assert.deepEqual(
    noShellcheck.optionalMissing.map((i) => i.tool),
    ['shellcheck'],
    'optional: actionlint runs without it',
  );
});
