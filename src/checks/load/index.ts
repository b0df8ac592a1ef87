import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { measureInTurn, registeredIds, type MeasureRegistry } from '../registry.ts';
import { runLoadCheck, type LoadCheckOptions } from './load-check.ts';

interface LoadRun {
  ctx: GateContext;
  opts: LoadCheckOptions;
}

/** The load phase's measures: one light load test per app. */
export const LOAD_MEASURES: MeasureRegistry<LoadRun> = {
  'fr.load.k6': (run, id) => runLoadCheck(run.ctx, id, run.opts),
  'fc.load.k6': (run, id) => runLoadCheck(run.ctx, id, run.opts),
};

/**
 * The load phase. The caller runs it alone — never beside Lighthouse or the latency budgets,
 * which would measure the load generator's own CPU use.
 */
export async function runLoadChecks(
  ctx: GateContext,
  ids: readonly string[] = registeredIds(LOAD_MEASURES, ctx.app),
  opts: LoadCheckOptions = {},
): Promise<CheckResult[]> {
  return measureInTurn(LOAD_MEASURES, ids, { ctx, opts }, ctx, 'the load checks (src/checks/load/index.ts)');
}
