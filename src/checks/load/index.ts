import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { guarded } from '../guarded.ts';
import { LOAD_CHECK_ID, runLoadCheck, type LoadCheckOptions } from './load-check.ts';

/**
 * The load phase: one load test per app. The caller runs it alone — never beside Lighthouse
 * or the latency budgets, which would measure the load generator's own CPU use.
 */
export async function runLoadChecks(ctx: GateContext, opts: LoadCheckOptions = {}): Promise<CheckResult[]> {
  return [await guarded(LOAD_CHECK_ID[ctx.app], ctx, () => runLoadCheck(ctx, opts))];
}
