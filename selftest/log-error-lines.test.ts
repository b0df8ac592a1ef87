/**
 * "Is this an error line?" (src/checks/logs/error-lines.ts), table-tested with real-looking
 * lines of the formats deployments use, and lines that must not count; then the rules as
 * data: a profile or environment override, and the app's own log file in those formats.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorLineTest, isErrorLine, stripAnsi } from '../src/checks/logs/error-lines.ts';
import { parseLogLines } from '../src/checks/logs/log-file.ts';
import { runLogsCleanCheck } from '../src/checks/aws/logs-clean.ts';
import { environmentSchema } from '../src/config/environment.ts';
import { DEFAULT_ERROR_LINES, resolveErrorLines } from '../src/config/log-formats.ts';
import { testContext } from './fixtures/aws/context.ts';

const ESC = '\u001b';

const ERROR_LINES: [string, string][] = [
  ['plain', 'ERROR boom'],
  ['sandbox app', 'ERROR POST /api/v1/auth/register -> 500'],
  ['log4j brackets', '2026-11-25 07:12:00,123 [main] [ERROR] c.e.App - payment failed'],
  ['python logging', 'ERROR:root:database unavailable'],
  ['FATAL', 'FATAL out of memory'],
  ['NestJS plain', '[Nest] 123  - 11/25/2026, 2:01:03 AM   ERROR [ExceptionsHandler] relation "reports" does not exist'],
  ['NestJS coloured level', `${ESC}[31mERROR${ESC}[39m [ExceptionsHandler] Cannot read properties of undefined`],
  [
    'NestJS coloured line',
    `${ESC}[31m[Nest] 123  - ${ESC}[39m11/25/2026, 2:01:03 AM ${ESC}[31m  ERROR${ESC}[39m ${ESC}[38;5;3m[ExceptionsHandler] ${ESC}[39m${ESC}[31mQueryFailedError${ESC}[39m`,
  ],
  ['pino error (50)', '{"level":50,"time":1764054723000,"pid":7,"hostname":"api-1","msg":"payment failed"}'],
  ['pino fatal (60)', '{"level":60,"time":1764054723000,"msg":"cannot bind port"}'],
  ['pino level as label', '{"level":"error","time":"2026-11-25T07:12:03.000Z","msg":"payment failed"}'],
  ['winston json', '{"level":"error","message":"connect ECONNREFUSED 10.0.0.5:5432","timestamp":"2026-11-25T07:12:03.000Z"}'],
  ['winston json, upper case', '{"message":"boom","level":"ERROR"}'],
  ['google severity', '{"severity":"ERROR","message":"upstream timed out","time":"2026-11-25T07:12:03Z"}'],
  ['ECS log.level', '{"@timestamp":"2026-11-25T07:12:03.000Z","log.level":"error","message":"boom"}'],
  ['bunyan numeric level as text', '{"level":"50","msg":"boom"}'],
  ['winston simple', 'error: connect ECONNREFUSED 127.0.0.1:6379'],
  ['winston simple, coloured', `${ESC}[31merror${ESC}[39m: connect ECONNREFUSED 127.0.0.1:6379`],
  ['logfmt', 'time="2026-11-25T07:12:03Z" level=error msg="dial tcp: i/o timeout"'],
  ['logfmt quoted', 'ts=2026-11-25T07:12:03Z level="ERROR" msg=boom'],
];

const NOT_ERROR_LINES: [string, string][] = [
  ['"0 errors"', 'INFO migration finished: 0 errors'],
  ['error_count=0 in an INFO line', 'INFO health check ok error_count=0'],
  ['ERROR_COUNT as a word part', 'INFO metrics ERROR_COUNT=0 WARN_COUNT=2'],
  ['ErrorController route', '[Nest] 123  - 11/25/2026, 2:01:03 AM     LOG [RouterExplorer] Mapped {/api/v1/errors, GET} route +1ms'],
  [
    'Nest LOG coloured',
    `${ESC}[32m[Nest] 123  - ${ESC}[39m11/25/2026, 2:01:03 AM ${ESC}[32m    LOG${ESC}[39m ${ESC}[38;5;3m[InstanceLoader] ${ESC}[39m${ESC}[32mErrorsModule dependencies initialized${ESC}[39m`,
  ],
  ['pino info (30)', '{"level":30,"time":1764054723000,"msg":"request completed","res":{"statusCode":200}}'],
  ['pino warn (40)', '{"level":40,"msg":"slow query"}'],
  ['JSON info whose message says ERROR', '{"level":"info","msg":"ERROR handler registered"}'],
  ['JSON info with an error field', '{"level":"info","msg":"retry ok","error":null}'],
  ['severity WARNING', '{"severity":"WARNING","message":"deprecated API"}'],
  ['lower-case word in prose', 'INFO user saw an error page and retried'],
  ['onError handler', 'DEBUG registering onError handler'],
  ['logfmt info', 'level=info msg="errors=0 retries=0"'],
  ['empty', ''],
];

describe('error lines: recognised out of the box', () => {
  for (const [title, line] of ERROR_LINES) test(title, () => assert.equal(isErrorLine(line), true, line));
});

describe('not error lines', () => {
  for (const [title, line] of NOT_ERROR_LINES) test(title, () => assert.equal(isErrorLine(line), false, line));
});

test('ANSI colour codes are removed before matching', () => {
  assert.equal(stripAnsi(`${ESC}[31mERROR${ESC}[39m x`), 'ERROR x');
});

test('the rules are data: a profile or environment replaces a field, the rest stays default', () => {
  const rules = resolveErrorLines({ textPatterns: [String.raw`\bE\d{4}\b`] }, { minNumericLevel: 40 });
  assert.deepEqual(rules.jsonLevelFields, DEFAULT_ERROR_LINES.jsonLevelFields);
  const test = errorLineTest(rules);
  assert.equal(test('E1042 payment provider refused'), true, "the app's own pattern");
  assert.equal(test('ERROR boom'), false, 'the default text pattern was replaced');
  assert.equal(test('{"level":40,"msg":"slow"}'), true, 'warn counts once minNumericLevel is 40');
  assert.equal(resolveErrorLines(undefined, { textPatterns: undefined }).textPatterns, DEFAULT_ERROR_LINES.textPatterns);
});

test('the environment key is validated: unknown fields and broken regexes are named', () => {
  const base = { name: 'x', apps: { flowcomply: { apiUrl: 'http://127.0.0.1:1', webUrl: 'http://127.0.0.1:2' } } };
  const ok = environmentSchema.safeParse({ ...base, apps: { flowcomply: { ...base.apps.flowcomply, errorLines: { textPatterns: ['/\\bfail(ed)?\\b/i'] } } } });
  assert.ok(ok.success);
  assert.equal(errorLineTest(resolveErrorLines(ok.data.apps.flowcomply!.errorLines))('Payment FAILED'), true);
  const bad = environmentSchema.safeParse({
    ...base,
    apps: { flowcomply: { ...base.apps.flowcomply, errorLines: { textPatterns: ['(unclosed'], levels: ['x'] } } },
  });
  assert.ok(!bad.success);
  const issues = bad.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
  assert.match(issues, /apps\.flowcomply\.errorLines\.textPatterns\.0: not a regular expression/);
  assert.match(issues, /levels/);
});

test('log file lines are placed in time in pino, JSON and NestJS formats too', () => {
  const since = new Date('2026-11-25T07:00:00.000Z');
  const nestTime = new Date(2026, 10, 25, 8, 1, 3); // the Nest logger writes local time
  const nestLine = `[Nest] 123  - ${nestTime.toLocaleDateString('en-US')}, ${nestTime.toLocaleTimeString('en-US')}   ERROR [ExceptionsHandler] boom`;
  const text = [
    '{"level":50,"time":1795590000000,"msg":"before the deploy"}', // 2026-11-25T07:00:00Z - exactly at: kept
    '{"level":50,"time":1795589000000,"msg":"long before"}',
    '{"level":"error","timestamp":"2026-11-25T07:30:00.000Z","message":"after"}',
    '{"level":"error","msg":"no time at all"}',
    nestLine,
    '2026-11-25T07:05:00.000Z ERROR sandbox format',
    '    at Object.<anonymous> (/app/dist/main.js:1:1)',
  ].join('\n');
  const lines = parseLogLines(text, since).map((l) => l.message);
  assert.deepEqual(lines, [
    '{"level":50,"time":1795590000000,"msg":"before the deploy"}',
    '{"level":"error","timestamp":"2026-11-25T07:30:00.000Z","message":"after"}',
    ...(nestTime >= since ? [nestLine] : []),
    'ERROR sandbox format',
  ]);
});

test('fr.smoke.logs-clean fails on a pino/NestJS log file that the old ERROR-word rule passed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-logformats-'));
  const file = join(dir, 'api.log');
  const deployedAt = new Date('2026-11-25T07:00:00.000Z');
  await writeFile(
    file,
    [
      '{"level":30,"time":1795590300000,"msg":"Server started on port 3000"}',
      '{"level":50,"time":1795590600000,"msg":"relation \\"reports\\" does not exist"}',
    ].join('\n'),
  );
  const base = testContext({ app: 'financial-rise', endpoint: null });
  const ctx = { ...base, deployedAt, target: { ...base.target, appLogFile: file } };
  const r = await runLogsCleanCheck(ctx, 'fr.smoke.logs-clean');
  assert.equal(r.status, 'fail', r.message);
  assert.match(r.message, /1 ERROR line\(s\).*reports/);
  // An environment that says only FATAL counts here: the same file passes.
  const onlyFatal = await runLogsCleanCheck({ ...ctx, target: { ...ctx.target, errorLines: { minNumericLevel: 60 } } }, 'fr.smoke.logs-clean');
  assert.equal(onlyFatal.status, 'pass', onlyFatal.message);
});

test('through the real CLI: a broken errorLines pattern in an environment file is exit 3, naming the key', async () => {
  const { main } = await import('../src/cli.ts');
  const dir = await mkdtemp(join(tmpdir(), 'postflight-errorlines-cli-'));
  const file = join(dir, 'env.json');
  await writeFile(
    file,
    JSON.stringify({
      name: 'x',
      apps: { 'financial-rise': { apiUrl: 'http://127.0.0.1:9', webUrl: 'http://127.0.0.1:9', errorLines: { textPatterns: ['(unclosed'] } } },
    }),
  );
  let err = '';
  const io = { out: () => {}, err: (t: string) => void (err += t), env: {}, cwd: dir };
  assert.equal(await main(['cleanup', '--app', 'financial-rise', '--env', file], io), 3);
  assert.match(err, /apps\.financial-rise\.errorLines\.textPatterns\.0: not a regular expression/);
});
