import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../../gate/context.ts';
import { errorResult } from '../../gate/result.ts';
import { LOAD_CHECK_ID, runLoadCheck, type LoadCheckOptions } from './load-check.ts';

/**
 * The load phase: one load test per app. The caller runs it alone — never beside Lighthouse
 * or the latency budgets, which would measure the load generator's own CPU use.
 */
export async function runLoadChecks(ctx: GateContext, opts: LoadCheckOptions = {}): Promise<CheckResult[]> {
  const id = LOAD_CHECK_ID[ctx.app];
  const started = ctx.now();
  try {
    return [await runLoadCheck(ctx, opts)];
  } catch (error) {
    // A bug in the runner becomes an error result with its cause, never a crashed gate.
    return [errorResult(id, started, ctx.now, `${id} crashed: ${error instanceof Error ? error.message : String(error)}`, 'this is a postflight bug: report it with the run folder')];
  }
}
