import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { MOTO_INSTALL_HINT, findMotoServer, resetMoto, seedAwsWorld, startMoto, type MotoServer } from '../sandbox/aws/seed.ts';
import { LOCAL_AWS_NAMES } from '../sandbox/aws/names.ts';
import { createAwsClients } from '../src/aws/clients.ts';
import { runMonitoringChecks } from '../src/checks/aws/index.ts';
import type { GateContext } from '../src/checks/context.ts';
import type { AppId, CheckResult } from '../src/core/types.ts';
import { decide } from '../src/verdict/decide.ts';
import { productionMetrics } from '../src/gate/baseline.ts';
import { testContext } from './fixtures/aws/context.ts';
import { motoEnv } from './fixtures/aws/world.ts';

/**
 * Production's rollback criteria from CloudWatch on the real wire (AWS SDK -> moto): the load
 * balancer's datapoints are put with PutMetricData, the checks read them back since the deploy,
 * and the verdict applies the runbooks' bands. moto serves no percentile, so the p95 is its
 * stand-in, the Maximum (the message says so).
 */

const motoBin = await findMotoServer();
const skip = motoBin ? false : `moto_server is not on PATH — ${MOTO_INSTALL_HINT}`;
const REGION = 'us-east-1';
const IDS: Record<AppId, string[]> = { 'financial-rise': ['fr.mon.error-rate', 'fr.mon.slowdown'], flowcomply: ['fc.mon.error-rate'] };

describe('production rollback criteria from CloudWatch (moto)', { skip }, () => {
  let moto: MotoServer;
  before(async () => {
    moto = await startMoto();
  });
  after(async () => {
    await moto?.stop();
  });

  /** An empty CloudWatch, then `minutes` one-minute datapoints ending now: requests, 5xx, latencies (s). */
  async function traffic(app: AppId, perMinute: { requests: number; errors: number; latencyS: number[] }, minutes = 5): Promise<void> {
    await resetMoto(moto.endpoint);
    const aws = createAwsClients({ region: REGION, endpoint: moto.endpoint }, motoEnv());
    const Dimensions = [{ Name: 'LoadBalancer', Value: LOCAL_AWS_NAMES[app].loadBalancer! }];
    const now = Date.now();
    const data: MetricDatum[] = [];
    for (let i = 0; i < minutes; i++) {
      const Timestamp = new Date(now - (i + 1) * 60_000 + 5_000);
      data.push({ MetricName: 'RequestCount', Dimensions, Timestamp, Value: perMinute.requests, Unit: 'Count' });
      data.push({ MetricName: 'HTTPCode_Target_5XX_Count', Dimensions, Timestamp, Value: perMinute.errors, Unit: 'Count' });
      for (const v of perMinute.latencyS) data.push({ MetricName: 'TargetResponseTime', Dimensions, Timestamp, Value: v, Unit: 'Seconds' });
    }
    try {
      for (let i = 0; i < data.length; i += 20)
        await aws.cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/ApplicationELB', MetricData: data.slice(i, i + 20) }));
    } finally {
      aws.destroy();
    }
  }

  function ctxFor(app: AppId, extra: Partial<GateContext> = {}): GateContext {
    const base = testContext({ app, endpoint: moto.endpoint, processEnv: motoEnv(), deployedAt: new Date(Date.now() - 10 * 60_000) });
    return { ...base, ...extra };
  }
  const run = async (ctx: GateContext) => new Map((await runMonitoringChecks(ctx, IDS[ctx.app])).map((r) => [r.id, r] as const));
  const verdictOf = (ctx: GateContext, results: CheckResult[]) => {
    const production = productionMetrics(results);
    return decide(results, { policy: ctx.profile.rollback, flakyBlocksGo: true, ...(production ? { production } : {}) });
  };
  const withBaseline = (p95Ms: number): Partial<GateContext> => ({ baselines: { alb: { p95Ms, runId: 'earlier-go' } } });

  it('healthy datapoints: every check passes, the verdict is GO', async () => {
    await traffic('financial-rise', { requests: 200, errors: 1, latencyS: [0.08, 0.12, 0.2] });
    const ctx = ctxFor('financial-rise', withBaseline(190));
    const byId = await run(ctx);
    for (const id of IDS['financial-rise']) assert.equal(byId.get(id)!.status, 'pass', `${id}: ${byId.get(id)!.message}`);
    assert.equal(byId.get('fr.mon.error-rate')!.metrics?.albRequests, 1000);
    assert.equal(byId.get('fr.mon.error-rate')!.metrics?.albErrorRate, 0.005);
    assert.equal(verdictOf(ctx, [...byId.values()]).decision, 'GO');
  });

  it('5xx rate over the band: NO-GO, immediate rollback with procedure A (FR) and option-1 (FC)', async () => {
    await traffic('financial-rise', { requests: 200, errors: 30, latencyS: [0.1] });
    const fr = ctxFor('financial-rise', withBaseline(100));
    const frResults = [...(await run(fr)).values()];
    const frRate = frResults.find((r) => r.id === 'fr.mon.error-rate')!;
    assert.equal(frRate.status, 'fail', frRate.message);
    assert.match(frRate.message, /error rate 15% >= 10%: immediate rollback/);
    const v = verdictOf(fr, frResults);
    assert.equal(v.decision, 'NO-GO');
    assert.equal(v.rollback.recommendation, 'immediate');
    assert.equal(v.rollback.procedure, 'A');

    await traffic('flowcomply', { requests: 200, errors: 12, latencyS: [0.1] });
    const fc = ctxFor('flowcomply');
    const fcResults = [...(await run(fc)).values()];
    assert.equal(fcResults[0]!.status, 'fail', fcResults[0]!.message);
    const w = verdictOf(fc, fcResults);
    assert.deepEqual([w.decision, w.rollback.recommendation, w.rollback.procedure], ['NO-GO', 'immediate', 'option-1']);
  });

  it('5xx rate in the consider band: INCONCLUSIVE with "consider rollback"', async () => {
    await traffic('financial-rise', { requests: 200, errors: 14, latencyS: [0.1] });
    const ctx = ctxFor('financial-rise', withBaseline(100));
    const results = [...(await run(ctx)).values()];
    assert.equal(results.find((r) => r.id === 'fr.mon.error-rate')!.status, 'inconclusive');
    const v = verdictOf(ctx, results);
    assert.deepEqual([v.decision, v.rollback.recommendation], ['INCONCLUSIVE', 'consider']);
  });

  it('p95 over the slowdown bands: consider at +25-50 %, immediate at +50 % (against the last GO baseline)', async () => {
    await traffic('financial-rise', { requests: 200, errors: 0, latencyS: [0.1, 0.4] });
    const consider = ctxFor('financial-rise', withBaseline(300));
    const c = [...(await run(consider)).values()];
    const slow = c.find((r) => r.id === 'fr.mon.slowdown')!;
    assert.equal(slow.status, 'inconclusive', slow.message);
    assert.match(slow.message, /p95 400 ms is 33.3% slower than the last GO baseline \(300 ms\), >= 25%: consider rollback/);
    assert.match(slow.message, /upper bound of p95/, 'moto serves no percentile: the stand-in is named');
    assert.deepEqual([verdictOf(consider, c).decision, verdictOf(consider, c).rollback.recommendation], ['INCONCLUSIVE', 'consider']);

    const immediate = ctxFor('financial-rise', withBaseline(200));
    const i = [...(await run(immediate)).values()];
    assert.equal(i.find((r) => r.id === 'fr.mon.slowdown')!.status, 'fail');
    const v = verdictOf(immediate, i);
    assert.deepEqual([v.decision, v.rollback.recommendation, v.rollback.procedure], ['NO-GO', 'immediate', 'A']);
  });

  it('too few requests since the deploy: inconclusive (gate), never a pass, and no rollback advice', async () => {
    await traffic('financial-rise', { requests: 10, errors: 5, latencyS: [2] });
    const ctx = ctxFor('financial-rise', withBaseline(100));
    const results = [...(await run(ctx)).values()];
    for (const r of results) {
      assert.equal(r.status, 'inconclusive', `${r.id}: ${r.message}`);
      assert.equal(r.cause, 'gate');
      assert.match(r.message, /not enough data: 50 request\(s\) through the load balancer since the deploy/);
    }
    const v = verdictOf(ctx, results);
    assert.deepEqual([v.decision, v.rollback.recommendation], ['INCONCLUSIVE', 'none']);
  });

  it('datapoints before the deploy are not counted: "since the deploy" is the window', async () => {
    await traffic('financial-rise', { requests: 200, errors: 100, latencyS: [0.1] }, 5);
    const ctx = ctxFor('financial-rise', { deployedAt: new Date(Date.now() - 30_000) });
    const r = (await run(ctx)).get('fr.mon.error-rate')!;
    assert.equal(r.status, 'inconclusive', r.message);
    assert.match(r.message, /not enough data: 0 request/);
  });

  it('no load balancer named: the measure says which setting is missing, by name', async () => {
    const names = { ...LOCAL_AWS_NAMES, 'financial-rise': { ...LOCAL_AWS_NAMES['financial-rise'] } };
    delete names['financial-rise'].loadBalancer;
    const ctx = testContext({ app: 'financial-rise', endpoint: moto.endpoint, processEnv: motoEnv(), names });
    const r = (await run(ctx)).get('fr.mon.error-rate')!;
    assert.equal(r.status, 'error');
    assert.match(r.message, /apps\.financial-rise\.aws\.loadBalancer missing from environment selftest/);
  });

  it('the seeded sandbox world (fault fr:alb-5xx-high) reads as NO-GO; the healthy one passes', async () => {
    await resetMoto(moto.endpoint);
    await seedAwsWorld(moto.endpoint, REGION, undefined, new Set(['fr:alb-5xx-high']));
    const ctx = ctxFor('financial-rise');
    assert.equal((await run(ctx)).get('fr.mon.error-rate')!.status, 'fail');
    await resetMoto(moto.endpoint);
    await seedAwsWorld(moto.endpoint, REGION);
    assert.equal((await run(ctx)).get('fr.mon.error-rate')!.status, 'pass');
  });
});
