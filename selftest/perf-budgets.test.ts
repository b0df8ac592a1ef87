import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUNBOOK_LIGHTHOUSE, type ApiBudget } from '../src/config/app-profile.ts';
import { median, percentile, spread } from '../src/checks/perf/stats.ts';
import { lighthouseMetrics, pageAssertions, unmeasuredPages } from '../src/checks/perf/lighthouse-budgets.ts';
import { evaluateEndpoint } from '../src/checks/perf/api-budgets.ts';
import { pageUrl, runsFor } from '../src/checks/perf/lighthouse-check.ts';
import { resolveRunSettings } from '../src/config/run-settings.ts';
import { answerFor } from '../src/checks/perf/assessment-setup.ts';
import { pageSlug, type LighthouseSample } from '../perf/lighthouse.ts';
import { financialRise } from '../config/apps/index.ts';

/** The pure side of the perf gate: statistics, Lighthouse budgets, API budgets. */

test('percentile is nearest-rank; median averages the middle pair; nothing in, nothing out', () => {
  const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
  assert.equal(percentile(ten, 95), 10);
  assert.equal(percentile(ten, 50), 5);
  assert.equal(percentile(ten, 90), 9);
  assert.equal(percentile([42], 95), 42);
  assert.equal(percentile([], 95), undefined);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([]), undefined);
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.deepEqual(spread(hundred), { min: 1, median: 50.5, max: 100, p50: 50, p95: 95, count: 100 });
  const big = Array.from({ length: 300_000 }, (_, i) => i);
  assert.equal(spread(big)?.max, 299_999, 'no spread of arguments: a long run has more samples than a call takes');
});

const sample = (run: number, m: LighthouseSample['metrics'], page = '/login', error?: string): LighthouseSample => ({
  page,
  url: `http://127.0.0.1${page}`,
  run,
  metrics: m,
  htmlPath: `lighthouse/x/${run}.html`,
  jsonPath: `lighthouse/x/${run}.json`,
  durationMs: 6000,
  ...(error ? { error } : {}),
});

test('one assertion per budget: the median is the actual, every run in values, min/median/max in the message', () => {
  const runs = [
    sample(1, { performance: 0.97, 'first-contentful-paint': 812.4, interactive: 1405.2 }),
    sample(2, { performance: 0.88, 'first-contentful-paint': 2310.0, interactive: 2907.7 }),
    sample(3, { performance: 0.95, 'first-contentful-paint': 905.1, interactive: 1502.3 }),
  ];
  const [perf, fcp, tti] = pageAssertions('/login', runs, RUNBOOK_LIGHTHOUSE);
  assert.equal(perf.actual, 0.95);
  assert.deepEqual(perf.values, [0.97, 0.88, 0.95]);
  assert.equal(perf.passed, true, 'one bad run does not fail the median');
  assert.match(perf.message, /min 0\.88, median 0\.95, max 0\.97 over 3 run\(s\)/);
  assert.equal(fcp.actual, 905);
  assert.equal(fcp.operator, '<');
  assert.equal(tti.actual, 1502);
  assert.match(tti.message, /TTI \(median\): 1502 ms meets < 3000 ms/);
});

test('a median over budget fails; a run with a runtime error is left out, not counted as zero', () => {
  const runs = [
    sample(1, { performance: 0.61, 'first-contentful-paint': 2410, interactive: 4100 }),
    sample(2, {}, '/login', 'NO_FCP: The page did not paint any content.'),
    sample(3, { performance: 0.64, 'first-contentful-paint': 2390, interactive: 4010 }),
  ];
  const as = pageAssertions('/login', runs, RUNBOOK_LIGHTHOUSE);
  assert.deepEqual(
    as.map((a) => a.passed),
    [false, false, false],
  );
  assert.deepEqual(as[0].values, [0.61, 0.64]);
  assert.equal(as[0].actual, 0.625);
  assert.deepEqual(unmeasuredPages(runs), []);
  assert.deepEqual(unmeasuredPages([sample(1, {}, '/x', 'ERRORED_DOCUMENT_REQUEST: 500')]), [{ page: '/x', errors: ['ERRORED_DOCUMENT_REQUEST: 500'] }]);
});

test('headline metrics: the worst page speaks for the app', () => {
  const m = lighthouseMetrics([
    sample(1, { performance: 0.99, 'first-contentful-paint': 300, interactive: 400 }, '/login'),
    sample(1, { performance: 0.71, 'first-contentful-paint': 1900, interactive: 3300 }, '/dashboard'),
  ]);
  assert.deepEqual(m, { runs: 2, performanceMedian: 0.71, fcpMedianMs: 1900, ttiMedianMs: 3300 });
});

const budget = (b: Partial<ApiBudget>): ApiBudget => ({
  name: 'GET /assessments',
  method: 'GET',
  route: 'assessments',
  budgetMs: 300,
  aggregation: 'p95',
  samples: 10,
  warmup: 2,
  ...b,
});

test('API budget: p50/p95/max in the message and metrics; over budget fails', () => {
  const ok = evaluateEndpoint({ budget: budget({}), latenciesMs: [41, 38, 45, 52, 40, 39, 44, 47, 43, 61], failures: [] });
  assert.equal(ok.status, 'pass');
  assert.match(ok.assertions[0].message, /GET \/assessments p95: 61 ms meets < 300 ms \(p50 43 ms, p95 61 ms, max 61 ms over 10 sample\(s\)\)/);
  assert.equal(ok.metrics['GET /assessments p50Ms'], 43);
  const slow = evaluateEndpoint({ budget: budget({}), latenciesMs: [441, 438, 445, 452, 440], failures: [] });
  assert.equal(slow.status, 'fail');
  const max = evaluateEndpoint({
    budget: budget({ name: 'POST /reports/generate', aggregation: 'max', budgetMs: 5000 }),
    latenciesMs: [2100, 7050],
    failures: [],
  });
  assert.equal(max.status, 'fail');
  assert.equal(max.assertions[0].actual, 7050);
});

test('API budget: a non-2xx answer is a failure of its own, kept out of the percentiles', () => {
  const v = evaluateEndpoint({ budget: budget({}), latenciesMs: [40, 41, 42], failures: ['HTTP 503 {"message":"Service Unavailable"}'] });
  assert.equal(v.status, 'fail');
  assert.deepEqual(
    v.assertions.map((a) => [a.name, a.passed]),
    [
      ['GET /assessments non-2xx responses', false],
      ['GET /assessments p95', true],
    ],
  );
  assert.match(v.summary, /first: HTTP 503/);
  const all = evaluateEndpoint({ budget: budget({}), latenciesMs: [], failures: ['HTTP 500 boom'] });
  assert.equal(all.status, 'fail');
});

test('API budget that could not be set up is an error, never a pass', () => {
  const v = evaluateEndpoint({
    budget: budget({ name: 'POST /reports/generate' }),
    latenciesMs: [],
    failures: [],
    setupError: 'could not make a completed assessment',
  });
  assert.equal(v.status, 'error');
  assert.deepEqual(v.assertions, []);
  assert.equal(evaluateEndpoint({ budget: budget({}), latenciesMs: [], failures: [] }).status, 'error');
});

test('pages, slugs, runs and answers', () => {
  assert.equal(pageUrl('https://app.example.com/', '/login'), 'https://app.example.com/login');
  assert.equal(pageUrl('https://example.com/base', '/login'), 'https://example.com/base/login');
  assert.equal(pageSlug('/login'), 'login');
  assert.equal(pageSlug('/'), 'home');
  assert.equal(pageSlug('/assessments/new?x=1'), 'assessments-new-x-1');
  const ctx = { profile: financialRise, settings: { load: {} } };
  assert.equal(runsFor(ctx), 3);
  assert.equal(runsFor({ ...ctx, settings: resolveRunSettings({}, { POSTFLIGHT_LIGHTHOUSE_RUNS: '5' }) }), 5);
  assert.equal(runsFor({ ...ctx, settings: resolveRunSettings({}, { POSTFLIGHT_LIGHTHOUSE_RUNS: '5' }) }, 1), 1);
  assert.equal(runsFor({ ...ctx, settings: resolveRunSettings({ lighthouseRuns: 2 }, { POSTFLIGHT_LIGHTHOUSE_RUNS: '5' }) }), 2, 'the flag wins');
  assert.equal(runsFor({ ...ctx, settings: resolveRunSettings({}, { POSTFLIGHT_LIGHTHOUSE_RUNS: '2.5' }) }), 3, 'not a whole number: the profile');
  assert.deepEqual(answerFor({ id: 'A', type: 'single_choice', options: [{ value: 'yes' }] }), { value: 'yes' });
  assert.deepEqual(answerFor({ id: 'B', type: 'multiple_choice', options: [{ value: 'x' }, { value: 'y' }] }), { value: ['x'] });
  assert.deepEqual(answerFor({ id: 'C', type: 'scale', options: [{ value: 1 }] }), { value: 1 });
  assert.equal(typeof answerFor({ id: 'D', type: 'text' }).value, 'string');
});
