import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, sealedRun } from './fixtures/sealed-run.ts';

/**
 * allure-results for every check (not only Playwright's), through allure-js-commons: the
 * Allure 3 CLI (`allure awesome --single-file`, bounded) turns a fixture run into one HTML file
 * whose embedded data lists every check of the run with its severity, the verdict as a result
 * of its own, gate problems as broken; Playwright's result for a check is merged into it.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ALLURE = join(ROOT, 'node_modules', '.bin', 'allure');

const RESULTS = [
  check('fr.smoke.health', 'smoke', 'pass', 'critical'),
  check('fr.smoke.reports', 'smoke', 'fail', 'critical', {
    assertions: [{ name: 'bytes parse as PDF', expected: true, actual: false, operator: '==', passed: false, message: 'not a PDF' }],
  }),
  check('fr.smoke.admin', 'smoke', 'pass', 'major', { attempts: 2, flaky: true }),
  check('fr.perf.lighthouse', 'perf', 'pass', 'major', { metrics: { performanceMedian: 0.9 } }),
  check('fr.mon.alarms', 'monitoring', 'error', 'critical', { cause: 'gate', fix: 'give the gate AWS credentials' }),
  check('fr.mon.uptime', 'monitoring', 'waived', 'minor', { message: 'no status page here' }),
];

/** What allure-playwright writes for a suite test: annotations as steps, one attachment. */
async function playwrightResult(dir: string): Promise<void> {
  const results = join(dir, 'allure-results');
  await mkdir(results, { recursive: true });
  await writeFile(join(results, 'pw-attachment.pdf'), 'JVBERi0xLjQK');
  await writeFile(
    join(results, 'aaaaaaaa-0000-0000-0000-000000000001-result.json'),
    JSON.stringify({
      uuid: 'aaaaaaaa-0000-0000-0000-000000000001',
      name: 'reports: consultant and client PDFs',
      fullName: 'financial-rise/5-reports.spec.ts › reports',
      status: 'failed',
      stage: 'finished',
      labels: [{ name: 'framework', value: 'playwright' }],
      links: [],
      parameters: [],
      start: 1,
      stop: 2,
      statusDetails: { message: 'not a PDF' },
      steps: ['check: fr.smoke.reports', 'runbook: Smoke 6', 'serial: undefined']
        .map((name) => ({ name, status: 'passed', stage: 'finished', steps: [], attachments: [], parameters: [], statusDetails: {} }))
        .concat([
          { name: 'download the consultant report', status: 'failed', stage: 'finished', steps: [], attachments: [], parameters: [], statusDetails: {} },
        ]),
      attachments: [{ name: 'consultant-report.pdf', source: 'pw-attachment.pdf', type: 'application/pdf' }],
    }),
  );
}

type Result = { name: string; status: string; labels: { name: string; value: string }[]; steps?: { name: string }[]; attachments?: { name: string }[] };

test('allure awesome --single-file lists every check with its severity, the verdict, gate problems as broken', { timeout: 180_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'postflight-allure-'));
  try {
    const { dir } = await sealedRun(root, 'financial-rise', RESULTS, new Date('2026-11-25T07:00:00Z'), '1.0.1', playwrightResult);
    const files = await readdir(join(dir, 'allure-results'));
    for (const f of ['categories.json', 'environment.properties', 'executor.json']) assert.ok(files.includes(f), f);
    assert.ok(!files.includes('aaaaaaaa-0000-0000-0000-000000000001-result.json'), "Playwright's result is merged into the check's, not listed twice");
    assert.equal(files.filter((f) => f.endsWith('-result.json')).length, RESULTS.length + 1);
    const categories = JSON.parse(await readFile(join(dir, 'allure-results', 'categories.json'), 'utf8')) as { name: string; matchedStatuses: string[] }[];
    assert.deepEqual(
      categories.map((c) => c.matchedStatuses),
      [['failed'], ['broken'], ['skipped']],
    );
    assert.match(await readFile(join(dir, 'allure-results', 'environment.properties'), 'utf8'), /release=1\.0\.1/);

    const out = join(root, 'allure-report');
    const res = spawnSync(ALLURE, ['awesome', join(dir, 'allure-results'), '--single-file', '-o', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 150_000,
      killSignal: 'SIGKILL',
    });
    assert.equal(res.status, 0, `allure awesome: ${res.error?.message ?? ''}\n${res.stdout}\n${res.stderr}`);
    const html = await readFile(join(out, 'index.html'), 'utf8');
    // The single file embeds each result as base64 JSON under data/test-results/<id>.json.
    const embedded = [...html.matchAll(/"data\/test-results\/[0-9a-f]+\.json","([A-Za-z0-9+/=]+)"/g)].map(
      (m) => JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as Result,
    );
    const byCheck = new Map(embedded.map((r) => [r.name.split(':')[0]!, r]));
    const severity = (r: Result | undefined) => r?.labels.find((l) => l.name === 'severity')?.value;
    const WANT: Record<string, string> = { critical: 'critical', major: 'normal', minor: 'minor' };
    for (const c of RESULTS) {
      const r = byCheck.get(c.id);
      assert.ok(r, `${c.id} is in the report (found: ${[...byCheck.keys()].join(', ')})`);
      assert.equal(severity(r), WANT[c.severity], `${c.id} severity`);
      assert.ok(!(r!.steps ?? []).some((s) => /^(serial|check|runbook): /.test(s.name)), `${c.id}: no annotation steps`);
    }
    assert.equal(byCheck.get('verdict')?.status, 'failed', 'the NO-GO verdict is a result of its own');
    assert.equal(severity(byCheck.get('verdict')), 'blocker');
    assert.equal(byCheck.get('fr.mon.alarms')?.status, 'broken', 'a gate problem is broken, not failed');
    assert.equal(byCheck.get('fr.smoke.reports')?.status, 'failed');
    assert.equal(byCheck.get('fr.mon.uptime')?.status, 'skipped');
    const merged = byCheck.get('fr.smoke.reports')!;
    assert.ok(
      merged.steps?.some((s) => s.name === 'download the consultant report'),
      "Playwright's steps moved into the check",
    );
    assert.ok(JSON.stringify(merged).includes('consultant-report.pdf'), `and its attachment: ${JSON.stringify(merged).slice(0, 3000)}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
