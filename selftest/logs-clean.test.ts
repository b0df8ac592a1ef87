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
  assert.deepEqual(lines.map((l) => l.message), ['INFO Server started on port 3000', 'INFO Database connection successful']);
});

test('log file: clean since the deploy passes; an ERROR line after it fails; no source is an error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-logs-'));
  const file = join(dir, 'financial-rise.log');
  await writeFile(file, log);
  const base = testContext({ app: 'financial-rise', endpoint: null });
  const ctx = (appLogFile?: string) => ({ ...base, deployedAt, target: { ...base.target, ...(appLogFile ? { appLogFile } : {}) } });
  assert.equal((await runLogsCleanCheck(ctx(file))).status, 'pass');
  await writeFile(file, `${log}\n2026-11-25T07:05:00.000Z ERROR POST /api/v1/auth/register -> 500`);
  const failed = await runLogsCleanCheck(ctx(file));
  assert.equal(failed.status, 'fail');
  assert.match(failed.message, /register -> 500/);
  const none = await runLogsCleanCheck(ctx());
  assert.equal(none.status, 'error');
  assert.match(none.message, /no log source/);
});

test('no pass without measurement: an unreadable log file or lines without a readable time are `error`, the gate\'s, naming the fix', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-logs-'));
  const base = testContext({ app: 'financial-rise', endpoint: null });
  const ctx = (appLogFile: string, logFormat?: string) => ({ ...base, deployedAt, target: { ...base.target, appLogFile, ...(logFormat ? { logFormat } : {}) } });
  // A directory where the file should be, and a file that does not exist: never "clean".
  for (const file of [dir, join(dir, 'missing.log')]) {
    const r = await runLogsCleanCheck(ctx(file));
    assert.equal(r.status, 'error', r.message);
    assert.equal(r.cause, 'gate');
    assert.match(r.message, /cannot be read \((EISDIR|ENOENT)\)/);
    assert.match(r.fix!, /appLogFile/);
  }
  // logfmt: the gate cannot place these lines in time without `logFormat`.
  const file = join(dir, 'logfmt.log');
  await writeFile(file, ['time=2026-11-25T07:05:00.000Z level=info msg="up"', 'time=2026-11-25T07:06:00.000Z level=error msg="boom ERROR"'].join('\n'));
  const unknown = await runLogsCleanCheck(ctx(file));
  assert.equal(unknown.status, 'error', unknown.message);
  assert.equal(unknown.cause, 'gate');
  assert.match(unknown.message, /2 line\(s\) .* have no time the gate can read \(e\.g\. "time=2026/);
  assert.match(unknown.fix!, /apps\.financial-rise\.logFormat/);
  // With logFormat the lines are placed and judged: the ERROR line after the deploy fails.
  const judged = await runLogsCleanCheck(ctx(file, '^time=(\\S+)'));
  assert.equal(judged.status, 'fail', judged.message);
  await writeFile(file, 'time=2026-11-25T07:05:00.000Z level=info msg="up"\n  indented continuation line');
  assert.equal((await runLogsCleanCheck(ctx(file, '^time=(\\S+)'))).status, 'pass');
});
