import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFolder } from '../src/evidence/verify-folder.ts';
import { ALLURE_HISTORY_FILE, allureAwesomeArgs, allureHistoryPath, allureReportCommand, allureReportPath } from '../src/evidence/history/allure-history.ts';
import { check, sealedRun } from './fixtures/sealed-run.ts';

/**
 * Allure history between runs: two sealed runs of one app and environment, each turned into
 * a report by the Allure 3 CLI with the command the console prints (one history file per app
 * and environment, beside history.jsonl). The second report embeds the first run's data point
 * (its check failed there, passes here), and neither sealed folder gains a file.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ALLURE = join(ROOT, 'node_modules', '.bin', 'allure');

type Result = { fullName: string; status: string; categories?: { name: string }[]; history?: { status: string }[] };
type HistoryPoint = { uuid: string; testResults: Record<string, { fullName: string; status: string }> };

function awesome(runDir: string): void {
  const res = spawnSync(ALLURE, allureAwesomeArgs(runDir), { cwd: dirname(runDir), encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
  assert.equal(res.status, 0, `allure awesome: ${res.error?.message ?? ''}\n${res.stdout}\n${res.stderr}`);
}

/** The single file embeds its data as base64 JSON under data/<kind>/<id>.json. */
async function embedded(reportDir: string, kind: string): Promise<unknown[]> {
  const html = await readFile(join(reportDir, 'index.html'), 'utf8');
  return [...html.matchAll(new RegExp(`"data/${kind}/[0-9a-f-]+\\.json","([A-Za-z0-9+/=]+)"`, 'g'))].map((m) =>
    JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')),
  );
}

test('the Allure history file per app and environment carries the first run into the second report', { timeout: 90_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'postflight-allure-history-'));
  try {
    const first = await sealedRun(
      root,
      'financial-rise',
      [
        check('fr.smoke.health', 'smoke', 'fail', 'critical'),
        check('fr.smoke.admin', 'smoke', 'pass', 'major'),
        check('fr.mon.alarms', 'monitoring', 'error', 'critical', { cause: 'gate', fix: 'give the gate AWS credentials' }),
      ],
      new Date('2026-11-25T07:00:00Z'),
    );
    const second = await sealedRun(
      root,
      'financial-rise',
      [check('fr.smoke.health', 'smoke', 'pass', 'critical'), check('fr.smoke.admin', 'smoke', 'pass', 'major')],
      new Date('2026-11-25T08:00:00Z'),
      '1.0.1',
    );
    const appEnv = join(root, 'financial-rise', 'staging');
    assert.equal(allureHistoryPath(second.dir), join(appEnv, ALLURE_HISTORY_FILE));
    assert.match(
      allureReportCommand(second.dir, root),
      /^npx allure awesome financial-rise\/staging\/([^ /]+)\/allure-results --config financial-rise\/staging\/\1\/allurerc\.json --single-file -o financial-rise\/staging\/allure-report --history-path financial-rise\/staging\/allure-history\.jsonl$/,
    );

    awesome(first.dir);
    assert.deepEqual(await embedded(allureReportPath(first.dir), 'history'), [], 'the first report has no history yet');
    // The run's allurerc.json gives the awesome report our categories, not Allure's defaults.
    const filed = new Map(
      ((await embedded(allureReportPath(first.dir), 'test-results')) as Result[]).map((r) => [r.fullName, (r.categories ?? []).map((c) => c.name)]),
    );
    assert.deepEqual(filed.get('financial-rise/smoke/fr.smoke.health'), ['Release defect (the target failed a check)']);
    assert.deepEqual(filed.get('financial-rise/monitoring/fr.mon.alarms'), ['Gate problem (the gate could not measure: not the release)']);
    awesome(second.dir);

    const lines = (await readFile(allureHistoryPath(second.dir), 'utf8')).trim().split('\n');
    assert.equal(lines.length, 2, 'one data point per generated report');
    const [point1] = lines.map((l) => JSON.parse(l) as HistoryPoint);
    const history = (await embedded(allureReportPath(second.dir), 'history')) as HistoryPoint[];
    assert.deepEqual(
      history.map((h) => h.uuid),
      [point1!.uuid],
      "the second report embeds the first run's data point",
    );
    const health = Object.values(history[0]!.testResults).find((r) => r.fullName === 'financial-rise/smoke/fr.smoke.health');
    assert.equal(health?.status, 'failed', "the first run's result, not the second's");
    const now = (await embedded(allureReportPath(second.dir), 'test-results')) as Result[];
    const healthNow = now.find((r) => r.fullName === 'financial-rise/smoke/fr.smoke.health');
    assert.equal(healthNow?.status, 'passed');
    assert.deepEqual(
      healthNow?.history?.map((h) => h.status),
      ['failed'],
      "the check's own history in the second report: failed the run before",
    );

    // Allure's files sit beside the run folders: the sealed folders still verify.
    assert.deepEqual((await readdir(appEnv)).filter((n) => n.startsWith('allure')).sort(), ['allure-history.jsonl', 'allure-report']);
    for (const run of [first, second]) {
      const checked = await checkFolder(run.dir);
      assert.deepEqual(checked.files, [], `${run.dir}: ${JSON.stringify(checked.files)}`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
