import { loadHistory } from '../evidence/history/index-file.ts';
import { albBaselineOf, baselineOf } from '../evidence/history/trend.ts';
import type { GateContext } from '../checks/context.ts';

/**
 * The last GO run's load p95 for this app and environment: the runbook's "performance
 * degradation" is measured against it. Read from the history index (or the run folders when
 * it is missing); no history means no baseline.
 */
export async function lastGoBaseline(appEnvDir: string, excludeRunId: string): Promise<{ p95Ms?: number; runId?: string }> {
  const base = baselineOf(loadHistory(appEnvDir).entries, excludeRunId);
  return base ? { p95Ms: base.p95Ms, runId: base.runId } : {};
}

/** What the rollback criteria are applied to: the load test's error rate and p95. */
export function observedMetrics(results: Array<{ phase: string; metrics?: Record<string, unknown> }>): { errorRate?: number; p95Ms?: number } {
  const load = results.find((r) => r.phase === 'load' && r.metrics);
  const errorRate = load?.metrics?.errorRate;
  const p95Ms = load?.metrics?.p95Ms;
  return { ...(typeof errorRate === 'number' ? { errorRate } : {}), ...(typeof p95Ms === 'number' ? { p95Ms } : {}) };
}

/** Both baselines a run's checks compare with (GateContext.baselines): the last GO run's ALB p95 and load p95. */
export function lastGoBaselines(appEnvDir: string, excludeRunId: string): NonNullable<GateContext['baselines']> {
  const entries = loadHistory(appEnvDir).entries;
  const alb = albBaselineOf(entries, excludeRunId);
  const load = baselineOf(entries, excludeRunId);
  return { ...(alb ? { alb } : {}), ...(load ? { load: { p95Ms: load.p95Ms, runId: load.runId } } : {}) };
}

/** The production traffic's measurements for the rollback bands: the ALB checks' judged 5xx rate and p95. */
export function productionMetrics(
  results: Array<{ status: string; metrics?: Record<string, unknown> }>,
): { errorRate?: number; p95Ms?: number; baselineP95Ms?: number } | undefined {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const judged = results.filter((r) => r.status !== 'error' && r.metrics);
  const errorRate = judged.map((r) => num(r.metrics!.albErrorRate)).find((v) => v !== undefined);
  const slow = judged.find((r) => num(r.metrics!.albP95Ms) !== undefined && num(r.metrics!.albBaselineP95Ms) !== undefined);
  const out = {
    ...(errorRate !== undefined ? { errorRate } : {}),
    ...(slow ? { p95Ms: num(slow.metrics!.albP95Ms)!, baselineP95Ms: num(slow.metrics!.albBaselineP95Ms)! } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}
