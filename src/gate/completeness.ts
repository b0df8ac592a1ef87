import { checksFor } from '../../config/checks.ts';
import type { AppId, CheckResult, Phase } from '../core/types.ts';
import { checkResult } from '../checks/result.ts';

/**
 * Every catalogue check of a selected phase gets a result. One that no runner produced is an
 * `error` naming the gap, never a silent skip (CHECKS.md: "it is never silently skipped").
 */
export function fillMissing(app: AppId, phases: readonly Phase[], results: CheckResult[], startedAt: Date, why: (phase: Phase) => string, gateFix?: string): CheckResult[] {
  const have = new Set(results.map((r) => r.id));
  // A gap with a known gate fix (runner crashed, deadline passed) is the gate's, with that fix.
  const missing = checksFor(app, phases)
    .filter((def) => !have.has(def.id))
    .map((def) => checkResult(def.id, { status: 'error', message: why(def.phase), startedAt, durationMs: 0, ...(gateFix ? { cause: 'gate' as const, fix: gateFix } : {}) }));
  return [...results, ...missing];
}

/** Results of one phase keep only that app's known ids, in catalogue order, once each. */
export function orderByCatalogue(app: AppId, phases: readonly Phase[], results: CheckResult[]): CheckResult[] {
  const order = checksFor(app).map((c) => c.id);
  const byId = new Map<string, CheckResult>();
  for (const r of results) if (order.includes(r.id)) byId.set(r.id, r);
  return order.filter((id) => byId.has(id) && phases.includes(byId.get(id)!.phase)).map((id) => byId.get(id)!);
}
