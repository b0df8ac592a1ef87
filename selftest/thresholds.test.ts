import { test } from 'node:test';
import assert from 'node:assert/strict';
import { financialRise, flowcomply } from '../config/apps/index.ts';
import { alarmSpecs } from '../src/checks/aws/alarm-rules.ts';
import { evaluateAlbP95 } from '../src/checks/aws/metric-rules.ts';
import { toResult } from '../src/checks/result.ts';
import { environmentSchema } from '../src/config/environment.ts';
import { mergeThresholds, thresholdsOverrideSchema, withThresholds } from '../src/config/thresholds.ts';
import { decide } from '../src/verdict/decide.ts';
import { T0, series } from './fixtures/aws/builders.ts';

const target = { apiUrl: 'https://api.example.com', webUrl: 'https://app.example.com' };

test('profiles hold the runbook thresholds', () => {
  assert.equal(financialRise.thresholds.tls.minDaysLeft, 14);
  assert.equal(financialRise.thresholds.logs.retentionDays, 30);
  assert.deepEqual(
    financialRise.thresholds.alarms.map((a) => [a.key, a.threshold, a.windowS]),
    [
      ['5xx', 10, 300],
      ['response-time', 1, 300],
      ['db-cpu', 80, 600],
      ['memory', 85, 600],
    ],
  );
  assert.deepEqual(flowcomply.thresholds.metrics, {
    windowMinutes: 60,
    albP95Ms: 200,
    ecsUtilPct: 80,
    rdsConnectionShare: 0.5,
    rdsDefaultMaxConnections: 100,
    redisHitRate: 0.7,
    minRequests: 100,
  });
  assert.deepEqual(flowcomply.thresholds.alarms, []);
});

test('an environment may override thresholds; unknown keys are config errors', () => {
  const env = (thresholds: unknown) => environmentSchema.safeParse({ name: 'x', apps: { flowcomply: { ...target, thresholds } } });
  const ok = env({ metrics: { albP95Ms: 300 }, alarms: { memory: { threshold: 90 } } });
  assert.ok(ok.success, JSON.stringify(ok.error?.issues));
  assert.equal(env({ metrics: { albP95: 300 } }).success, false, 'typo in a key');
  assert.equal(env({ alarms: { disk: { threshold: 1 } } }).success, false, 'unknown alarm key');
  assert.equal(env({ metrics: { redisHitRate: 70 } }).success, false, 'a ratio is 0..1');
});

test("mergeThresholds: the override wins key by key, the rest stays the profile's; the profile is not changed", () => {
  const merged = mergeThresholds(financialRise.thresholds, { tls: { minDaysLeft: 7 }, alarms: { memory: { threshold: 90 } } });
  assert.equal(merged.tls.minDaysLeft, 7);
  assert.equal(merged.logs.retentionDays, 30);
  assert.deepEqual(
    merged.alarms.find((a) => a.key === 'memory'),
    { key: 'memory', label: 'MemoryUtilization > 85 % for 10 min', threshold: 90, unit: ' %', windowS: 600 },
  );
  assert.equal(financialRise.thresholds.tls.minDaysLeft, 14);
  assert.equal(withThresholds(financialRise, undefined), financialRise);
  assert.equal(
    alarmSpecs(merged.alarms)
      .find((s) => s.key === 'memory')!
      .matches({ name: 'm', metric: 'MemoryUtilization' } as never),
    true,
  );
});

test('a healthy deployment slower than the default ALB target is GO with its environment override', () => {
  const latency = series([0.25], { stat: 'p95' });
  const strict = toResult('fc.mon.alb-p95', evaluateAlbP95(latency, flowcomply.thresholds.metrics.albP95Ms), T0, T0);
  const relaxed = withThresholds(flowcomply, { metrics: { albP95Ms: 300 } });
  const lenient = toResult('fc.mon.alb-p95', evaluateAlbP95(latency, relaxed.thresholds.metrics.albP95Ms), T0, T0);
  assert.deepEqual([strict.status, lenient.status], ['fail', 'pass']);
});

test("thresholds.lighthouse: an environment sets a page-load budget by metric; the others stay the runbook's", () => {
  const relaxed = withThresholds(financialRise, { lighthouse: { performance: 0.8 } });
  assert.deepEqual(
    relaxed.perf.lighthouse.map((b) => [b.metric, b.value]),
    [
      ['performance', 0.8],
      ['first-contentful-paint', 2000],
      ['interactive', 3000],
    ],
  );
  assert.equal(financialRise.perf.lighthouse[0]!.value, 0.9, 'the profile itself is not changed');
  assert.equal(withThresholds(financialRise, { tls: { minDaysLeft: 7 } }).perf, financialRise.perf);
  assert.equal(thresholdsOverrideSchema.safeParse({ lighthouse: { performance: 1.5 } }).success, false, 'a score is 0..1');
  assert.equal(thresholdsOverrideSchema.safeParse({ lighthouse: { lcp: 2500 } }).success, false, 'an unknown metric is an error, not ignored');
});

test('the verdict records the policy it applied', () => {
  const thresholds = { ...flowcomply.thresholds, load: flowcomply.load.thresholds };
  const v = decide([], { policy: flowcomply.rollback, flakyBlocksGo: false, thresholds });
  assert.deepEqual(v.policy.rollback, {
    immediateErrorRate: 0.05,
    considerErrorRate: 0.05,
    immediateDegradation: 0.5,
    considerDegradation: 0.25,
    choice: { code: 'option-1', data: 'option-2', full: 'option-2' },
  });
  assert.equal(v.policy.flakyBlocksGo, false);
  assert.deepEqual(v.policy.thresholds, thresholds);
});

test("loadGateConfig: the environment file's thresholds reach the resolved profile; the shared profile stays as it is", async () => {
  const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { loadGateConfig } = await import('../src/config/load.ts');
  const { Diagnostics } = await import('../src/config/diagnostics.ts');
  const dir = await mkdtemp(join(tmpdir(), 'postflight-thresholds-'));
  try {
    const file = join(dir, 'qa.json');
    await writeFile(file, JSON.stringify({ name: 'qa', apps: { flowcomply: { ...target, thresholds: { metrics: { albP95Ms: 300 } } } } }));
    const diags = new Diagnostics();
    const config = await loadGateConfig({ app: 'flowcomply', env: file, only: ['monitoring'], cwd: dir, processEnv: {} }, diags);
    assert.ok(config, JSON.stringify(diags.items));
    assert.equal(config.apps[0]!.profile.thresholds.metrics.albP95Ms, 300);
    assert.equal(config.apps[0]!.profile.thresholds.metrics.ecsUtilPct, 80);
    assert.equal(flowcomply.thresholds.metrics.albP95Ms, 200);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the frontend settle window is threshold data: 3 s by default, overridable, bounded', () => {
  assert.equal(financialRise.thresholds.frontend.settleMs, 3000);
  assert.equal(flowcomply.thresholds.frontend.settleMs, 3000);
  assert.equal(mergeThresholds(flowcomply.thresholds, { frontend: { settleMs: 500 } }).frontend.settleMs, 500);
  const env = (thresholds: unknown) => environmentSchema.safeParse({ name: 'x', apps: { flowcomply: { ...target, thresholds } } });
  assert.ok(env({ frontend: { settleMs: 0 } }).success);
  assert.equal(env({ frontend: { settleMs: 60_000 } }).success, false, 'at most 10 s: each page costs it once per run');
  assert.equal(env({ frontend: { settleMs: -1 } }).success, false);
});
