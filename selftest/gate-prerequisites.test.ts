/**
 * The preflight's pure parts (which prerequisites a selection needs, how probe findings become
 * diagnostics, which deadline applies, which URLs an environment may hold) and the bounded
 * `--out` probe on real folders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_PROFILES } from '../config/apps/index.ts';
import { environmentSchema } from '../src/config/environment.ts';
import type { GateConfig, ResolvedApp } from '../src/config/load.ts';
import type { AppId, Phase } from '../src/core/types.ts';
import { createOutDir, inspectOutDir } from '../src/evidence/out-dir.ts';
import { DEFAULT_DEADLINE_MINUTES, deadlineMinutes, untilDeadline, startDeadline } from '../src/gate/deadline.ts';
import { judgePrerequisites, planPrerequisites } from '../src/gate/prerequisites.ts';

function config(
  phases: Phase[],
  targets: Partial<Record<AppId, Record<string, unknown>>>,
  extra: Record<string, unknown> = {},
): Pick<GateConfig, 'apps' | 'phases' | 'env'> {
  const env = environmentSchema.parse({
    name: 't',
    apps: Object.fromEntries(Object.entries(targets).map(([app, t]) => [app, { apiUrl: 'https://a.example.test', webUrl: 'https://w.example.test', ...t }])),
    ...extra,
  });
  const apps: ResolvedApp[] = (Object.keys(targets) as AppId[]).map((app) => ({ app, profile: APP_PROFILES[app], target: env.apps[app]!, secrets: {} }));
  return { env, apps, phases };
}

const AWS_NAMES = { cluster: 'c', backendService: 'b', frontendService: 'f', backendTaskFamily: 'bt', frontendTaskFamily: 'ft', dbInstance: 'd' };

test('plan: browser for smoke/perf, k6 only when asked, inbox only for the app whose checks read mail, AWS only where configured', () => {
  const mail = { kind: 'maildev', url: 'http://127.0.0.1:1080' };
  const p = planPrerequisites(
    config(['smoke', 'load', 'monitoring'], { 'financial-rise': { mail, aws: AWS_NAMES }, flowcomply: { mail } }, { aws: { region: 'us-east-1' } }),
    'k6',
  );
  assert.deepEqual(p.browserPhases, ['smoke']);
  assert.equal(p.k6, true);
  assert.deepEqual(
    p.mail.map((m) => m.app),
    ['financial-rise'],
    'FlowComply reads no mail',
  );
  assert.deepEqual(p.aws, [{ app: 'financial-rise', region: 'us-east-1', phases: ['monitoring'] }]);
  const q = planPrerequisites(config(['db'], { 'financial-rise': { aws: AWS_NAMES } }), undefined);
  assert.deepEqual([q.browserPhases, q.k6, q.mail, q.mailMissing, q.aws], [[], false, [], [], []]);
  assert.deepEqual(planPrerequisites(config(['smoke'], { 'financial-rise': {} }), 'auto').mailMissing, ['financial-rise']);
  assert.equal(planPrerequisites(config(['load'], { flowcomply: {} }), 'auto').k6, false, 'auto falls back to the embedded engine');
});

test('judge: every problem is one error with a fix and the way to deselect the phase', () => {
  const mail = { kind: 'mailpit', url: 'http://127.0.0.1:8025' };
  const plan = planPrerequisites(config(['smoke', 'perf', 'load', 'monitoring'], { 'financial-rise': { mail, aws: AWS_NAMES } }), 'k6');
  const diags = judgePrerequisites(plan, {
    chromium: { looked: 'CHROME_PATH (unset), /usr/bin/chromium and PATH' },
    k6: { looked: 'K6_BIN (unset) and PATH' },
    mail: { 'financial-rise': { ok: false, detail: 'http://127.0.0.1:8025: ECONNREFUSED' } },
    aws: {},
  });
  const where = diags.map((d) => d.where);
  assert.deepEqual(where, ['Chromium', 'k6', 'apps.financial-rise.mail', 'apps.financial-rise.aws.region']);
  for (const d of diags) {
    assert.equal(d.level, 'error');
    assert.match(d.hint ?? '', /--only/, d.where);
  }
  assert.match(diags[0].message, /smoke and perf/);
  assert.match(diags[0].hint ?? '', /apt-get install chromium, or set CHROME_PATH/);
  const ok = judgePrerequisites(plan, {
    chromium: { path: '/usr/bin/chromium', looked: '' },
    k6: { path: '/usr/bin/k6', looked: '' },
    mail: { 'financial-rise': { ok: true, detail: 'HTTP 200' } },
    aws: {},
  });
  assert.deepEqual(
    ok.map((d) => d.where),
    ['apps.financial-rise.aws.region'],
    'only the region is still missing',
  );
  const creds = judgePrerequisites(planPrerequisites(config(['monitoring'], { flowcomply: { aws: AWS_NAMES } }, { aws: { region: 'ap-southeast-2' } })), {
    mail: {},
    aws: { flowcomply: { ok: false, kind: 'credentials', detail: 'no credentials' } },
  });
  assert.match(creds[0].hint ?? '', /AWS_PROFILE/);
});

test('deadline: --deadline wins over the environment, which wins over the default; the work loses to the deadline', async () => {
  assert.deepEqual(deadlineMinutes(2, 30), { minutes: 2, source: '--deadline' });
  assert.equal(deadlineMinutes(undefined, 30).minutes, 30);
  assert.equal(deadlineMinutes(undefined, undefined).minutes, DEFAULT_DEADLINE_MINUTES);
  const d = startDeadline(0.005, '--deadline'); // 300 ms
  const slow = new Promise((r) => setTimeout(() => r('late'), 1000));
  assert.equal(await untilDeadline(slow, d), undefined);
  assert.equal(d.signal.aborted, true);
  assert.deepEqual(await untilDeadline(Promise.resolve(1), undefined), { value: 1 });
});

test('environment: credentials in any URL and a path in apiUrl are refused; the message never holds the password', () => {
  const base = { apiUrl: 'https://api.example.test', webUrl: 'https://web.example.test' };
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ apiUrl: 'https://u:Pw-123456@api.example.test' }, /holds credentials/],
    [{ webUrl: 'https://u:Pw-123456@web.example.test' }, /holds credentials/],
    [{ statusPageUrl: 'https://token@status.example.test' }, /holds credentials/],
    [{ staging: { envName: 'staging', apiUrl: 'https://u:Pw-123456@s.example.test' } }, /holds credentials/],
    [{ releaseRepo: 'https://u:Pw-123456@git.example.test/repo.git' }, /holds credentials/],
    [{ apiUrl: 'https://api.example.test/api/v1' }, /origin only/],
    [{ apiUrl: 'https://api.example.test/?x=1' }, /origin only/],
  ];
  for (const [override, expected] of cases) {
    const parsed = environmentSchema.safeParse({ name: 't', apps: { flowcomply: { ...base, ...override } } });
    assert.equal(parsed.success, false, JSON.stringify(override));
    const text = JSON.stringify(parsed.error!.issues);
    assert.match(text, expected);
    assert.ok(!text.includes('Pw-123456'), 'the password is not echoed');
  }
  assert.equal(
    environmentSchema.safeParse({ name: 't', apps: { flowcomply: { ...base, apiUrl: 'https://api.example.test/', webUrl: 'https://web.example.test/app/' } } })
      .success,
    true,
    'a trailing slash and a web base path are fine',
  );
});

test('--out probe: lists the levels to create, refuses a file on the way, creates levels one by one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pf-out-'));
  const verdict = await inspectOutDir('a/b/c', dir);
  assert.ok(verdict.ok);
  assert.deepEqual(verdict.ok && verdict.missing, [join(dir, 'a'), join(dir, 'a/b'), join(dir, 'a/b/c')]);
  assert.ok(!existsSync(join(dir, 'a')), 'inspection creates nothing');
  if (verdict.ok) await createOutDir(verdict);
  assert.ok(statSync(join(dir, 'a/b/c')).isDirectory());
  await writeFile(join(dir, 'f'), 'x');
  const onFile = await inspectOutDir(join(dir, 'f/reports'), dir);
  assert.equal(onFile.ok, false);
  assert.match(!onFile.ok ? onFile.problem : '', /f is a file, so .* cannot be created under it/);
  const started = Date.now();
  const proc = await inspectOutDir('/proc/1/postflight', dir);
  assert.equal(proc.ok, false);
  assert.ok(Date.now() - started < 1000);
});

test("an inbox that answers 5xx is refused before the run (the gate's own side), one that answers 401 is there", async () => {
  const { createServer } = await import('node:http');
  const { probeMail } = await import('../src/gate/prerequisite-probes.ts');
  const server = createServer((req, res) => res.writeHead(req.url === '/broken' ? 500 : 401).end()).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as { port: number }).port;
  try {
    const broken = await probeMail({ kind: 'maildev', url: `http://127.0.0.1:${port}/broken` });
    assert.deepEqual(broken, { ok: false, detail: `http://127.0.0.1:${port}: answered HTTP 500` });
    assert.equal((await probeMail({ kind: 'mailpit', url: `http://127.0.0.1:${port}/` })).ok, true);
    const plan = {
      browserPhases: [],
      k6: false,
      mail: [{ app: 'financial-rise' as const, mail: { kind: 'maildev' as const, url: `http://127.0.0.1:${port}/broken` } }],
      mailMissing: [],
      aws: [],
    };
    const [d] = judgePrerequisites(plan, { mail: { 'financial-rise': broken }, aws: {} });
    assert.match(d.message, /the maildev inbox answers errors instead of mail: .*answered HTTP 500/);
  } finally {
    server.close();
  }
});
