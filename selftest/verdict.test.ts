import { test } from 'node:test';
import assert from 'node:assert/strict';
import { financialRise, flowcomply } from '../config/apps/index.ts';
import type { RollbackPolicy } from '../src/config/app-profile.ts';
import type { CheckResult, Decision, RollbackRecommendation, Severity, Status } from '../src/core/types.ts';
import { decide, type DecideInput } from '../src/verdict/decide.ts';

/** A minimal CheckResult: only what the verdict reads varies. */
function r(id: string, status: Status, severity: Severity = 'critical', extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    app: id.startsWith('fc.') ? 'flowcomply' : 'financial-rise',
    phase: 'smoke',
    title: id,
    runbookRef: 'runbook line',
    severity,
    status,
    message: `${id} said ${status}`,
    assertions: [],
    evidence: [],
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 10,
    attempts: 1,
    flaky: false,
    ...extra,
  };
}

const FR: RollbackPolicy = financialRise.rollback;
const FC: RollbackPolicy = flowcomply.rollback;
const base: DecideInput = { policy: FR, flakyBlocksGo: true };

interface Row {
  name: string;
  results: CheckResult[];
  input?: Partial<DecideInput>;
  decision: Decision;
  rollback: RollbackRecommendation;
  /** Which procedure of the policy's choice table is recommended (none when no rollback). */
  procedure?: 'code' | 'data' | 'full';
  /** Ids expected under gate health, in order (checked when given). */
  gateHealth?: string[];
  reasons?: string[];
  rollbackReasons?: string[];
}

const pass = (id: string) => r(id, 'pass');

const ROWS: Row[] = [
  {
    name: 'all pass',
    results: [pass('fr.smoke.health'), pass('fr.smoke.reports')],
    decision: 'GO',
    rollback: 'none',
    reasons: ['all 2 measured check(s) passed'],
  },
  {
    name: 'critical fail',
    results: [pass('fr.smoke.health'), r('fr.smoke.reports', 'fail')],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
    reasons: ['fr.smoke.reports (critical) fail: fr.smoke.reports said fail'],
    rollbackReasons: ['critical check fr.smoke.reports failed'],
  },
  {
    name: 'major fail',
    results: [pass('fr.smoke.health'), r('fr.smoke.admin', 'fail', 'major')],
    decision: 'NO-GO',
    rollback: 'consider',
    procedure: 'code',
    reasons: ['fr.smoke.admin (major) fail:'],
  },
  { name: 'minor fail', results: [r('fr.mon.uptime', 'fail', 'minor')], decision: 'NO-GO', rollback: 'consider', procedure: 'code' },
  {
    name: 'critical + major fail: immediate wins',
    results: [r('fr.perf.api', 'fail', 'major'), r('fr.smoke.health', 'fail')],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
  },
  {
    name: 'migrations fail: data procedure, destructive',
    results: [r('fr.deploy.migrations', 'fail')],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'data',
    rollbackReasons: ['fr.deploy.migrations failed', 'destructive', 'explicit confirmation'],
  },
  {
    name: 'FlowComply schema fail: option 2',
    results: [r('fc.deploy.schema', 'fail')],
    input: { policy: FC },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'data',
    rollbackReasons: ['option-2 (Rollback Database) is destructive'],
  },
  {
    name: 'seed fail with a smoke fail: both wrong, full procedure',
    results: [r('fr.smoke.health', 'fail'), r('fr.deploy.seed', 'fail')],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'full',
    rollbackReasons: ['fr.deploy.seed (data) and fr.smoke.health (code) failed', 'C (Full System Rollback) is destructive'],
  },
  { name: 'snapshot fail is not a data check', results: [r('fr.deploy.db-snapshot', 'fail')], decision: 'NO-GO', rollback: 'immediate', procedure: 'code' },
  {
    name: 'data check error (not fail): no data procedure',
    results: [pass('fr.smoke.health'), r('fr.deploy.schema', 'error')],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
  },
  {
    name: 'error only',
    results: [pass('fr.smoke.health'), r('fr.mon.alarms', 'error')],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
    reasons: ['fr.mon.alarms (critical) error:'],
    rollbackReasons: ['could not measure'],
  },
  {
    name: 'inconclusive only',
    results: [pass('fr.smoke.health'), r('fr.load.k6', 'inconclusive', 'major')],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
    reasons: ['fr.load.k6 (major) inconclusive:'],
  },
  {
    name: 'error and fail: fail wins',
    results: [r('fr.mon.alarms', 'error'), r('fr.smoke.admin', 'fail', 'major')],
    decision: 'NO-GO',
    rollback: 'consider',
    procedure: 'code',
  },
  { name: 'zero results', results: [], decision: 'INCONCLUSIVE', rollback: 'none', reasons: ['nothing was measured'] },
  { name: 'only skipped', results: [r('fr.smoke.admin', 'skipped', 'major')], decision: 'INCONCLUSIVE', rollback: 'none', reasons: ['nothing was measured'] },
  {
    name: 'pass + skipped: skipped alone does not block',
    results: [pass('fr.smoke.health'), r('fr.mon.uptime', 'skipped', 'minor')],
    decision: 'GO',
    rollback: 'none',
    reasons: ['(1 skipped)'],
  },
  {
    name: 'skipped because prerequisite failed',
    results: [r('fr.smoke.health', 'fail'), r('fr.smoke.reports', 'skipped', 'critical', { message: 'not run: prerequisite fr.smoke.health failed' })],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
    reasons: ['fr.smoke.reports (critical) skipped: not run: prerequisite'],
  },
  {
    name: 'flaky blocks GO',
    results: [pass('fr.smoke.health'), r('fr.smoke.admin', 'pass', 'major', { attempts: 2, flaky: true })],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
    reasons: ['fr.smoke.admin (major) flaky', 'block GO'],
  },
  {
    name: 'flaky allowed',
    results: [pass('fr.smoke.health'), r('fr.smoke.admin', 'pass', 'major', { attempts: 2, flaky: true })],
    input: { flakyBlocksGo: false },
    decision: 'GO',
    rollback: 'none',
    reasons: ['allowed to pass'],
  },
  // Several attempts alone are not flaky: a serial flow reruns steps that had passed (flaky.ts).
  { name: 'rerun with its flow, never failed: not flaky', results: [r('fr.smoke.admin', 'pass', 'major', { attempts: 3 })], decision: 'GO', rollback: 'none' },
  {
    name: 'failing check with retries is not flaky',
    results: [r('fr.smoke.admin', 'fail', 'major', { attempts: 3 })],
    input: { flakyBlocksGo: true },
    decision: 'NO-GO',
    rollback: 'consider',
    procedure: 'code',
  },
  {
    name: 'FR error rate 12%',
    results: [pass('fr.smoke.health')],
    input: { observed: { errorRate: 0.12 } },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
    reasons: ['error rate 12% >= 10%'],
  },
  {
    name: 'FR error rate exactly 10%',
    results: [pass('fr.smoke.health')],
    input: { observed: { errorRate: 0.1 } },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
  },
  {
    name: 'FR error rate 7%: consider band',
    results: [pass('fr.smoke.health')],
    input: { observed: { errorRate: 0.07 } },
    decision: 'INCONCLUSIVE',
    rollback: 'consider',
    procedure: 'code',
    rollbackReasons: ['error rate 7% >= 5%: consider'],
  },
  { name: 'FR error rate 4.9%', results: [pass('fr.smoke.health')], input: { observed: { errorRate: 0.049 } }, decision: 'GO', rollback: 'none' },
  {
    name: 'FC error rate 5%: no consider band',
    results: [pass('fc.smoke.health')],
    input: { policy: FC, observed: { errorRate: 0.05 } },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
    rollbackReasons: ['>= 5%: immediate'],
  },
  { name: 'FC error rate 4%', results: [pass('fc.smoke.health')], input: { policy: FC, observed: { errorRate: 0.04 } }, decision: 'GO', rollback: 'none' },
  {
    name: 'p95 60% slower',
    results: [pass('fr.smoke.health')],
    input: { baseline: { p95Ms: 200 }, observed: { p95Ms: 320 } },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
    reasons: ['p95 320 ms is 60% slower than the last GO baseline (200 ms)'],
  },
  {
    name: 'p95 exactly 50% slower',
    results: [pass('fr.smoke.health')],
    input: { baseline: { p95Ms: 200 }, observed: { p95Ms: 300 } },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
  },
  {
    name: 'p95 30% slower: consider',
    results: [pass('fr.smoke.health')],
    input: { baseline: { p95Ms: 400 }, observed: { p95Ms: 520 } },
    decision: 'INCONCLUSIVE',
    rollback: 'consider',
    procedure: 'code',
  },
  {
    name: 'p95 three times the baseline but 46 ms slower: noise, not degradation',
    results: [pass('fr.smoke.health')],
    input: { baseline: { p95Ms: 23 }, observed: { p95Ms: 69 } },
    decision: 'GO',
    rollback: 'none',
  },
  {
    name: 'p95 20% slower',
    results: [pass('fr.smoke.health')],
    input: { baseline: { p95Ms: 200 }, observed: { p95Ms: 240 } },
    decision: 'GO',
    rollback: 'none',
  },
  {
    name: 'p95 faster than baseline',
    results: [pass('fr.smoke.health')],
    input: { baseline: { p95Ms: 200 }, observed: { p95Ms: 100 } },
    decision: 'GO',
    rollback: 'none',
  },
  { name: 'no baseline: degradation not judged', results: [pass('fr.smoke.health')], input: { observed: { p95Ms: 9000 } }, decision: 'GO', rollback: 'none' },
  {
    name: 'baseline 0 ignored',
    results: [pass('fr.smoke.health')],
    input: { baseline: { p95Ms: 0 }, observed: { p95Ms: 9000 } },
    decision: 'GO',
    rollback: 'none',
  },
  { name: 'NaN error rate ignored', results: [pass('fr.smoke.health')], input: { observed: { errorRate: Number.NaN } }, decision: 'GO', rollback: 'none' },
  {
    name: 'error + consider metric',
    results: [pass('fr.smoke.health'), r('fr.mon.alarms', 'error')],
    input: { observed: { errorRate: 0.06 } },
    decision: 'INCONCLUSIVE',
    rollback: 'consider',
    procedure: 'code',
  },
  {
    name: 'error + immediate metric',
    results: [r('fr.mon.alarms', 'error')],
    input: { observed: { errorRate: 0.2 } },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
  },
  {
    name: 'waived + pass: GO, the waiver is listed, never counted as pass',
    results: [
      pass('fc.smoke.health'),
      r('fc.smoke.db-metrics', 'waived', 'major', { waivers: [{ item: 'fc.smoke.db-metrics', reason: 'no metrics endpoint', by: 'environment "acme"' }] }),
    ],
    input: { policy: FC },
    decision: 'GO',
    rollback: 'none',
    reasons: [
      'all 1 measured check(s) passed, 1 item(s) waived',
      'fc.smoke.db-metrics not verified by the gate (waived by environment "acme"): no metrics endpoint',
    ],
  },
  {
    name: 'only waived: nothing measured',
    results: [
      r('fc.smoke.db-metrics', 'waived', 'major', { waivers: [{ item: 'fc.smoke.db-metrics', reason: 'no metrics endpoint', by: 'environment "acme"' }] }),
    ],
    input: { policy: FC },
    decision: 'INCONCLUSIVE',
    rollback: 'none',
    reasons: ['nothing was measured', 'not verified by the gate'],
  },
  {
    name: 'waived does not hide a fail',
    results: [
      r('fc.smoke.login', 'fail'),
      r('fc.smoke.db-metrics', 'waived', 'major', { waivers: [{ item: 'fc.smoke.db-metrics', reason: 'no metrics endpoint', by: 'environment "acme"' }] }),
    ],
    input: { policy: FC },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
    reasons: ['fc.smoke.login (critical) fail', 'fc.smoke.db-metrics not verified'],
  },
  {
    name: 'expectation waiver: the check is waived, not a pass; GO and listed',
    results: [
      pass('fc.smoke.login'),
      r('fc.smoke.health', 'waived', 'critical', { waivers: [{ item: 'fc.smoke.health:s3', reason: 'no S3 in this region', by: 'environment "acme"' }] }),
    ],
    input: { policy: FC },
    decision: 'GO',
    rollback: 'none',
    reasons: ['fc.smoke.health:s3 not verified by the gate (waived by environment "acme"): no S3 in this region'],
  },
  {
    name: 'major fail + immediate metric',
    results: [r('fr.perf.api', 'fail', 'major')],
    input: { baseline: { p95Ms: 100 }, observed: { p95Ms: 400 } },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
  },

  // Procedure choice: by the catalogue's rollback meaning of the target failures, per app.
  {
    name: 'FR code fail: procedure A',
    results: [r('fr.smoke.assessment-create', 'fail')],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
    rollbackReasons: ['critical check fr.smoke.assessment-create failed'],
  },
  {
    name: 'FR data fail: procedure B',
    results: [r('fr.deploy.schema', 'fail'), pass('fr.smoke.health')],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'data',
    rollbackReasons: ['B (Restore Database) is destructive'],
  },
  {
    name: 'FR code and data fail: procedure C',
    results: [r('fr.smoke.admin', 'fail', 'major'), r('fr.deploy.migrations', 'fail')],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'full',
    rollbackReasons: ['both the database and the code are wrong'],
  },
  {
    name: 'FC code fail: option 1',
    results: [r('fc.smoke.login', 'fail')],
    input: { policy: FC },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
  },
  {
    name: 'FC data fail: option 2',
    results: [r('fc.deploy.migrations', 'fail')],
    input: { policy: FC },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'data',
  },
  {
    name: 'FC code and data fail: option 2 (full)',
    results: [r('fc.smoke.health', 'fail'), r('fc.deploy.schema', 'fail')],
    input: { policy: FC },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'full',
    rollbackReasons: ['option-2 (Rollback Database) is destructive'],
  },
  {
    name: 'FC metric only: option 1',
    results: [pass('fc.smoke.health')],
    input: { policy: FC, observed: { errorRate: 0.2 } },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
  },
  // Rollback meaning from evidence: a result's own `rollbackEvidence` beats the catalogue's default.
  {
    name: 'FC schema: columns never present -> code (option 1), not destructive',
    results: [
      r('fc.deploy.schema', 'fail', 'critical', {
        rollbackEvidence: { meaning: 'code', reasons: ['columns never present before the deploy: apply the missing migration (fix forward)'] },
      }),
    ],
    input: { policy: FC },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
    rollbackReasons: ['fc.deploy.schema: columns never present', 'apply the missing migration'],
  },
  {
    name: 'FR schema: columns present before and gone -> data (B)',
    results: [
      r('fr.deploy.schema', 'fail', 'critical', { rollbackEvidence: { meaning: 'data', reasons: ['columns present in the pre-deploy snapshot are gone'] } }),
    ],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'data',
    rollbackReasons: ['present in the pre-deploy snapshot', 'B (Restore Database) is destructive'],
  },
  {
    name: 'FR schema code evidence + a code fail: A, not C',
    results: [r('fr.deploy.schema', 'fail', 'critical', { rollbackEvidence: { meaning: 'code', reasons: ['never present'] } }), r('fr.smoke.health', 'fail')],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
  },
  {
    name: 'evidence on a non-fail is ignored',
    results: [pass('fr.smoke.health'), r('fr.deploy.schema', 'error', 'critical', { rollbackEvidence: { meaning: 'code', reasons: ['x'] } })],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
  },
  // Skipped is never silent (verdict/silent-skips.ts).
  {
    name: 'critical skip behind a waived prerequisite: INCONCLUSIVE, names the waiver to give',
    results: [
      pass('fr.smoke.health'),
      r('fr.smoke.registration', 'waived', 'critical', {
        waivers: [{ item: 'fr.smoke.registration', reason: 'registration closed', by: 'environment "acme"' }],
      }),
      r('fr.smoke.security-role', 'skipped', 'critical', { skippedBehind: 'fr.smoke.registration' }),
      r('fr.smoke.security-password', 'skipped', 'critical', { skippedBehind: 'fr.smoke.registration' }),
    ],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
    reasons: [
      'fr.smoke.security-role (critical) was not measured: skipped behind fr.smoke.registration, which was waived',
      'waive["fr.smoke.security-password"]',
    ],
  },
  {
    name: 'critical skip without a prerequisite: INCONCLUSIVE',
    results: [pass('fr.smoke.health'), r('fr.smoke.security-cors', 'skipped', 'critical')],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
    reasons: ['skipped without a failed prerequisite'],
  },
  {
    name: 'critical skip behind a prerequisite that failed in this run: covered by that failure',
    results: [r('fr.smoke.registration', 'fail'), r('fr.smoke.security-role', 'skipped', 'critical', { skippedBehind: 'fr.smoke.registration' })],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
  },
  {
    name: 'critical skip behind a chain of skips to a failure: covered',
    results: [
      r('fr.smoke.health', 'error', 'critical', { cause: 'target' }),
      r('fr.smoke.registration', 'skipped', 'critical', { skippedBehind: 'fr.smoke.health' }),
      r('fr.smoke.security-role', 'skipped', 'critical', { skippedBehind: 'fr.smoke.registration' }),
    ],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
  },
  {
    name: 'the skipped checks themselves waived: GO',
    results: [
      pass('fr.smoke.health'),
      r('fr.smoke.registration', 'waived', 'critical', { waivers: [{ item: 'fr.smoke.registration', reason: 'closed', by: 'e' }] }),
      r('fr.smoke.security-role', 'waived', 'critical', { waivers: [{ item: 'fr.smoke.security-role', reason: 'closed', by: 'e' }] }),
    ],
    decision: 'GO',
    rollback: 'none',
  },
  {
    name: 'a non-critical skip stays quiet',
    results: [pass('fr.smoke.health'), r('fr.smoke.admin', 'skipped', 'major', { skippedBehind: 'fr.smoke.registration' })],
    decision: 'GO',
    rollback: 'none',
  },
  // What a probe created and could not undo leads the verdict (CheckResult.cleanupNow).
  {
    name: "a probe's privileged account leads the reasons",
    results: [
      pass('fr.smoke.health'),
      r('fr.smoke.security-role', 'fail', 'critical', { cleanupNow: ['privileged account created by the probe: pf-x-signup@postflight.test: remove it now'] }),
    ],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
    reasons: ['privileged account created by the probe'],
  },
  // Cause: gate problems make INCONCLUSIVE, never NO-GO, never a rollback.
  {
    name: 'gate-caused fail on a critical check: INCONCLUSIVE, no rollback',
    results: [pass('fr.smoke.health'), r('fr.smoke.reports', 'fail', 'critical', { cause: 'gate', fix: 'install Chromium' })],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
    gateHealth: ['fr.smoke.reports'],
    reasons: ['the release was not fully measured: 1 gate problem(s), see gate health', 'fr.smoke.reports (critical) fail (gate problem)'],
    rollbackReasons: ['1 check(s) could not measure'],
  },
  {
    name: 'gate fail + target fail: NO-GO from the target one only',
    results: [r('fr.smoke.reports', 'fail', 'critical', { cause: 'gate' }), r('fr.smoke.admin', 'fail', 'major')],
    decision: 'NO-GO',
    rollback: 'consider',
    procedure: 'code',
    gateHealth: ['fr.smoke.reports'],
    reasons: ['fr.smoke.admin (major) fail:', 'see gate health'],
  },
  {
    name: 'gate-caused data fail does not pick the data procedure',
    results: [r('fr.deploy.migrations', 'fail', 'critical', { cause: 'gate' }), r('fr.smoke.health', 'fail')],
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
    gateHealth: ['fr.deploy.migrations'],
  },
  {
    name: 'gate-caused inconclusive',
    results: [pass('fr.smoke.health'), r('fr.perf.lighthouse', 'inconclusive', 'major', { cause: 'gate' })],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
    gateHealth: ['fr.perf.lighthouse'],
  },
  {
    name: 'target-caused error: INCONCLUSIVE, not gate health',
    results: [pass('fr.smoke.health'), r('fr.smoke.frontend', 'error', 'critical', { cause: 'target' })],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
    gateHealth: [],
    reasons: ['fr.smoke.frontend (critical) error:'],
  },
  {
    name: 'gate-caused skip blocks GO',
    results: [pass('fr.smoke.health'), r('fr.mon.uptime', 'skipped', 'minor', { cause: 'gate' })],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
    gateHealth: ['fr.mon.uptime'],
  },
  {
    name: 'only gate problems: nothing measured',
    results: [r('fr.smoke.health', 'fail', 'critical', { cause: 'gate' }), r('fr.mon.alarms', 'error')],
    decision: 'INCONCLUSIVE',
    rollback: 'none',
    gateHealth: ['fr.smoke.health', 'fr.mon.alarms'],
    reasons: ['2 gate problem(s)', 'nothing was measured'],
  },
  {
    name: 'gate error + immediate metric: the metric is about the release',
    results: [r('fr.mon.alarms', 'error')],
    input: { observed: { errorRate: 0.5 } },
    decision: 'NO-GO',
    rollback: 'immediate',
    procedure: 'code',
    gateHealth: ['fr.mon.alarms'],
  },
];

const procedureOf = (row: Row) => {
  const policy = row.input?.policy ?? base.policy;
  return row.procedure ? policy.choice[row.procedure] : undefined;
};

for (const row of ROWS) {
  test(`decide: ${row.name}`, () => {
    const v = decide(row.results, { ...base, ...row.input });
    assert.equal(v.decision, row.decision);
    assert.equal(v.rollback.recommendation, row.rollback);
    assert.equal(v.rollback.procedure, procedureOf(row));
    if (row.gateHealth)
      assert.deepEqual(
        v.gateHealth.map((g) => g.id),
        row.gateHealth,
      );
    assert.ok(v.rollback.reasons.length > 0, 'every rollback recommendation says why');
    assert.ok(v.reasons.length > 0, 'every decision says why');
    for (const text of row.reasons ?? []) {
      assert.ok(
        v.reasons.some((l) => l.includes(text)),
        `reasons should include "${text}":\n${v.reasons.join('\n')}`,
      );
    }
    for (const text of row.rollbackReasons ?? []) {
      assert.ok(
        v.rollback.reasons.some((l) => l.includes(text)),
        `rollback reasons should include "${text}":\n${v.rollback.reasons.join('\n')}`,
      );
    }
  });
}

test('cleanupNow: the first reason, before the failures', () => {
  const v = decide(
    [
      r('fr.smoke.admin', 'fail', 'major'),
      r('fr.smoke.security-role', 'fail', 'critical', { cleanupNow: ['privileged account created by the probe: a@b: remove it now'] }),
    ],
    base,
  );
  assert.equal(v.reasons[0], 'privileged account created by the probe: a@b: remove it now');
});

test('silentSkips: the chain-of-skips row really is covered (no silent-skip line)', () => {
  const v = decide(
    [
      r('fr.smoke.health', 'fail'),
      r('fr.smoke.registration', 'skipped', 'critical', { skippedBehind: 'fr.smoke.health' }),
      r('fr.smoke.security-role', 'skipped', 'critical', { skippedBehind: 'fr.smoke.registration' }),
    ],
    base,
  );
  assert.ok(!v.reasons.some((l) => l.includes('was not measured')), v.reasons.join('\n'));
});

test('decide: table has at least 20 rows and covers every decision and recommendation', () => {
  assert.ok(ROWS.length >= 20);
  for (const d of ['GO', 'NO-GO', 'INCONCLUSIVE'])
    assert.ok(
      ROWS.some((row) => row.decision === d),
      d,
    );
  for (const rec of ['none', 'consider', 'immediate'])
    assert.ok(
      ROWS.some((row) => row.rollback === rec),
      rec,
    );
});

test('decide: counts every status, failures listed first, critical before major', () => {
  const results = [
    r('fr.smoke.health', 'pass'),
    r('fr.mon.uptime', 'skipped', 'minor'),
    r('fr.mon.alarms', 'error'),
    r('fr.load.k6', 'inconclusive', 'major'),
    r('fr.smoke.admin', 'fail', 'major'),
    r('fr.smoke.reports', 'fail', 'critical', { message: 'consultant PDF\n  took 7.2 s' }),
  ];
  const v = decide(results, base);
  assert.deepEqual(v.counts, { pass: 1, waived: 0, skipped: 1, inconclusive: 1, error: 1, fail: 2 });
  assert.equal(v.reasons[0], 'fr.smoke.reports (critical) fail: consultant PDF took 7.2 s');
  assert.ok(v.reasons[1]!.startsWith('fr.smoke.admin (major) fail:'));
  assert.ok(v.reasons[2]!.startsWith('fr.mon.alarms (critical) error:'));
});

test('decide: is pure (does not reorder or mutate its input)', () => {
  const results = [r('fr.smoke.admin', 'fail', 'major'), r('fr.smoke.health', 'fail')];
  const before = JSON.stringify(results);
  const a = decide(results, base);
  const b = decide(results, base);
  assert.equal(JSON.stringify(results), before);
  assert.deepEqual(a, b);
});

test('decide: gate health carries each problem with its fix, and leads an INCONCLUSIVE verdict', () => {
  const v = decide(
    [pass('fr.smoke.health'), r('fr.load.k6', 'error', 'major', { message: 'k6 not found', fix: 'install k6 or use --load-engine embedded' })],
    base,
  );
  assert.deepEqual(v.gateHealth, [{ id: 'fr.load.k6', status: 'error', message: 'k6 not found', fix: 'install k6 or use --load-engine embedded' }]);
  assert.equal(v.reasons[0], 'the release was not fully measured: 1 gate problem(s), see gate health');
});

test('decide: the procedure fields name the id, title and whether it is destructive', () => {
  const code = decide([r('fr.smoke.health', 'fail')], base).rollback;
  assert.deepEqual([code.procedure, code.procedureTitle, code.destructive], ['A', 'Revert Application Code', false]);
  const data = decide([r('fc.deploy.schema', 'fail')], { ...base, policy: FC }).rollback;
  assert.deepEqual([data.procedure, data.procedureTitle, data.destructive], ['option-2', 'Rollback Database', true]);
  assert.equal(decide([pass('fr.smoke.health')], base).rollback.procedure, undefined);
});

test('profiles: the choice table names described procedures; budgets and flags as the runbooks say', () => {
  for (const policy of [FR, FC]) {
    for (const id of Object.values(policy.choice))
      assert.ok(
        policy.procedures.some((p) => p.id === id),
        `${id} is described`,
      );
    for (const p of policy.procedures) {
      assert.ok(p.steps.length > 0 && p.title && p.runbookSection, `${p.id} has steps, title, section`);
      assert.ok(p.budgetMinutes.min <= p.budgetMinutes.max, `${p.id} budget`);
    }
  }
  const budget = (policy: typeof FR, id: string) => policy.procedures.find((p) => p.id === id)?.budgetMinutes;
  assert.deepEqual(
    [budget(FR, 'A'), budget(FR, 'B'), budget(FR, 'C')],
    [
      { min: 10, max: 15 },
      { min: 20, max: 30 },
      { min: 30, max: 40 },
    ],
  );
  assert.deepEqual(budget(FC, 'option-1'), { min: 5, max: 5 });
  assert.equal(FC.procedures.find((p) => p.id === 'option-3')?.automatic, false, 'option 3 is never automatic');
  assert.deepEqual(
    FR.procedures.filter((p) => p.destructive).map((p) => p.id),
    ['B', 'C'],
  );
});

test('decide: names the app in the summary line when given', () => {
  const v = decide([r('fr.smoke.health', 'pass')], { ...base, appName: 'Financial RISE' });
  assert.equal(v.reasons[0], 'Financial RISE: all 1 measured check(s) passed');
});
