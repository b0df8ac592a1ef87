import { test } from 'node:test';
import assert from 'node:assert/strict';
import { financialRise, flowcomply } from '../config/apps/index.ts';
import { evaluateAlbErrorRate, evaluateAlbSlowdown, type AlbTraffic, type Baseline } from '../src/checks/aws/production-criteria.ts';
import { checkResult } from '../src/checks/result.ts';
import { toResult } from '../src/checks/result.ts';
import type { Finding } from '../src/core/finding.ts';
import type { Decision, RollbackRecommendation, Status } from '../src/core/types.ts';
import { decide } from '../src/verdict/decide.ts';
import { productionMetrics } from '../src/gate/baseline.ts';
import { albBaselineOf } from '../src/evidence/history/trend.ts';
import type { HistoryEntry } from '../src/evidence/history/entry.ts';
import { missingSettings, settingGaps, settingPresent } from '../src/config/setting-needs.ts';
import { applySettingGaps, runnableIds } from '../src/gate/setting-gaps.ts';
import { environmentSchema } from '../src/config/environment.ts';
import production from '../config/environments/production.ts';
import { silentSkips } from '../src/verdict/silent-skips.ts';
import { deployTimeFromJournal } from '../src/orchestrator/deploy-time.ts';

const FR = financialRise.rollback;
const FC = flowcomply.rollback;
const MIN = 100;
const traffic = (requests: number | undefined, target5xx?: number, p95Ms?: number): AlbTraffic => ({
  ...(requests !== undefined ? { requests } : {}),
  ...(target5xx !== undefined ? { target5xx } : {}),
  ...(p95Ms !== undefined ? { p95Ms } : {}),
  window: 'since the deploy (30 min)',
});
const statusOf = (id: string, f: Finding) => toResult(id, f, new Date(0), new Date(0));

// The runbooks' bands: FR immediate >= 10 %, consider 5-10 %; FC 5xx >= 5 % immediate (no consider band).
const ERROR_RATE: Array<[string, 'FR' | 'FC', AlbTraffic, Status, string?]> = [
  ['FR healthy: 0 of 1000', 'FR', traffic(1000, 0), 'pass'],
  ['FR 4.9 %: under every band', 'FR', traffic(1000, 49), 'pass'],
  ['FR 5 %: consider band, a person decides', 'FR', traffic(1000, 50), 'inconclusive', 'consider rollback'],
  ['FR 9.9 %: still consider', 'FR', traffic(1000, 99), 'inconclusive', 'consider rollback'],
  ['FR 10 %: immediate', 'FR', traffic(1000, 100), 'fail', 'immediate rollback'],
  ['FR 15 %: immediate', 'FR', traffic(600, 90), 'fail', 'immediate rollback'],
  ['no 5xx datapoint = no 5xx', 'FR', traffic(500), 'pass'],
  ['FC 4.9 %: pass', 'FC', traffic(1000, 49), 'pass'],
  ['FC 5 %: rollback (no consider band)', 'FC', traffic(1000, 50), 'fail', 'immediate rollback'],
  ['too few requests: not enough data, never pass', 'FR', traffic(99, 50), 'inconclusive', 'not enough data: 99 request'],
  ['no RequestCount datapoint at all: not enough data', 'FC', traffic(undefined), 'inconclusive', 'not enough data: 0 request'],
];

for (const [name, app, t, status, text] of ERROR_RATE) {
  test(`error-rate band: ${name}`, () => {
    const f = evaluateAlbErrorRate(t, app === 'FR' ? FR : FC, MIN);
    const r = statusOf(app === 'FR' ? 'fr.mon.error-rate' : 'fc.mon.error-rate', f);
    assert.equal(r.status, status, r.message);
    if (text) assert.ok(r.message.includes(text), r.message);
    if (/not enough data/.test(text ?? '')) assert.equal(r.cause, 'gate', 'not enough data is the gate\'s "could not measure", never the release\'s');
    if (status === 'fail' || (status === 'inconclusive' && !/not enough/.test(text ?? ''))) assert.equal(r.cause, 'target');
  });
}

const base = (p95Ms: number): Baseline => ({ p95Ms, source: 'run X, ALB p95' });
// FR: >= 50 % slower immediate, 25-50 % consider, and a slowdown under minDegradationMs (100 ms) is noise.
const SLOWDOWN: Array<[string, AlbTraffic, Baseline | undefined, Status, string?]> = [
  ['as fast as the baseline', traffic(1000, 0, 300), base(300), 'pass'],
  ['+20 %: under the bands', traffic(1000, 0, 360), base(300), 'pass'],
  ['+33 %, +100 ms: consider', traffic(1000, 0, 400), base(300), 'inconclusive', 'consider rollback'],
  ['+67 %: immediate', traffic(1000, 0, 500), base(300), 'fail', 'immediate rollback'],
  ['+80 % but only +40 ms: noise, not degradation', traffic(1000, 0, 90), base(50), 'pass'],
  ['no baseline: recorded, not judged (named skip)', traffic(1000, 0, 300), undefined, 'skipped', 'no baseline'],
  ['too few requests', traffic(20, 0, 900), base(300), 'inconclusive', 'not enough data'],
  ['requests but no latency datapoint', traffic(1000, 0), base(300), 'inconclusive', 'no TargetResponseTime datapoints'],
];

for (const [name, t, b, status, text] of SLOWDOWN) {
  test(`slowdown band: ${name}`, () => {
    const r = statusOf('fr.mon.slowdown', evaluateAlbSlowdown(t, FR, MIN, b));
    assert.equal(r.status, status, r.message);
    if (text) assert.ok(r.message.includes(text), r.message);
  });
}

// The verdict applies the same bands to the production metrics: the advice and the procedure follow.
const VERDICT: Array<[string, AlbTraffic, Baseline | undefined, Decision, RollbackRecommendation, string | undefined]> = [
  ['healthy traffic', traffic(1000, 0, 310), base(300), 'GO', 'none', undefined],
  ['5xx 15 %: NO-GO, immediate, procedure A', traffic(1000, 150, 300), base(300), 'NO-GO', 'immediate', 'A'],
  ['5xx 7 %: INCONCLUSIVE, consider, procedure A', traffic(1000, 70, 300), base(300), 'INCONCLUSIVE', 'consider', 'A'],
  ['p95 +33 %: INCONCLUSIVE, consider', traffic(1000, 0, 400), base(300), 'INCONCLUSIVE', 'consider', 'A'],
  ['p95 +67 %: NO-GO, immediate', traffic(1000, 0, 500), base(300), 'NO-GO', 'immediate', 'A'],
  ['too few requests: INCONCLUSIVE, no rollback', traffic(10, 5, 900), base(300), 'INCONCLUSIVE', 'none', undefined],
];

for (const [name, t, b, decision, rec, procedure] of VERDICT) {
  test(`verdict on production traffic: ${name}`, () => {
    const results = [statusOf('fr.mon.error-rate', evaluateAlbErrorRate(t, FR, MIN)), statusOf('fr.mon.slowdown', evaluateAlbSlowdown(t, FR, MIN, b))];
    const production = productionMetrics(results);
    const v = decide(results, { policy: FR, flakyBlocksGo: true, ...(production ? { production } : {}) });
    assert.equal(v.decision, decision, v.reasons.join('\n'));
    assert.equal(v.rollback.recommendation, rec, v.rollback.reasons.join('\n'));
    assert.equal(v.rollback.procedure, procedure);
    if (rec !== 'none')
      assert.ok(
        v.rollback.reasons.some((x) => x.startsWith('ALB traffic since the deploy: ')),
        v.rollback.reasons.join('\n'),
      );
  });
}

test('FlowComply 5xx over 5 %: NO-GO with option-1 (application rollback)', () => {
  const results = [statusOf('fc.mon.error-rate', evaluateAlbErrorRate(traffic(1000, 80), FC, MIN))];
  const v = decide(results, { policy: FC, flakyBlocksGo: true, production: productionMetrics(results)! });
  assert.equal(v.decision, 'NO-GO');
  assert.equal(v.rollback.recommendation, 'immediate');
  assert.equal(v.rollback.procedure, 'option-1');
});

test('the ALB baseline is the newest GO run that recorded an ALB p95', () => {
  const e = (runId: string, decision: Decision, finishedAt: string, albP95Ms?: number) =>
    ({ runId, decision, finishedAt, metrics: albP95Ms === undefined ? {} : { albP95Ms } }) as unknown as HistoryEntry;
  const entries = [e('a', 'GO', '2026-01-01', 100), e('b', 'NO-GO', '2026-01-03', 900), e('c', 'GO', '2026-01-02', 120), e('d', 'GO', '2026-01-04')];
  assert.deepEqual(albBaselineOf(entries), { p95Ms: 120, runId: 'c' });
  assert.deepEqual(albBaselineOf(entries, 'c'), { p95Ms: 100, runId: 'a' });
  assert.equal(albBaselineOf([]), undefined);
});

test('settingPresent: empty strings and arrays are missing', () => {
  const t = { aws: { loadBalancer: '', targetGroupArns: [], cacheCluster: 'x' }, statusPageUrl: 'https://s' };
  assert.equal(settingPresent(t, 'aws.loadBalancer'), false);
  assert.equal(settingPresent(t, 'aws.targetGroupArns'), false);
  assert.equal(settingPresent(t, 'aws.cacheCluster'), true);
  assert.equal(settingPresent(t, 'statusPageUrl'), true);
  assert.equal(settingPresent({}, 'aws.loadBalancer'), false);
});

test('production as shipped: every missing setting named, with the check ids it disables', () => {
  const env = environmentSchema.parse(production);
  const fr = missingSettings(settingGaps('financial-rise', env.apps['financial-rise'], env.name));
  const fc = missingSettings(settingGaps('flowcomply', env.apps.flowcomply, env.name));
  const find = (list: typeof fr, s: string) => list.find((m) => m.setting === s);
  assert.deepEqual(find(fr, 'apps.financial-rise.aws.loadBalancer')?.notRun, ['fr.mon.error-rate', 'fr.mon.slowdown']);
  assert.deepEqual(find(fr, 'apps.financial-rise.statusPageUrl')?.notRun, ['fr.mon.uptime']);
  assert.deepEqual(find(fr, 'apps.financial-rise.aws.targetGroupArns')?.partial, ['fr.pre.infra']);
  assert.deepEqual(find(fr, 'apps.financial-rise.aws.certificateArn')?.partial, ['fr.pre.tls']);
  assert.deepEqual(find(fr, 'apps.financial-rise.expectedMigration or apps.financial-rise.migrationsDir')?.partial, ['fr.deploy.migrations']);
  assert.equal(find(fr, 'apps.financial-rise.aws.distributionId'), undefined, 'production names its distribution');
  assert.deepEqual(find(fc, 'apps.flowcomply.aws.loadBalancer')?.notRun, ['fc.mon.alb-p95', 'fc.mon.error-rate']);
  assert.deepEqual(find(fc, 'apps.flowcomply.aws.cacheCluster')?.notRun, ['fc.mon.redis-hit-rate']);
});

test('a check whose setting is missing is not run and says so by name; a critical one keeps the run from GO', () => {
  const env = environmentSchema.parse(production);
  const gaps = settingGaps('financial-rise', env.apps['financial-rise'], env.name, ['fr.mon.alarms', 'fr.mon.error-rate', 'fr.pre.infra']);
  assert.deepEqual(runnableIds(['fr.mon.alarms', 'fr.mon.error-rate', 'fr.pre.infra'], gaps), ['fr.mon.alarms', 'fr.pre.infra']);
  const at = new Date(0);
  const produced = [
    checkResult('fr.mon.alarms', {
      message: 'ok',
      assertions: [{ name: 'a', expected: 0, actual: 0, operator: '==', passed: true, message: 'a' }],
      startedAt: at,
      durationMs: 1,
    }),
    checkResult('fr.mon.error-rate', { status: 'error', message: 'not measured: no runner result', startedAt: at, durationMs: 0 }),
    checkResult('fr.pre.infra', {
      message: 'Infrastructure ready',
      assertions: [{ name: 'a', expected: 0, actual: 0, operator: '==', passed: true, message: 'a' }],
      startedAt: at,
      durationMs: 1,
    }),
  ];
  const out = applySettingGaps(produced, gaps, at);
  const byId = new Map(out.map((r) => [r.id, r]));
  const skipped = byId.get('fr.mon.error-rate')!;
  assert.equal(skipped.status, 'skipped');
  assert.match(skipped.message, /^not run: apps\.financial-rise\.aws\.loadBalancer missing from environment production/);
  assert.equal(byId.get('fr.pre.infra')!.status, 'pass');
  assert.match(
    byId.get('fr.pre.infra')!.message,
    /not verified: target group health .* apps\.financial-rise\.aws\.targetGroupArns missing from environment production/,
  );
  assert.deepEqual(
    silentSkips(out).map((s) => s.id),
    ['fr.mon.error-rate'],
  );
  assert.equal(decide(out, { policy: FR, flakyBlocksGo: true }).decision, 'INCONCLUSIVE');
});

test('without an aws block the AWS needs are not listed one by one (the AWS checks say "no AWS resources" themselves)', () => {
  const gaps = settingGaps('financial-rise', { apiUrl: 'http://x', webUrl: 'http://x', statusPageUrl: 'http://s' } as never, 'local');
  assert.deepEqual(
    gaps.map((g) => g.setting),
    ['apps.financial-rise.expectedMigration or apps.financial-rise.migrationsDir'],
  );
});

test("deploy's gate window: the latest backend step of the journal started it (deploy or rollback); no such step, none", () => {
  const line = (stepId: string, at: string) => JSON.stringify({ event: 'step-started', at, stepId, attempt: 1, resumed: false, inputs: {} });
  const lines = [
    line('fr.orch.preflight', '2026-12-04T20:00:00.000Z'),
    line('fr.deploy.backend', '2026-12-04T20:05:00.000Z'),
    line('fr.orch.backend-logs', '2026-12-04T20:09:00.000Z'),
    '{"torn',
  ];
  assert.equal(deployTimeFromJournal(lines)?.toISOString(), '2026-12-04T20:05:00.000Z');
  assert.equal(deployTimeFromJournal([...lines, line('backend', '2026-12-04T20:30:00.000Z')])?.toISOString(), '2026-12-04T20:30:00.000Z');
  assert.equal(deployTimeFromJournal([line('fr.orch.preflight', '2026-12-04T20:00:00.000Z')]), undefined);
});
