import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEntry } from '../src/evidence/history/entry.ts';
import { HISTORY_INDEX, loadHistory, readHistoryIndexSync } from '../src/evidence/history/index-file.ts';
import { markFailure, type TrendFile } from '../src/evidence/history/trend.ts';
import { lastGoBaseline } from '../src/gate/baseline.ts';
import { gateHistory } from '../src/orchestrator/history.ts';
import { main } from '../src/cli.ts';
import { check, sealedRun } from './fixtures/sealed-run.ts';

/** The CLI's entry in this process (a spawn costs seconds on a loaded machine). */
async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { out: (t) => void (stdout += `${t}\n`), err: (t) => void (stderr += `${t}\n`), env: process.env, cwd: process.cwd() });
  return { status, stdout, stderr };
}

/**
 * The history index (<reports>/<app>/<env>/history.jsonl): written as each run is sealed,
 * rebuilt from the folders when missing or damaged, the one source of the baseline and the
 * rollback target, and the marks new / known / flaky of each failing check.
 */

const healthy = (p95Ms: number) => [
  check('fr.smoke.health', 'smoke', 'pass', 'critical'),
  check('fr.smoke.reports', 'smoke', 'pass', 'critical'),
  check('fr.perf.lighthouse', 'perf', 'pass', 'major', { metrics: { performanceMedian: 0.93, accessibilityMedian: 1, fcpMedianMs: 800 } }),
  check('fr.load.k6', 'load', 'pass', 'major', { metrics: { p95Ms, errorRate: 0.001, engine: 'embedded' } }),
];
const broken = [
  check('fr.smoke.health', 'smoke', 'pass', 'critical'),
  check('fr.smoke.reports', 'smoke', 'fail', 'critical'),
  check('fr.load.k6', 'load', 'pass', 'major', { metrics: { p95Ms: 900, errorRate: 0 } }),
];

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 7, minute));

test('the index is written run by run; a second GO run takes the first as its baseline; rollback target and history read it', async () => {
  const root = await mkdtemp(join(tmpdir(), 'postflight-history-'));
  try {
    const first = await sealedRun(root, 'financial-rise', healthy(200), at(0), '1.0.0');
    const appEnv = join(root, 'financial-rise', 'staging');
    let index = readHistoryIndexSync(appEnv)!;
    assert.equal(index.length, 1);
    assert.equal(index[0]!.manifestSha256, first.manifestSha256);
    assert.deepEqual(index[0]!.metrics, { p95Ms: 200, errorRate: 0.001, loadStatus: 'pass', lighthouse: { performance: 0.93, accessibility: 1 } });

    const second = await sealedRun(root, 'financial-rise', healthy(230), at(10), '1.0.1');
    assert.deepEqual(second.report.measurements?.baseline, { p95Ms: 200 }, "the second GO run's verdict.json shows the first as baseline");
    const trend = JSON.parse(await readFile(join(second.dir, 'history.json'), 'utf8')) as TrendFile;
    assert.equal(trend.baseline?.runId, first.report.run.runId);
    assert.equal(trend.baseline?.folder, `../${first.report.run.runId}`);
    assert.equal(trend.lastGo?.release, '1.0.0');
    assert.deepEqual(
      trend.runs.map((r) => [r.release, r.decision, r.p95Ms, r.current ?? false]),
      [
        ['1.0.0', 'GO', 200, false],
        ['1.0.1', 'GO', 230, true],
      ],
    );

    await sealedRun(root, 'financial-rise', broken, at(20), '1.0.2');
    index = readHistoryIndexSync(appEnv)!;
    assert.deepEqual(
      index.map((e) => e.decision),
      ['GO', 'GO', 'NO-GO'],
    );
    assert.deepEqual(
      await lastGoBaseline(appEnv, 'now'),
      { p95Ms: 230, runId: second.report.run.runId },
      'the baseline is the newest GO with a passing load test',
    );
    assert.deepEqual(
      gateHistory(root, 'financial-rise', 'staging').map((r) => [r.release, r.decision]),
      [
        ['1.0.0', 'GO'],
        ['1.0.1', 'GO'],
        ['1.0.2', 'NO-GO'],
      ],
    );

    const listed = await cli('history', '--app', 'financial-rise', '--env', 'staging', '--out', root);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /1\.0\.0\s+GO\s+200 ms\s+0\.10%\s+perf 93 acce 100/);
    assert.match(listed.stdout, /1\.0\.2\s+NO-GO\s+900 ms .*fr\.smoke\.reports \(new\)/);
    const bad = await cli('history', '--app', 'nope', '--last', '0');
    assert.equal(bad.status, 3);
    for (const flag of ['--app', '--env', '--last']) assert.ok(bad.stderr.includes(flag), `${flag} named in\n${bad.stderr}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a missing or damaged index is read from the run folders and rebuilt by the next run (and by --rebuild)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'postflight-history-'));
  try {
    await sealedRun(root, 'financial-rise', healthy(200), at(0));
    const appEnv = join(root, 'financial-rise', 'staging');
    await unlink(join(appEnv, HISTORY_INDEX));
    assert.equal(loadHistory(appEnv).source, 'folders');
    assert.equal(loadHistory(appEnv).entries.length, 1, 'read from the folders');
    await sealedRun(root, 'financial-rise', broken, at(5));
    assert.deepEqual(
      readHistoryIndexSync(appEnv)!.map((e) => e.decision),
      ['GO', 'NO-GO'],
      'rebuilt, with the new run once',
    );

    await writeFile(join(appEnv, HISTORY_INDEX), '{"torn":');
    assert.equal(readHistoryIndexSync(appEnv), undefined, 'damaged: not trusted');
    assert.deepEqual(
      await lastGoBaseline(appEnv, 'x'),
      { p95Ms: 200, runId: loadHistory(appEnv).entries[0]!.runId },
      'the baseline still comes from the folders',
    );
    const rebuilt = await cli('history', '--app', 'financial-rise', '--env', 'staging', '--out', root, '--rebuild', '--json');
    assert.equal(rebuilt.status, 0, rebuilt.stderr);
    assert.equal(JSON.parse(rebuilt.stdout).length, 2);
    assert.equal(readHistoryIndexSync(appEnv)?.length, 2, '--rebuild rewrote it');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

const entry = (release: string, failing: string[], passed: string[] = [], flaky: string[] = []): HistoryEntry => ({
  schemaVersion: 1,
  runId: 'r',
  folder: 'r',
  app: 'financial-rise',
  env: 'staging',
  release,
  startedAt: '',
  finishedAt: '',
  phases: ['smoke'],
  decision: 'GO',
  rollback: { recommendation: 'none' },
  counts: { pass: 0, waived: 0, skipped: 0, inconclusive: 0, error: 0, fail: 0 },
  metrics: {},
  failing,
  flaky,
  gateProblems: [],
  passed,
});

test('failing checks are marked new / known / flaky from the runs before (table)', () => {
  const X = 'fr.smoke.reports';
  // Each row: why, the runs before (oldest first), the release failing now, the mark.
  const rows: [string, HistoryEntry[], string][] = [
    ['never measured before', [], 'new'],
    ['passed last time (on the release before)', [entry('1.0.0', [], [X])], 'new'],
    ['failed last time too', [entry('1.0.0', [], [X]), entry('1.0.0', [X])], 'known'],
    ['this release failed it before, rolled back since (the older release passed it)', [entry('1.0.1', [X]), entry('1.0.0', [], [X])], 'known'],
    ['the same release failed and passed it: comes and goes', [entry('1.0.1', [X]), entry('1.0.1', [], [X])], 'flaky'],
    ['passed only on a retry lately', [entry('1.0.0', [], [], [X])], 'flaky'],
    ['a run that did not measure it says nothing', [entry('1.0.0', [X]), entry('1.0.0', [], ['other'])], 'known'],
  ];
  for (const [why, earlier, want] of rows) assert.equal(markFailure(X, earlier, '1.0.1'), want, why);
});
