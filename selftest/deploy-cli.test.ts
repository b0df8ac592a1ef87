/**
 * `postflight deploy` / `postflight rollback` through the real CLI on the sandbox (issue 11
 * item 8, local half): refusals do nothing; dry-run makes no call; an alarm already in ALARM
 * stops the deploy at preflight; a NO-GO rolls back by itself and the previous release is
 * really served; procedure B really restores rows; a second concurrent deploy is refused; a
 * deploy killed with SIGKILL in the middle completes on --resume with one snapshot.
 * One sandbox (with moto when installed) serves every case, in order.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { main } from '../src/cli.ts';
import { replay } from '../src/evidence/journal/replay.ts';
import { localEnvironment, localPlatform, localSecretEnv, type SandboxState } from '../src/platforms/local/index.ts';
import { story } from '../src/orchestrator/report.ts';

const ROOT = new URL('..', import.meta.url).pathname;
let dir: string;
let env: NodeJS.ProcessEnv;
let state: SandboxState;
let out: string;
const local = () => localPlatform(env);

async function cli(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let o = '';
  let e = '';
  const code = await main(args, { out: (t) => void (o += `${t}\n`), err: (t) => void (e += `${t}\n`), env: { ...env, ...extra, CI: '1' }, cwd: dir });
  return { code, out: o, err: e };
}

async function sql(url: string, text: string): Promise<Array<Record<string, unknown>>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

const deploys = (app: string) => {
  const root = join(out, 'deploys', app, 'local');
  return existsSync(root) ? readdirSync(root).sort() : [];
};
const journalOf = (app: string, runId: string) =>
  replay(
    readFileSync(join(out, 'deploys', app, 'local', runId, 'journal.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean),
  );
const version = async (app: 'financial-rise' | 'flowcomply') => {
  const s = (await local().status())!.apps![app];
  const path = app === 'financial-rise' ? '/api/v1/health' : '/health';
  return ((await (await fetch(`${s.apiUrl}${path}`)).json()) as { version?: string }).version ?? s.release;
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postflight-deploy-'));
  out = join(dir, 'reports');
  env = { ...process.env, POSTFLIGHT_STATE_DIR: join(dir, 'state') };
  state = await local().up({ aws: Boolean(await local().findMoto()) });
});

after(async () => {
  await local().down();
});

test('refusals: production without --confirm-production, bad input, data loss without --confirm-data-loss; nothing is done', { timeout: 60_000 }, async () => {
  const prod = await cli(['deploy', '--app', 'financial-rise', '--env', 'production', '--release', '1.0.2']);
  assert.equal(prod.code, 3);
  assert.match(prod.err, /--env production: refused without --confirm-production/);
  const bad = await cli(['deploy', '--app', 'all', '--env', 'local', '--release', 'latest']);
  assert.equal(bad.code, 3);
  assert.match(bad.err, /a deploy acts on one app/);
  const prodRollback = await cli(['rollback', '--app', 'flowcomply', '--env', 'production', '--procedure', 'option-1']);
  assert.equal(prodRollback.code, 3);
  assert.match(prodRollback.err, /--confirm-production/);
  const option3 = await cli(['rollback', '--app', 'flowcomply', '--env', 'local', '--procedure', 'option-3']);
  assert.equal(option3.code, 3);
  assert.match(option3.out, /never run automatically[\s\S]*terraform apply/);
  assert.deepEqual(deploys('financial-rise'), []);
  assert.deepEqual(deploys('flowcomply'), []);
});

test('--dry-run prints every call and makes none', { timeout: 60_000 }, async () => {
  const before = await local().history();
  const r = await cli(['deploy', '--app', 'financial-rise', '--env', 'local', '--release', '1.0.2', '--dry-run', '--out', out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /sandbox snapshot .*pre-deploy-/);
  assert.match(r.out, /sandbox deploy \{"app":"financial-rise","release":"1.0.2","role":"backend"\}/);
  assert.match(r.out, /not applicable: no CloudFront/);
  assert.deepEqual(await local().history(), before, 'no deploy happened');
  assert.deepEqual(deploys('financial-rise'), [], 'no folder written');
});

test('an alarm already in ALARM before the deploy stops it at preflight', { timeout: 120_000 }, async (t) => {
  if (!state.aws) return t.skip('moto is not installed');
  await local().deploy('financial-rise', '1.0.0', ['fr:alarm-firing']);
  try {
    const r = await cli(['deploy', '--app', 'financial-rise', '--env', 'local', '--release', '1.0.2', '--only', 'db', '--out', out]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /stopped at fr\.orch\.preflight[\s\S]*fr\.mon\.alarms fail/);
    const runId = deploys('financial-rise').at(-1)!;
    assert.equal(story(journalOf('financial-rise', runId)), 'deploy -> stopped at fr.orch.preflight (failed)');
    assert.equal((await local().status())!.apps!['financial-rise'].release, '1.0.0', 'nothing was deployed');
  } finally {
    await local().deploy('financial-rise', '1.0.0', []);
  }
});

test('procedure B through `rollback --confirm-data-loss` restores rows: before the snapshot intact, after it gone', { timeout: 180_000 }, async () => {
  const db = (await local().status())!.apps!['financial-rise'].databaseUrl;
  await sql(db, 'CREATE TABLE pf_marker (n int); INSERT INTO pf_marker VALUES (1)');
  const d = await cli(['deploy', '--app', 'financial-rise', '--env', 'local', '--release', '1.0.2', '--only', 'db', '--out', out]);
  assert.equal(d.code, 0, d.out + d.err);
  await sql(db, 'INSERT INTO pf_marker VALUES (2)');
  const refused = await cli(['rollback', '--app', 'financial-rise', '--env', 'local', '--procedure', 'B', '--out', out]);
  assert.equal(refused.code, 3);
  assert.match(refused.out, /pf_marker: 1 row\(s\) created since the snapshot would be lost/);
  assert.match(refused.err, /Refused: nothing was done/);
  assert.deepEqual(
    (await sql(db, 'SELECT n FROM pf_marker ORDER BY n')).map((r) => r.n),
    [1, 2],
    'refused means untouched',
  );
  const r = await cli([
    'rollback',
    '--app',
    'financial-rise',
    '--env',
    'local',
    '--procedure',
    'B',
    '--confirm-data-loss',
    '--verify-only',
    'db',
    '--out',
    out,
  ]);
  assert.equal(r.code, 0, r.out + r.err);
  assert.deepEqual(
    (await sql(db, 'SELECT n FROM pf_marker ORDER BY n')).map((x) => x.n),
    [1],
  );
  assert.match(story(journalOf('financial-rise', deploys('financial-rise').at(-1)!)), /^rollback:B -> GO$/);
});

test('a NO-GO with --auto-rollback runs procedure A and the previous release is served again', { timeout: 240_000 }, async () => {
  await local().deploy('financial-rise', '1.0.0');
  const r = await cli(['deploy', '--app', 'financial-rise', '--env', 'local', '--release', '1.0.1', '--auto-rollback', '--only', 'smoke', '--out', out]);
  assert.equal(r.code, 1, r.out + r.err);
  const runId = deploys('financial-rise').at(-1)!;
  assert.equal(story(journalOf('financial-rise', runId)), 'deploy -> NO-GO -> rollback:A -> GO');
  assert.equal(await version('financial-rise'), '1.0.0');
  assert.ok(existsSync(join(out, 'deploys', 'financial-rise', 'local', runId, 'deploy-report.md')));
  assert.ok(
    existsSync(join(out, 'deploys', 'financial-rise', 'local', runId, 'gate-fr.rollback.verify', 'verdict.json')),
    'both gate runs are in the deploy folder',
  );
});

test('two concurrent deploys: the second is refused; kill -9 mid-deploy, then --resume completes with one snapshot', { timeout: 240_000 }, async () => {
  const s = (await local().status())!;
  // The local environment as a file, with a slow "migrate" command: the deploy holds there.
  const flag = join(dir, 'migrated');
  const pidFile = join(dir, 'migrate.pid');
  const input = localEnvironment(s) as { apps: Record<string, Record<string, unknown>> };
  input.apps.flowcomply!.commands = {
    migrate: { run: ['sh', '-c', `if [ -f ${flag} ]; then echo already migrated; exit 0; fi; touch ${flag}; echo $$ > ${pidFile}; exec sleep 60`] },
  };
  const file = join(dir, 'local-slow.json');
  writeFileSync(file, JSON.stringify(input));
  const childEnv = { ...env, ...localSecretEnv(s), CI: '1' };
  const args = ['deploy', '--app', 'flowcomply', '--env', file, '--release', '1.0.2', '--only', 'db', '--out', out];
  const child = spawn(process.execPath, [join(ROOT, 'bin/postflight.mjs'), ...args], { env: childEnv, cwd: dir, stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  while (!existsSync(pidFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.ok(existsSync(pidFile), 'the first deploy reached its migrate step');

  const second = await cli(['deploy', '--app', 'flowcomply', '--env', 'local', '--release', '1.0.2', '--only', 'db', '--out', out]);
  assert.equal(second.code, 3);
  assert.match(second.err, /Another deploy of flowcomply on local is running/);

  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
  } catch {
    /* gone */
  }
  const runId = deploys('flowcomply').at(-1)!;
  assert.deepEqual(journalOf('flowcomply', runId).inFlight, ['fc.orch.migrate']);

  const resumed = await cli([...args, '--resume', runId], localSecretEnv(s));
  assert.equal(resumed.code, 0, resumed.out + resumed.err);
  assert.match(resumed.out, /= fc\.pre\.db-snapshot: succeeded in an earlier attempt; not repeated/);
  const j = journalOf('flowcomply', runId);
  const started = j.events.filter((e) => e.event === 'step-started');
  assert.equal(started.filter((e) => e.stepId === 'fc.pre.db-snapshot').length, 1, 'one snapshot');
  assert.deepEqual(
    started.filter((e) => e.stepId === 'fc.orch.migrate').map((e) => e.resumed),
    [false, true],
    'the in-flight migrate was re-checked',
  );
  assert.equal(story(j), 'deploy -> GO');
  assert.equal(await version('flowcomply'), '1.0.2');
});
