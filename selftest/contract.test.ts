/**
 * Contracts as data: the pure core (suggestion, strict override check, merge, field paths)
 * as tables, and the real CLI refusing a bad `contract` / `routes` / `waive` with exit 3.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { financialRise, flowcomply } from '../config/apps/index.ts';
import { closest, levenshtein } from '../src/config/suggest.ts';
import { checkOverride } from '../src/config/contract-check.ts';
import { deepMerge } from '../src/config/contract-merge.ts';
import { applyContract, checkContract, contractOf } from '../src/config/contract.ts';
import { checkWaivers } from '../src/config/waive-check.ts';
import { at, candidatePaths } from '../src/core/field-path.ts';
import { main } from '../src/cli.ts';

const SUGGEST: [string, string[], string | undefined][] = [
  ['lables', ['labels', 'routes', 'pages'], 'labels'],
  ['route', ['labels', 'routes', 'pages'], 'routes'],
  ['emial', ['email', 'password'], 'email'],
  ['Healthy', ['healthyStatuses', 'expected'], 'healthyStatuses'],
  ['zzzzzz', ['email', 'password'], undefined],
];
for (const [name, candidates, expected] of SUGGEST) {
  test(`closest: "${name}" -> ${expected ?? 'no suggestion'}`, () => assert.equal(closest(name, candidates), expected));
}
test('levenshtein: classic pairs', () => {
  assert.equal(levenshtein('kitten', 'sitting'), 3);
  assert.equal(levenshtein('', 'abc'), 3);
  assert.equal(levenshtein('same', 'same'), 0);
});

const DEFAULTS = { routes: { health: '/api/health' }, labels: { email: 'Email' }, expected: { questions: 25, services: ['db', 'redis'] }, mail: true };
const OVERRIDES: { name: string; override: unknown; problems: string[] }[] = [
  { name: 'empty is fine', override: {}, problems: [] },
  { name: 'known keys at depth', override: { routes: { health: '/v2/health' }, expected: { questions: 47, services: ['db'] }, mail: false }, problems: [] },
  { name: 'unknown top key with suggestion', override: { lables: {} }, problems: ['x.lables: unknown key -> did you mean `x.labels`?'] },
  {
    name: 'unknown nested key with suggestion',
    override: { labels: { emial: 'E-mail' } },
    problems: ['x.labels.emial: unknown key -> did you mean `x.labels.email`?'],
  },
  { name: 'wrong kind', override: { expected: { questions: '47' } }, problems: ['x.expected.questions: must be a number'] },
  { name: 'list item kind', override: { expected: { services: ['db', 3] } }, problems: ['x.expected.services[1]: must be a string'] },
  { name: 'object where a list is', override: { expected: { services: { db: true } } }, problems: ['x.expected.services: must be a list'] },
  { name: 'path without slash', override: { routes: { health: 'api/health' } }, problems: ['x.routes.health: must be a path starting with "/"'] },
  {
    name: 'all problems at once',
    override: { lables: {}, mail: 'no', routes: { helth: '/h' } },
    problems: ['x.lables', 'x.mail: must be a boolean', 'x.routes.helth: unknown key -> did you mean `x.routes.health`?'],
  },
];
for (const row of OVERRIDES) {
  test(`checkOverride: ${row.name}`, () => {
    const found = checkOverride(DEFAULTS, row.override, 'x').map((p) => `${p.path}: ${p.message}${p.hint ? ` -> ${p.hint}` : ''}`);
    assert.equal(found.length, row.problems.length, found.join('\n'));
    row.problems.forEach((want, i) => assert.ok(found[i]!.startsWith(want), `${found[i]} should start with ${want}`));
  });
}

test('deepMerge: objects merge, lists and scalars replace, inputs untouched', () => {
  const base = { a: { b: 1, c: [1, 2] }, d: 'x' };
  const merged = deepMerge(base, { a: { c: [3] }, d: 'y' });
  assert.deepEqual(merged, { a: { b: 1, c: [3] }, d: 'y' });
  assert.deepEqual(base, { a: { b: 1, c: [1, 2] }, d: 'x' });
});

test('applyContract: contract over the profile, legacy routes win, default profile untouched', () => {
  const merged = applyContract(flowcomply, {
    contract: { expected: { readyServices: ['database', 'redis'] }, routes: { metrics: '/m' } },
    routes: { metrics: '/metrics2' },
  });
  assert.deepEqual(merged.expected.readyServices, ['database', 'redis']);
  assert.equal(merged.expected.queuePollGapMs, flowcomply.expected.queuePollGapMs);
  assert.equal(merged.routes.metrics, '/metrics2');
  assert.deepEqual(flowcomply.expected.readyServices, ['database', 'redis', 's3']);
});

test('checkContract: names the full key path for contract and legacy routes', () => {
  const problems = checkContract(financialRise, { contract: { labels: { emial: 'E' } }, routes: { helth: '/h' } }).map((p) => p.path);
  assert.deepEqual(problems, ['apps.financial-rise.contract.labels.emial', 'apps.financial-rise.routes.helth']);
  assert.ok('exactLabels' in contractOf(financialRise) && 'fields' in contractOf(financialRise) && !('rollback' in contractOf(financialRise)));
});

test('checkWaivers: unknown id and unknown expectation are errors with suggestions', () => {
  const problems = checkWaivers(
    'flowcomply',
    { 'fc.smoke.helth': 'x', 'fc.smoke.health:s4': 'no s3', 'fc.smoke.health:s3': 'no S3 here', 'fr.smoke.health': 'other app' },
    flowcomply,
  );
  const text = problems.map((p) => `${p.path} ${p.message} ${p.hint}`).join('\n');
  assert.equal(problems.length, 3, text);
  assert.match(text, /unknown check id "fc\.smoke\.helth"[\s\S]*did you mean "fc\.smoke\.health"/);
  assert.match(text, /unknown expectation "s4" of fc\.smoke\.health[\s\S]*fc\.smoke\.health:s3/);
  assert.match(text, /unknown check id "fr\.smoke\.health" for flowcomply/);
});

test('field paths: read by path; candidates for a missing one', () => {
  const body = { data: { jwt: 'abc', user: { email: 'a@b' } } };
  assert.equal(at(body, 'data.jwt'), 'abc');
  assert.equal(at(body, 'data.accessToken'), undefined);
  assert.deepEqual(
    candidatePaths(body, (k, v) => typeof v === 'string' && /token|jwt/i.test(k)),
    ['data.jwt'],
  );
});

test('CLI: a bad contract, route key and waiver are all listed with the key that fixes each, exit 3', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-contract-'));
  const file = join(dir, 'acme.json');
  await writeFile(
    file,
    JSON.stringify({
      name: 'acme',
      retires: 1,
      apps: {
        flowcomply: {
          apiUrl: 'https://api.acme.test',
          webUrl: 'https://app.acme.test',
          contract: { labels: { emial: 'E-mail' }, expected: { readyServices: ['database', 'redis'] } },
          routes: { metric: '/m' },
          waive: { 'fc.smoke.health:s4': 'no S4 in this region', 'fc.smoke.db-metric': 'none' },
          schemaFile: './nope.prisma',
        },
      },
    }),
  );
  const err: string[] = [];
  const io = { out: () => {}, err: (t: string) => void err.push(t), env: { PATH: process.env.PATH }, cwd: dir };
  const code = await main(['verify', '--app', 'flowcomply', '--env', file, '--only', 'db', '--out', join(dir, 'out')], io);
  assert.equal(code, 3);
  const text = err.join('\n');
  for (const want of [
    'retires: unknown key',
    'did you mean `retries`?',
    'apps.flowcomply.contract.labels.emial: unknown key',
    'did you mean `apps.flowcomply.contract.labels.email`?',
    'apps.flowcomply.routes.metric',
    '`apps.flowcomply.routes.metrics`',
    'unknown check id "fc.smoke.db-metric"',
    'fc.smoke.db-metrics',
    'unknown expectation "s4" of fc.smoke.health',
    'did you mean "fc.smoke.health:s3"',
    'apps.flowcomply.schemaFile: no file at',
  ])
    assert.ok(text.includes(want), `missing "${want}" in:\n${text}`);
});
