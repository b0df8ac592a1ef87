import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { flowcomply } from '../config/apps/index.ts';
import type { CheckResult } from '../src/core/types.ts';
import { verifyManifest } from '../src/evidence/manifest.ts';
import { multiplex } from '../src/evidence/reporters/multiplex.ts';
import { runFolderReporters } from '../src/evidence/reporters/standard.ts';
import { createRunFolder, finalize } from '../src/evidence/run-folder.ts';
import { scanTree } from '../src/evidence/scan.ts';
import { writeZip } from '../src/evidence/zip.ts';
import { decide } from '../src/verdict/decide.ts';

/**
 * The canary: plant the run's secrets everywhere evidence can hold them (reports written by
 * the reporters, a JSON response, an HTML snapshot, a Playwright trace zip, a log), finalize
 * the folder, and prove with scanTree that no spelling of any secret is left.
 */

const SECRETS = ['Fc-Smoke-Pa55word!', 'fc.smoke+canary@example.com', 'sk_live_51Hcanary0000000000', 'abc'];
const [PASSWORD, EMAIL, API_KEY] = SECRETS as [string, string, string];
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlLWNhbmFyeQ';

async function put(dir: string, rel: string, data: string | Buffer): Promise<void> {
  await mkdir(dirname(join(dir, rel)), { recursive: true });
  await writeFile(join(dir, rel), data);
}

test('canary: after finalize no secret is left anywhere in the run folder, and the manifest is last and true', async () => {
  const root = await mkdtemp(join(tmpdir(), 'postflight-canary-'));
  try {
    const folder = await createRunFolder({ root, app: 'flowcomply', env: './envs/staging.json', runId: '20261125-071200-beef' });
    assert.equal(folder.dir, join(root, 'flowcomply', 'staging', '20261125-071200-beef'));

    const evidence = (checkId: string, file: string) => ({ rel: folder.relative(folder.path('evidence', checkId, file)) });
    const trace = evidence('fc.smoke.login', 'trace.zip');
    const response = evidence('fc.smoke.login', 'response.json');
    const snapshot = evidence('fc.smoke.frontend', 'page.html');
    const log = evidence('fc.mon.log-errors', 'excerpt.log');
    const mtime = new Date('2026-11-25T07:12:00Z');
    const body = JSON.stringify({ email: EMAIL, password: PASSWORD });
    await put(
      folder.dir,
      trace.rel,
      await writeZip([
        {
          name: 'trace.trace',
          isDirectory: false,
          mtime,
          compress: true,
          data: Buffer.from(`${JSON.stringify({ type: 'action', method: 'fill', params: { value: PASSWORD } })}\n`),
        },
        {
          name: 'trace.network',
          isDirectory: false,
          mtime,
          compress: true,
          data: Buffer.from(`${JSON.stringify({ request: { postData: body, headers: [{ name: 'authorization', value: `Bearer ${JWT}` }] } })}\n`),
        },
        {
          name: 'resources/a1.json',
          isDirectory: false,
          mtime,
          compress: false,
          data: Buffer.from(JSON.stringify({ data: { accessToken: JWT, user: { email: EMAIL } } })),
        },
        {
          name: 'resources/b2.txt',
          isDirectory: false,
          mtime,
          compress: true,
          data: Buffer.from(`key=${encodeURIComponent(API_KEY)} basic ${Buffer.from(`${EMAIL}:${PASSWORD}`).toString('base64')}`),
        },
      ]),
    );
    await put(folder.dir, response.rel, JSON.stringify({ success: true, data: { accessToken: JWT, refreshToken: 'r-canary-1234', user: { email: EMAIL } } }));
    await put(folder.dir, snapshot.rel, `<html><body><input type="password" value="${PASSWORD}"><!-- ${API_KEY} --></body></html>`);
    await put(
      folder.dir,
      log.rel,
      `2026-11-25T07:12:03Z ERROR login failed for ${EMAIL} with ${PASSWORD}\nCookie: sid=${API_KEY}\nDATABASE_URL=postgres://app:${encodeURIComponent(PASSWORD)}@db:5432/fc\n`,
    );

    const results: CheckResult[] = [
      {
        id: 'fc.smoke.login',
        app: 'flowcomply',
        phase: 'smoke',
        title: 'Login returns a token',
        runbookRef: '5.2',
        severity: 'critical',
        status: 'fail',
        message: `login as ${EMAIL} / ${PASSWORD} returned 500`,
        startedAt: mtime.toISOString(),
        durationMs: 300,
        attempts: 1,
        flaky: false,
        assertions: [
          {
            name: 'status',
            expected: 200,
            actual: 500,
            operator: '==',
            passed: false,
            message: `POST /login ${JSON.stringify({ email: EMAIL, password: PASSWORD })} -> 500`,
          },
        ],
        evidence: [
          { kind: 'trace', path: trace.rel, title: 'trace' },
          { kind: 'json', path: response.rel, title: 'response' },
        ],
        metrics: { apiKeyUsed: API_KEY },
      },
      {
        id: 'fc.smoke.frontend',
        app: 'flowcomply',
        phase: 'smoke',
        title: 'Frontend',
        runbookRef: '5.1',
        severity: 'critical',
        status: 'pass',
        message: 'login page renders',
        startedAt: mtime.toISOString(),
        durationMs: 100,
        attempts: 1,
        flaky: false,
        assertions: [],
        evidence: [
          { kind: 'html', path: snapshot.rel, title: 'snapshot' },
          { kind: 'log', path: log.rel, title: 'log' },
        ],
      },
    ];
    const mux = multiplex(runFolderReporters({ dir: folder.dir, runbookReports: flowcomply.runbookReports }), () => {});
    await mux.onRunStart({
      runId: folder.runId,
      app: 'flowcomply',
      appName: 'FlowComply',
      env: 'staging',
      targets: { apiUrl: 'http://127.0.0.1:4200', webUrl: 'http://127.0.0.1:4201' },
      startedAt: mtime.toISOString(),
      postflightVersion: '0.1.0',
      phases: ['smoke'],
    });
    for (const r of results) await mux.onResult(r);
    await mux.onRunEnd(decide(results, { policy: flowcomply.rollback, flakyBlocksGo: true }), results);
    assert.deepEqual(mux.failures, []);

    const planted = await scanTree(folder.dir, SECRETS);
    const plantedFiles = new Set(planted.map((f) => f.file));
    for (const f of ['verdict.json', 'checks.json', 'summary.md', 'junit.xml', 'index.html', 'journal.jsonl', trace.rel, response.rel, snapshot.rel, log.rel]) {
      assert.ok(plantedFiles.has(f), `the canary was planted in ${f}`);
    }

    const report = await finalize(folder.dir, SECRETS, new Date('2026-11-25T07:30:00Z'));
    assert.deepEqual(report.remaining, []);
    assert.deepEqual(await scanTree(folder.dir, SECRETS), []);
    assert.equal(report.warnings.length, 1, 'the 3-character secret is reported, not redacted');
    assert.ok(report.redaction.changed.includes(trace.rel));

    // Generic patterns too: the JWT and refresh token were never in the secrets list.
    for (const rel of [response.rel, 'verdict.json']) {
      const text = await readFile(join(folder.dir, rel), 'utf8');
      assert.ok(!text.includes(JWT) && !text.includes('r-canary-1234'), rel);
      JSON.parse(text); // still valid JSON after redaction
    }
    assert.match(await readFile(join(folder.dir, log.rel), 'utf8'), /postgres:\/\/app:\[REDACTED\]@db/);

    // The manifest is written last, lists everything but itself, and its hashes are true.
    const manifest = JSON.parse(await readFile(join(folder.dir, 'manifest.json'), 'utf8'));
    const paths = manifest.files.map((f: { path: string }) => f.path);
    assert.ok(!paths.includes('manifest.json'));
    for (const f of ['verdict.json', 'deployment-log.md', 'index.html', trace.rel]) assert.ok(paths.includes(f), f);
    for (const f of manifest.files as { path: string; size: number; sha256: string; appendOnly?: true }[]) {
      // The journal is append-only: the manifest seals its first `size` bytes, then the seal line follows.
      const whole = await readFile(join(folder.dir, f.path));
      const bytes = f.appendOnly ? whole.subarray(0, f.size) : whole;
      if (f.appendOnly) assert.equal(JSON.parse(whole.subarray(f.size).toString('utf8')).manifestSha256, report.manifestSha256);
      assert.equal(f.size, bytes.length);
      assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'));
    }
    assert.deepEqual(await verifyManifest(folder.dir, report.manifest), []);
    await writeFile(join(folder.dir, 'summary.md'), 'edited after the fact');
    assert.deepEqual(await verifyManifest(folder.dir, report.manifest), ['summary.md: changed since the manifest was written']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
