import { catalogueOf, checksFor, type CheckDef } from '../../config/checks.ts';
import type { AppId, CheckResult, Phase } from '../core/types.ts';
import { checkResult } from '../checks/result.ts';

/**
 * The catalogue rows one phase of a run owes a result for: the gate's own (`checksFor`), or,
 * when a deploy step names the ids it wants measured (`only`), exactly those of the phase, the
 * orchestrator's included. A gate run never owes an orchestrator-owned id it was not asked for.
 */
export function phasePlan(app: AppId, phase: Phase, only?: readonly string[]): CheckDef[] {
  return only ? catalogueOf(app, [phase]).filter((c) => only.includes(c.id)) : checksFor(app, phase);
}

/**
 * Every planned check gets a result. One that no runner produced is an `error` naming the
 * gap, never a silent skip (CHECKS.md: "it is never silently skipped").
 */
export function fillMissing(
  planned: readonly CheckDef[],
  results: CheckResult[],
  startedAt: Date,
  why: (phase: Phase) => string,
  gateFix?: string,
): CheckResult[] {
  const have = new Set(results.map((r) => r.id));
  // A gap with a known gate fix (runner crashed, deadline passed) is the gate's, with that fix.
  const missing = planned
    .filter((def) => !have.has(def.id))
    .map((def) =>
      checkResult(def.id, { status: 'error', message: why(def.phase), startedAt, durationMs: 0, ...(gateFix ? { cause: 'gate' as const, fix: gateFix } : {}) }),
    );
  return [...results, ...missing];
}

/** A phase's results keep only the planned ids, in plan (catalogue) order, once each. */
export function orderByPlan(planned: readonly CheckDef[], results: CheckResult[]): CheckResult[] {
  const byId = new Map<string, CheckResult>();
  for (const r of results) byId.set(r.id, r);
  return planned.filter((def) => byId.has(def.id)).map((def) => byId.get(def.id)!);
}
