import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { guarded } from '../guarded.ts';
import { API_LATENCY_CHECK_ID, runApiLatencyCheck } from './api-latency.ts';
import { LIGHTHOUSE_CHECK_ID, runLighthouseCheck, type LighthouseCheckOptions } from './lighthouse-check.ts';

/**
 * The perf phase: Lighthouse first, then the API latency budgets, strictly one after the
 * other — a latency sample taken while Chromium burns CPU (or the reverse) measures the
 * harness, not the app. The caller must not run another phase alongside this one.
 */
export async function runPerfChecks(ctx: GateContext, opts: { lighthouse?: LighthouseCheckOptions } = {}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  results.push(await guarded(LIGHTHOUSE_CHECK_ID[ctx.app], ctx, () => runLighthouseCheck(ctx, opts.lighthouse)));
  // FlowComply's profile has no API budgets and the catalogue has no fc.perf.api.
  const apiId = API_LATENCY_CHECK_ID[ctx.app];
  if (apiId && ctx.profile.perf.api.length > 0) {
    results.push(await guarded(apiId, ctx, () => runApiLatencyCheck(ctx)));
  }
  return results;
}
