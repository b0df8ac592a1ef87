/**
 * fr.smoke.logs-clean without CloudWatch: the sandbox app's own log file since the deploy;
 * with neither CloudWatch nor a log file it cannot measure and says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLogLines, runLogsCleanCheck } from '../src/checks/aws/logs-clean.ts';
import { testContext } from './fixtures/aws/context.ts';

const deployedAt = new Date('2026-11-25T07:00:00.000Z');
const log = [
  '2026-11-25T06:59:00.000Z ERROR before the deploy: not ours to judge',
  '2026-11-25T07:00:01.000Z INFO Server started on port 3000',
  '2026-11-25T07:00:02.000Z INFO Database connection successful',
].join('\n');

test('parseLogLines keeps lines since the deploy', () => {
  const lines = parseLogLines(`${log}\nnot a log line`, deployedAt);
  assert.deepEqual(
    lines.map((l) => l.message),
    ['INFO Server started on port 3000', 'INFO Database connection successful'],
  );
});

test('log file: clean since the deploy passes; an ERROR line after it fails; no source is an error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-logs-'));
  const file = join(dir, 'financial-rise.log');
  await writeFile(file, log);
  const base = testContext({ app: 'financial-rise', endpoint: null });
  const ctx = (appLogFile?: string) => ({ ...base, deployedAt, target: { ...base.target, ...(appLogFile ? { appLogFile } : {}) } });
  assert.equal((await runLogsCleanCheck(ctx(file), 'fr.smoke.logs-clean')).status, 'pass');
  await writeFile(file, `${log}\n2026-11-25T07:05:00.000Z ERROR POST /api/v1/auth/register -> 500`);
  const failed = await runLogsCleanCheck(ctx(file), 'fr.smoke.logs-clean');
  assert.equal(failed.status, 'fail');
  assert.match(failed.message, /register -> 500/);
  const none = await runLogsCleanCheck(ctx(), 'fr.smoke.logs-clean');
  assert.equal(none.status, 'error');
  assert.match(none.message, /no log source/);
});

test("lines inside the window of one of the gate's probes are listed as provoked by it, not counted; every other line counts", async () => {
  const { duringProbe, provokedBy, readProbeWindows, PROBE_WINDOWS_FILE } = await import('../src/checks/logs/probe-windows.ts');
  const windows = [{ probe: 'foreign-origin CORS request to /assessments', start: '2026-11-25T07:05:00.000Z', end: '2026-11-25T07:05:00.200Z' }];
  // table: line time -> provoked (window +- 2 s slack)
  for (const [at, inside] of [
    ['2026-11-25T07:05:00.100Z', true],
    ['2026-11-25T07:05:01.900Z', true],
    ['2026-11-25T07:04:58.500Z', true],
    ['2026-11-25T07:05:03.000Z', false],
    ['2026-11-25T07:04:57.000Z', false],
  ] as const) {
    assert.equal(Boolean(provokedBy(new Date(at), windows)), inside, at);
  }
  // Probes run one after another: a line is the probe's it lies in, not the one before it.
  const two = [{ probe: 'anonymous request', start: '2026-11-25T07:04:59.800Z', end: '2026-11-25T07:04:59.900Z' }, windows[0]];
  assert.equal(provokedBy(new Date('2026-11-25T07:05:00.100Z'), two)?.probe, 'foreign-origin CORS request to /assessments');
  assert.equal(provokedBy(new Date('2026-11-25T07:04:59.850Z'), two)?.probe, 'anonymous request');
  const dir = await mkdtemp(join(tmpdir(), 'postflight-logs-probe-'));
  const file = join(dir, 'financial-rise.log');
  await writeFile(join(dir, PROBE_WINDOWS_FILE), `${JSON.stringify(windows[0])}\nnot json\n`);
  await writeFile(file, `${log}\n2026-11-25T07:05:00.150Z ERROR GET /api/v1/assessments -> 500 Not allowed by CORS`);
  const base = testContext({ app: 'financial-rise', endpoint: null });
  const ctx = { ...base, deployedAt, runDir: dir, target: { ...base.target, appLogFile: file } };
  const provoked = await runLogsCleanCheck(ctx, 'fr.smoke.logs-clean');
  assert.equal(provoked.status, 'pass', provoked.message);
  assert.match(
    provoked.message,
    /1 ERROR line\(s\) not counted, provoked by the gate's probes \(matched by time window\): provoked by probe foreign-origin CORS request to \/assessments: ERROR GET/,
  );
  assert.equal(provoked.metrics?.provokedByProbes, 1);
  await writeFile(
    file,
    `${log}\n2026-11-25T07:05:00.150Z ERROR GET /api/v1/assessments -> 500 Not allowed by CORS\n2026-11-25T07:09:00.000Z ERROR POST /api/v1/auth/register -> 500`,
  );
  const real = await runLogsCleanCheck(ctx, 'fr.smoke.logs-clean');
  assert.equal(real.status, 'fail');
  assert.match(real.message, /^1 ERROR line\(s\) .*register -> 500/);
  // The window is written even when the probe throws.
  await assert.rejects(
    duringProbe(dir, 'forged token', async () => {
      throw new Error('ECONNRESET');
    }),
  );
  assert.deepEqual(
    readProbeWindows(dir).map((w) => w.probe),
    ['foreign-origin CORS request to /assessments', 'forged token'],
  );
});

test("no pass without measurement: an unreadable log file or lines without a readable time are `error`, the gate's, naming the fix", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-logs-'));
  const base = testContext({ app: 'financial-rise', endpoint: null });
  const ctx = (appLogFile: string, logFormat?: string) => ({
    ...base,
    deployedAt,
    target: { ...base.target, appLogFile, ...(logFormat ? { logFormat } : {}) },
  });
  // A directory where the file should be, and a file that does not exist: never "clean".
  for (const file of [dir, join(dir, 'missing.log')]) {
    const r = await runLogsCleanCheck(ctx(file), 'fr.smoke.logs-clean');
    assert.equal(r.status, 'error', r.message);
    assert.equal(r.cause, 'gate');
    assert.match(r.message, /cannot be read \((EISDIR|ENOENT)\)/);
    assert.match(r.fix!, /appLogFile/);
  }
  // logfmt: the gate cannot place these lines in time without `logFormat`.
  const file = join(dir, 'logfmt.log');
  await writeFile(file, ['time=2026-11-25T07:05:00.000Z level=info msg="up"', 'time=2026-11-25T07:06:00.000Z level=error msg="boom ERROR"'].join('\n'));
  const unknown = await runLogsCleanCheck(ctx(file), 'fr.smoke.logs-clean');
  assert.equal(unknown.status, 'error', unknown.message);
  assert.equal(unknown.cause, 'gate');
  assert.match(unknown.message, /2 line\(s\) .* have no time the gate can read \(e\.g\. "time=2026/);
  assert.match(unknown.fix!, /apps\.financial-rise\.logFormat/);
  // With logFormat the lines are placed and judged: the ERROR line after the deploy fails.
  const judged = await runLogsCleanCheck(ctx(file, '^time=(\\S+)'), 'fr.smoke.logs-clean');
  assert.equal(judged.status, 'fail', judged.message);
  await writeFile(file, 'time=2026-11-25T07:05:00.000Z level=info msg="up"\n  indented continuation line');
  assert.equal((await runLogsCleanCheck(ctx(file, '^time=(\\S+)'), 'fr.smoke.logs-clean')).status, 'pass');
});
