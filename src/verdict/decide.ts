import type { RollbackPolicy } from '../config/app-profile.ts';
import type { AppliedPolicy, CheckResult, Decision, RollbackAdvice, RollbackRecommendation, Severity, Status, Verdict } from '../core/types.ts';
import { gateHealth, isGateProblem } from './cause.ts';
import { isFlakyResult } from './flaky.ts';
import { collectWaivers } from './waivers.ts';
import { metricFindings, type MetricInput } from './metric-criteria.ts';
import { chooseProcedure } from './procedure.ts';
import { silentSkips } from './silent-skips.ts';

/**
 * GO / NO-GO / INCONCLUSIVE and the rollback recommendation, from the runbooks' criteria
 * (CHECKS.md "Rollback policy"). Pure: same results and policy, same verdict.
 *
 * Every non-pass has a cause (verdict/cause.ts). Only the release's own failures count against
 * it; what kept the gate from measuring (its tool, credentials, network) goes to `gateHealth`.
 *
 * - NO-GO: a target-caused check failed, or a metric crossed an "immediate rollback" threshold.
 * - INCONCLUSIVE: no target failure, but something could not be measured (a gate problem of
 *   any status, an error or inconclusive, no result at all, nothing but skips), a check passed
 *   only on retry while flaky checks block GO, or a metric is in a "consider rollback" band
 *   (the runbook leaves that call to a person, so the gate does not say GO on its own).
 * - INCONCLUSIVE too: a critical check `skipped` for anything but a prerequisite that failed
 *   in this run (verdict/silent-skips.ts): skipped is never silent; waiving the check itself
 *   with a reason accepts it.
 * - GO: everything else. A non-critical skip does not block GO; a check skipped because its
 *   prerequisite failed is covered by that prerequisite's own `fail`. `waived` (the
 *   environment declared it does not apply) never blocks GO and never counts as a pass; every
 *   waiver is listed in the reasons.
 *
 * Rollback: a critical target failure is immediate, any other is "consider", metrics add their
 * band; the worst wins. The procedure follows the catalogue's rollback meaning of the failing
 * checks (verdict/procedure.ts). Gate problems never contribute to it.
 */

export interface DecideInput extends MetricInput {
  policy: RollbackPolicy;
  /** Environment setting: may a check that passed only on retry give GO? */
  flakyBlocksGo: boolean;
  /** Used in the summary line, e.g. "Financial RISE". */
  appName?: string;
  /** The limits the checks applied, recorded in the verdict's `policy` as given (not read here). */
  thresholds?: Record<string, unknown>;
}

const STATUSES: readonly Status[] = ['pass', 'waived', 'skipped', 'inconclusive', 'error', 'fail'];
const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, major: 1, minor: 2 };
const REC_RANK: Record<RollbackRecommendation, number> = { none: 0, consider: 1, immediate: 2 };

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();
const line = (r: CheckResult, label: string): string => `${r.id} (${r.severity}) ${label}: ${oneLine(r.message)}`;
const worseOf = (a: RollbackRecommendation, b: RollbackRecommendation) => (REC_RANK[b] > REC_RANK[a] ? b : a);
const bySeverity = (a: CheckResult, b: CheckResult) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];

export function countStatuses(results: readonly CheckResult[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of results) counts[r.status] += 1;
  return counts;
}

function appliedPolicy(input: DecideInput): AppliedPolicy {
  const { immediateErrorRate, considerErrorRate, immediateDegradation, considerDegradation, choice } = input.policy;
  return {
    rollback: { immediateErrorRate, considerErrorRate, immediateDegradation, considerDegradation, choice: { ...choice } },
    flakyBlocksGo: input.flakyBlocksGo,
    thresholds: input.thresholds ?? {},
  };
}

export function decide(results: CheckResult[], input: DecideInput): Verdict {
  const { policy } = input;
  const counts = countStatuses(results);
  const problems = gateHealth(results);
  const of = (status: Status) => results.filter((r) => r.status === status && !isGateProblem(r));
  const fails = of('fail').sort(bySeverity); // target-caused only; stable sort keeps catalogue order within a severity
  const unmeasured = [...of('error'), ...of('inconclusive')];
  const flaky = results.filter(isFlakyResult);
  const silent = silentSkips(results);
  const metrics = metricFindings(policy, input);

  // Rollback: target failures first, then metrics; the worst recommendation wins.
  const rollbackReasons: string[] = [];
  let recommendation: RollbackRecommendation = 'none';
  for (const r of fails) {
    const rec: RollbackRecommendation = r.severity === 'critical' ? 'immediate' : 'consider';
    recommendation = worseOf(recommendation, rec);
    rollbackReasons.push(
      rec === 'immediate'
        ? `critical check ${r.id} failed: immediate rollback (runbook: critical functionality broken)`
        : `${r.severity} check ${r.id} failed: consider rollback (runbook: non-critical feature broken)`,
    );
  }
  for (const m of metrics) {
    recommendation = worseOf(recommendation, m.recommendation);
    rollbackReasons.push(m.reason);
  }

  let advice: Pick<RollbackAdvice, 'procedure' | 'procedureTitle' | 'destructive'> = {};
  if (recommendation !== 'none') {
    const chosen = chooseProcedure(policy, fails);
    advice = chosen.advice;
    rollbackReasons.push(...chosen.reasons);
  } else {
    const notMeasured = unmeasured.length + problems.length;
    rollbackReasons.push(
      notMeasured > 0 || results.length === 0
        ? `no rollback criterion met by what was measured (${notMeasured} check(s) could not measure)`
        : 'no rollback criterion met',
    );
  }

  // Decision.
  const measured = counts.pass + fails.length;
  const flakyBlocks = input.flakyBlocksGo && flaky.length > 0;
  const metricImmediate = metrics.some((m) => m.recommendation === 'immediate');
  const metricConsider = metrics.some((m) => m.recommendation === 'consider');
  let decision: Decision;
  if (fails.length > 0 || metricImmediate) decision = 'NO-GO';
  else if (measured === 0 || unmeasured.length > 0 || problems.length > 0 || flakyBlocks || metricConsider || silent.length > 0) decision = 'INCONCLUSIVE';
  else decision = 'GO';

  // Reasons: one line per check that is not a clean pass, worst first, then metrics.
  const gateLine = (r: CheckResult) => line(r, `${r.status} (gate problem)`);
  const reasons: string[] = [
    ...fails.map((r) => line(r, 'fail')),
    ...results.filter((r) => r.status === 'fail' && isGateProblem(r)).map(gateLine),
    ...results.filter((r) => r.status === 'error').map((r) => line(r, 'error')),
    ...of('inconclusive').map((r) => line(r, 'inconclusive')),
    ...results.filter((r) => r.status === 'inconclusive' && isGateProblem(r)).map(gateLine),
    ...flaky.map((r) => line(r, `flaky (passed only on retry, ${r.attempts} attempt(s))`)),
    ...results.filter((r) => r.status === 'skipped').map((r) => line(r, 'skipped')),
    ...silent.map((s) => s.reason),
    // Waivers never pass and never block: the meeting reads each one with its reason.
    ...collectWaivers(results).map((w) => `${w.item} not verified by the gate (waived by ${w.by}): ${w.reason}`),
    ...metrics.map((m) => m.reason),
  ];
  const who = input.appName ? `${input.appName}: ` : '';
  if (results.length === 0) {
    reasons.unshift(`${who}nothing was measured: the run produced no check results — check the phase selection (--only) and the harness log`);
  } else if (measured === 0) {
    reasons.unshift(`${who}nothing was measured: none of the ${results.length} check(s) passed or failed`);
  }
  if (problems.length > 0) {
    // Leads an INCONCLUSIVE verdict; in a NO-GO the release's own failures lead and this follows the check lines.
    const gate = `${who}the release was not fully measured: ${problems.length} gate problem(s), see gate health`;
    if (decision === 'NO-GO') reasons.push(gate);
    else reasons.unshift(gate);
  }
  if (flaky.length > 0) {
    reasons.push(
      input.flakyBlocksGo
        ? `${flaky.length} flaky check(s) block GO (flakyBlocksGo): rerun the gate or fix the flakiness, then decide`
        : `${flaky.length} flaky check(s) allowed to pass (flakyBlocksGo is off)`,
    );
  }
  if (decision === 'GO') {
    const waivedNote = collectWaivers(results).length ? `, ${collectWaivers(results).length} item(s) waived — not verified by the gate` : '';
    reasons.unshift(`${who}all ${counts.pass} measured check(s) passed${counts.skipped ? ` (${counts.skipped} skipped)` : ''}${waivedNote}`);
  }

  // What a probe left behind that a person must remove comes first, whatever the decision.
  reasons.unshift(...results.flatMap((r) => r.cleanupNow ?? []));

  return {
    decision,
    rollback: { recommendation, ...advice, reasons: rollbackReasons },
    reasons,
    counts,
    gateHealth: problems,
    policy: appliedPolicy(input),
  };
}
