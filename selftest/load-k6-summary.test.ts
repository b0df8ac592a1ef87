import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectFormat, parseK6Summary, SummaryFormatError } from '../src/checks/load/k6-summary.ts';

/** The three shapes k6 writes, read into one LoadMeasurement (fixtures in selftest/fixtures/k6/). */

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/k6/${name}`, import.meta.url), 'utf8'));

test('handleSummary data: values under metrics.<name>.values, thresholds with ok, duration from state', () => {
  const m = parseK6Summary(fixture('handle-summary-pass.json'));
  assert.equal(m.format, 'handleSummary');
  assert.equal(m.engine, 'k6');
  assert.equal(m.requests, 28143);
  assert.equal(m.p95Ms, 44.8123);
  assert.equal(m.errorRate, 0);
  assert.equal(m.timeouts, 0);
  assert.ok(Math.abs(m.durationS - 60.4126) < 0.001);
  assert.ok(Math.abs(m.rps - 465.85) < 0.01);
  assert.deepEqual(m.thresholdsCrossed, []);
});

test('--summary-export (legacy): flat values, rate metrics as `value`, threshold `true` means FAILED', () => {
  const m = parseK6Summary(fixture('summary-export-error-rate.json'));
  assert.equal(m.format, 'summary-export');
  assert.equal(m.requests, 30512);
  assert.equal(m.p95Ms, 39.4417);
  // http_req_failed "passes" are the FAILED requests: 4137 of 30512.
  assert.ok(Math.abs(m.errorRate - 4137 / 30512) < 1e-6);
  assert.deepEqual(m.thresholdsCrossed, ['http_req_failed: rate<0.01']);
  // No state in this format: the duration comes from count / rate of http_reqs.
  assert.ok(Math.abs(m.durationS - 60.231) < 0.01, `durationS ${m.durationS}`);
});

test('k6 >= 1.5 machine-readable summary: results.metrics is an array; counters have only count', () => {
  const m = parseK6Summary(fixture('machine-readable-slow.json'));
  assert.equal(m.format, 'machine-readable');
  assert.equal(m.requests, 5210);
  assert.equal(m.p95Ms, 731.4408);
  assert.ok(Math.abs(m.errorRate - 3 / 5210) < 1e-6);
  assert.equal(m.timeouts, 3);
  assert.ok(Math.abs(m.durationS - 60.8713304) < 1e-9);
  assert.ok(Math.abs(m.rps - 5210 / 60.8713304) < 1e-6);
  // The format carries no thresholds: only the exit code says they were crossed.
  assert.deepEqual(m.thresholdsCrossed, []);
});

test('a sub-metric (http_req_duration{expected_response:true}) is not taken for the metric', () => {
  const data = fixture('machine-readable-pass.json') as { results: { metrics: { name: string; values: Record<string, number> }[] } };
  const sub = data.results.metrics.find((x) => x.name === 'http_req_duration{expected_response:true}');
  assert.ok(sub);
  sub.values['p(95)'] = 99999;
  assert.equal(parseK6Summary(data).p95Ms, 30.2276);
});

test('detectFormat tells the three apart and refuses anything else', () => {
  assert.equal(detectFormat(fixture('handle-summary-pass.json')), 'handleSummary');
  assert.equal(detectFormat(fixture('summary-export-error-rate.json')), 'summary-export');
  assert.equal(detectFormat(fixture('machine-readable-pass.json')), 'machine-readable');
  assert.throws(() => detectFormat({ hello: 'world' }), SummaryFormatError);
  assert.throws(() => detectFormat(null), SummaryFormatError);
});

test('a summary without requests or without p(95) is an error with what to do, never zeros', () => {
  const noReqs = { metrics: { http_reqs: { type: 'counter', contains: 'default', values: { count: 0, rate: 0 } } } };
  assert.throws(() => parseK6Summary(noReqs), /sent no request/);
  const noP95 = fixture('handle-summary-pass.json') as { metrics: Record<string, { values: Record<string, number> }> };
  delete noP95.metrics.http_req_duration.values['p(95)'];
  assert.throws(() => parseK6Summary(noP95), /summaryTrendStats/);
});

test('a foreign script without the timeouts counter reads as 0 timeouts', () => {
  const data = fixture('handle-summary-pass.json') as { metrics: Record<string, unknown> };
  delete data.metrics.timeouts;
  assert.equal(parseK6Summary(data).timeouts, 0);
});

test("429s are read from the scripts' `throttled` counter in all three formats, apart from the error rate", () => {
  const handle = parseK6Summary(fixture('handle-summary-throttled.json'));
  assert.equal(handle.format, 'handleSummary');
  assert.equal(handle.throttled, 27901);
  assert.equal(handle.requests, 28143);
  // The scripts declare 429 expected: http_req_failed holds only the 4 real failures.
  assert.equal(handle.errorRate, 0.000142);
  const exported = parseK6Summary(fixture('summary-export-throttled.json'));
  assert.equal(exported.format, 'summary-export');
  assert.equal(exported.throttled, 30107);
  assert.equal(exported.errorRate, 0);
  assert.deepEqual(exported.thresholdsCrossed, []);
  const machine = parseK6Summary(fixture('machine-readable-throttled.json'));
  assert.equal(machine.format, 'machine-readable');
  assert.equal(machine.throttled, 41177);
  assert.equal(machine.errorRate, 0);
  assert.equal(parseK6Summary(fixture('machine-readable-few-429.json')).throttled, 37);
});

test('a summary without the throttled counter (older or foreign script) reads as 0 throttled', () => {
  for (const name of ['handle-summary-pass.json', 'summary-export-error-rate.json', 'machine-readable-pass.json']) {
    assert.equal(parseK6Summary(fixture(name)).throttled, 0, name);
  }
});
