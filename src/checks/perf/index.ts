import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../../gate/context.ts';
import { errorResult } from '../../gate/result.ts';
import { API_LATENCY_CHECK_ID, runApiLatencyCheck } from './api-latency.ts';
import { LIGHTHOUSE_CHECK_ID, runLighthouseCheck, type LighthouseCheckOptions } from './lighthouse-check.ts';

/**
 * The perf phase: Lighthouse first, then the API latency budgets, strictly one after the
 * other — a latency sample taken while Chromium burns CPU (or the reverse) measures the
 * harness, not the app. The caller must not run another phase alongside this one.
 */
export async function runPerfChecks(ctx: GateContext, opts: { lighthouse?: LighthouseCheckOptions } = {}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  results.push(await guarded(ctx, LIGHTHOUSE_CHECK_ID[ctx.app], () => runLighthouseCheck(ctx, opts.lighthouse)));
  // FlowComply's profile has no API budgets and the catalogue has no fc.perf.api.
  const apiId = API_LATENCY_CHECK_ID[ctx.app];
  if (apiId && ctx.profile.perf.api.length > 0) {
    results.push(await guarded(ctx, apiId, () => runApiLatencyCheck(ctx)));
  }
  return results;
}

/** A bug in a runner becomes an `error` result with its cause, never a crashed gate. */
async function guarded(ctx: GateContext, id: string, run: () => Promise<CheckResult>): Promise<CheckResult> {
  const started = ctx.now();
  try {
    return await run();
  } catch (error) {
    return errorResult(id, started, ctx.now, `${id} crashed: ${error instanceof Error ? error.message : String(error)}`, 'this is a postflight bug: report it with the run folder');
  }
}
