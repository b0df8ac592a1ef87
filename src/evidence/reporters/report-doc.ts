import type { AppliedPolicy, CheckResult, Decision, GateProblem, RollbackAdvice, Status, Verdict, Waiver } from '../../core/types.ts';
import { collectWaivers } from '../../verdict/waivers.ts';
import { isFlakyResult } from '../../verdict/flaky.ts';
import type { RunEnd, RunMeta } from './reporter.ts';

/**
 * The one record every output renders (lighthouse-ci habit: the same record feeds JSON,
 * Markdown, HTML and JUnit). It is verdict.json: versioned, so shards and later tools can
 * read it; bump the version when a field changes meaning or disappears.
 */

export const REPORT_SCHEMA_VERSION = 1;

export interface RunReport {
  schemaVersion: number;
  run: RunMeta & { finishedAt: string; durationMs: number };
  decision: Decision;
  /** `procedure` is the procedure id; older run folders hold its prose there (see RollbackAdvice). */
  rollback: RollbackAdvice;
  reasons: string[];
  counts: Record<Status, number>;
  /** Problems of the gate, not the release (verdict/cause.ts); absent in older run folders. */
  gateHealth?: GateProblem[];
  /** The rollback bands, thresholds and flaky rule the verdict applied; absent in older run folders. */
  policy?: AppliedPolicy;
  /** What the gate did not verify because the environment waived it (whole checks and single expectations). */
  waivers: Waiver[];
  /** Requests the gate spent per rate limit of the target (src/http/request-budget.ts); absent in older run folders. */
  requests?: Verdict['requests'];
  /** The measurements the rollback criteria used, when the run had any. */
  measurements?: { observed?: RunEnd['observed']; baseline?: RunEnd['baseline'] };
  /** Every check in full, in the order they ran; `flaky` as decided by verdict/flaky.ts. */
  checks: CheckResult[];
}

export function buildRunReport(meta: RunMeta, verdict: Verdict, results: readonly CheckResult[], end: RunEnd): RunReport {
  const durationMs = Math.max(0, Date.parse(end.finishedAt) - Date.parse(meta.startedAt)) || 0;
  const measurements = end.observed || end.baseline ? { measurements: { observed: end.observed, baseline: end.baseline } } : {};
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    run: { ...withoutEngine(meta), phases: [...meta.phases], finishedAt: end.finishedAt, durationMs, ...engineThatRan(meta, results) },
    decision: verdict.decision,
    rollback: verdict.rollback,
    reasons: verdict.reasons,
    counts: verdict.counts,
    gateHealth: verdict.gateHealth,
    policy: verdict.policy,
    ...(verdict.requests ? { requests: verdict.requests } : {}),
    waivers: collectWaivers(results),
    ...measurements,
    checks: results.map((r) => ({ ...r, flaky: isFlakyResult(r) })),
  };
}

/** The engine requested is no fact about a run that sent no load: only the one that ran is kept. */
function withoutEngine(meta: RunMeta): RunMeta {
  const { loadEngine: _requested, ...rest } = meta;
  return rest;
}

/** The run meta names the engine requested; the load check's metrics name the one that ran. */
function engineThatRan(meta: RunMeta, results: readonly CheckResult[]): { loadEngine?: string } {
  const ran = results.find((r) => r.phase === 'load' && typeof r.metrics?.engine === 'string')?.metrics?.engine;
  if (!ran) return {};
  return { loadEngine: meta.loadEngine && meta.loadEngine !== ran ? `${String(ran)} (requested: ${meta.loadEngine})` : String(ran) };
}
