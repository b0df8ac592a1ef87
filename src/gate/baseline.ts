import { loadHistory } from '../evidence/history/index-file.ts';
import { baselineOf } from '../evidence/history/trend.ts';

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
