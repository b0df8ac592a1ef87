import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { measureInTurn, registeredIds, type MeasureRegistry } from '../registry.ts';
import { runApiLatencyCheck } from './api-latency.ts';
import { runLighthouseCheck, type LighthouseCheckOptions } from './lighthouse-check.ts';

interface PerfRun {
  ctx: GateContext;
  lighthouse?: LighthouseCheckOptions;
}

/** The perf phase's measures, one per catalogue id; FlowComply has no API budgets and no fc.perf.api. */
export const PERF_MEASURES: MeasureRegistry<PerfRun> = {
  'fr.perf.lighthouse': (run, id) => runLighthouseCheck(run.ctx, id, run.lighthouse),
  'fr.perf.api': (run, id) => runApiLatencyCheck(run.ctx, id),
  'fc.perf.lighthouse': (run, id) => runLighthouseCheck(run.ctx, id, run.lighthouse),
};

/**
 * The perf phase: Lighthouse first, then the API latency budgets (catalogue order), strictly
 * one after the other — a latency sample taken while Chromium burns CPU (or the reverse)
 * measures the harness, not the app. The caller must not run another phase alongside this one.
 */
export async function runPerfChecks(
  ctx: GateContext,
  ids: readonly string[] = registeredIds(PERF_MEASURES, ctx.app),
  opts: { lighthouse?: LighthouseCheckOptions } = {},
): Promise<CheckResult[]> {
  return measureInTurn(
    PERF_MEASURES,
    ids,
    { ctx, ...(opts.lighthouse ? { lighthouse: opts.lighthouse } : {}) },
    ctx,
    'the perf checks (src/checks/perf/index.ts)',
  );
}
