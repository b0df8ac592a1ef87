import { test } from 'node:test';
import assert from 'node:assert/strict';
import { financialRise } from '../config/apps/index.ts';
import { weightedSequence } from '../load/lib/mix.ts';
import { loadAssertions, loadMetrics, type LoadMeasurement } from '../src/checks/load/measurement.ts';
import { DEFAULT_MAX_THROTTLED_SHARE, throttling } from '../src/checks/load/throttling.ts';
import { chooseEngine, loadRefusal, resolveScenario } from '../src/checks/load/policy.ts';
import { resolveRunSettings } from '../src/config/run-settings.ts';

/** The pure decisions of the load gate: engine, safety, overrides, mix, judgement. */

test('engine choice: k6 required but missing is an error; auto falls back; embedded is honoured', () => {
  const rows: [Parameters<typeof chooseEngine>[0], boolean, string][] = [
    ['k6', true, 'k6'],
    ['k6', false, 'error'],
    ['auto', true, 'k6'],
    ['auto', false, 'embedded'],
    ['embedded', true, 'embedded'],
    ['embedded', false, 'embedded'],
  ];
  for (const [requested, found, expected] of rows) {
    const got = chooseEngine(requested, found);
    assert.equal('error' in got ? 'error' : got.engine, expected, `${requested} with k6 ${found ? 'found' : 'missing'}`);
  }
});

test('load is refused against anything but this machine unless allowLoad is set', () => {
  assert.equal(loadRefusal('http://127.0.0.1:3000', false), undefined);
  assert.equal(loadRefusal('http://localhost:3000', false), undefined);
  assert.equal(loadRefusal('http://[::1]:3000', false), undefined);
  assert.match(loadRefusal('https://api.financialrise.com', false) ?? '', /refused to generate load against api\.financialrise\.com.*allowLoad: true/);
  assert.match(loadRefusal('http://localhost.evil.example', false) ?? '', /refused/);
  assert.equal(loadRefusal('https://staging-api.example.com', true), undefined);
});

/** The run's settings as the config loader resolves them: flags, then the documented variables. */
const settings = (env: NodeJS.ProcessEnv, flags = {}) => resolveRunSettings(flags, env).load;

test('duration and VUs: options beat the run settings (--load-duration, then POSTFLIGHT_LOAD_*) which beat the profile', () => {
  const base = financialRise.load;
  assert.equal(resolveScenario(base, {}, {}).durationS, 60);
  assert.equal(resolveScenario(base, {}, settings({ POSTFLIGHT_LOAD_DURATION_S: '10' })).durationS, 10);
  assert.equal(resolveScenario(base, { durationS: 4 }, settings({ POSTFLIGHT_LOAD_DURATION_S: '10' })).durationS, 4);
  assert.equal(resolveScenario(base, {}, settings({ POSTFLIGHT_LOAD_DURATION_S: '10' }, { loadDurationS: 2 })).durationS, 2, 'the flag beats the variable');
  assert.equal(resolveScenario(base, {}, settings({ POSTFLIGHT_LOAD_VUS: '3' })).vus, 3);
  assert.equal(resolveScenario(base, {}, settings({ POSTFLIGHT_LOAD_DURATION_S: 'soon' })).durationS, 60, 'garbage is ignored, not NaN');
  assert.deepEqual(resolveScenario(base, { durationS: 4 }, {}).thresholds, base.thresholds);
});

test('the weighted mix holds the weights exactly per cycle and interleaves them', () => {
  const seq = weightedSequence(financialRise.load.requests);
  assert.equal(seq.length, 10);
  const count = (name: string) => seq.filter((r) => r.name === name).length;
  assert.equal(count('health'), 1);
  assert.equal(count('list assessments'), 6);
  assert.equal(count('questions'), 3);
  // Not bunched: the three question requests are not back to back.
  const idx = seq.map((r, i) => (r.name === 'questions' ? i : -1)).filter((i) => i >= 0);
  assert.ok(idx[1] - idx[0] > 1 && idx[2] - idx[1] > 1, `questions at ${idx.join(',')}`);
  assert.deepEqual(weightedSequence([{ weight: 4 }, { weight: 2 }]).length, 3, 'reduced by the gcd');
  assert.deepEqual(weightedSequence([{ weight: 0 }]), []);
});

const measured = (m: Partial<LoadMeasurement>): LoadMeasurement => ({
  engine: 'embedded',
  requests: 1000,
  p95Ms: 120,
  errorRate: 0,
  timeouts: 0,
  throttled: 0,
  rps: 100,
  durationS: 10,
  thresholdsCrossed: [],
  ...m,
});

test('judgement: p95 < 500 ms, error rate < 1 %, no timeouts — each can fail alone', () => {
  const th = financialRise.load.thresholds;
  const failing = (m: Partial<LoadMeasurement>) =>
    loadAssertions(measured(m), th)
      .filter((a) => !a.passed)
      .map((a) => a.name);
  assert.deepEqual(failing({}), []);
  assert.deepEqual(failing({ p95Ms: 612.4 }), ['p95 latency']);
  assert.deepEqual(failing({ errorRate: 0.15 }), ['error rate']);
  assert.deepEqual(failing({ errorRate: 0.01 }), ['error rate'], 'exactly 1 % is not < 1 %');
  assert.deepEqual(failing({ timeouts: 1 }), ['timeouts']);
  const msg = loadAssertions(measured({ errorRate: 0.15 }), th)[1].message;
  assert.match(msg, /15 %: 150 of 1000 requests failed/);
});

test("k6's own verdict counts: exit 99 or crossed thresholds fail even when our three pass", () => {
  const th = financialRise.load.thresholds;
  const byExit = loadAssertions(measured({ engine: 'k6' }), th, 99);
  assert.equal(byExit.at(-1)?.passed, false);
  assert.match(byExit.at(-1)?.message ?? '', /exited 99/);
  const byList = loadAssertions(measured({ engine: 'k6', thresholdsCrossed: ['checks: rate>0.99'] }), th, 99);
  assert.match(byList.at(-1)?.message ?? '', /checks: rate>0\.99/);
  assert.equal(loadAssertions(measured({ engine: 'k6' }), th, 0).length, 3);
});

test('pacing: options first, then POSTFLIGHT_LOAD_RATE (run settings), then the profile; none means back to back', () => {
  const base = financialRise.load;
  assert.equal(resolveScenario(base, {}, {}).arrivalRate, undefined);
  assert.equal(resolveScenario(base, {}, settings({ POSTFLIGHT_LOAD_RATE: '0.1' })).arrivalRate, 0.1);
  assert.equal(resolveScenario(base, { arrivalRate: 5 }, settings({ POSTFLIGHT_LOAD_RATE: '0.1' })).arrivalRate, 5);
  assert.equal(resolveScenario({ ...base, arrivalRate: 2 }, {}, settings({ POSTFLIGHT_LOAD_RATE: 'fast' })).arrivalRate, 2);
});

test("throttling: 429s above the scenario's share (default 1 %) make the run the gate's problem", () => {
  const rows: [string, { requests: number; throttled: number }, { maxThrottledShare?: number }, boolean][] = [
    ['no 429', { requests: 1000, throttled: 0 }, {}, false],
    ['exactly 1 %', { requests: 1000, throttled: 10 }, {}, false],
    ['just above 1 %', { requests: 1000, throttled: 11 }, {}, true],
    ['nearly all (the issue: 99 %)', { requests: 30000, throttled: 29700 }, {}, true],
    ['a scenario that tolerates 5 %', { requests: 1000, throttled: 40 }, { maxThrottledShare: 0.05 }, false],
    ['a scenario that tolerates none', { requests: 1000, throttled: 1 }, { maxThrottledShare: 0 }, true],
    ['no request at all', { requests: 0, throttled: 0 }, {}, false],
  ];
  for (const [title, m, scenario, expected] of rows) assert.equal(throttling(m, scenario).throttled, expected, title);
  const t = throttling({ requests: 30000, throttled: 29700 }, { arrivalRate: 20 });
  assert.equal(
    t.message,
    "the target rate-limited the gate (29700 of 30000 requests answered 429, 99 % > 1 % allowed (the scenario is paced at 20 requests/s)): allowlist the gate's IP or lower the rate",
  );
  assert.equal(DEFAULT_MAX_THROTTLED_SHARE, 0.01);
});

test('the error rate leaves 429s out; the metrics carry them as throttled429', () => {
  const m = measured({ requests: 1000, throttled: 300, errorRate: 0.002 });
  assert.deepEqual(
    loadAssertions(m, financialRise.load.thresholds).filter((a) => !a.passed),
    [],
  );
  assert.equal(loadMetrics(m, { vus: 10 }).throttled429, 300);
});
