import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The last GO run's load p95 for this app and environment: the runbook's "performance
 * degradation" is measured against it. Missing or unreadable history means no baseline.
 */
export async function lastGoBaseline(appEnvDir: string, excludeRunId: string): Promise<{ p95Ms?: number; runId?: string }> {
  let runs: string[];
  try {
    runs = (await readdir(appEnvDir)).filter((r) => r !== excludeRunId).sort().reverse();
  } catch {
    return {};
  }
  for (const runId of runs) {
    try {
      const verdict = JSON.parse(await readFile(join(appEnvDir, runId, 'verdict.json'), 'utf8')) as {
        decision?: string;
        checks?: Array<{ phase?: string; status?: string; metrics?: Record<string, unknown> }>;
      };
      if (verdict.decision !== 'GO') continue;
      const load = verdict.checks?.find((c) => c.phase === 'load' && c.status === 'pass' && typeof c.metrics?.p95Ms === 'number');
      if (load) return { p95Ms: load.metrics!.p95Ms as number, runId };
    } catch {
      // an unfinished or foreign folder: not a baseline
    }
  }
  return {};
}

/** What the rollback criteria are applied to: the load test's error rate and p95. */
export function observedMetrics(results: Array<{ phase: string; metrics?: Record<string, unknown> }>): { errorRate?: number; p95Ms?: number } {
  const load = results.find((r) => r.phase === 'load' && r.metrics);
  const errorRate = load?.metrics?.errorRate;
  const p95Ms = load?.metrics?.p95Ms;
  return { ...(typeof errorRate === 'number' ? { errorRate } : {}), ...(typeof p95Ms === 'number' ? { p95Ms } : {}) };
}
