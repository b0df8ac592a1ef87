import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { PREFLIGHT_MEASURES } from '../aws/preflight.ts';
import { measureOnAws, type AwsRun } from '../aws/finding.ts';
import { registeredIds, type MeasureRegistry } from '../registry.ts';
import { stagingGateCheck, stagingHealthCheck } from '../http/staging.ts';

/** The `pre` phase's measures: infrastructure on AWS (preflight), then staging's evidence. */
export const PRE_MEASURES: MeasureRegistry<AwsRun> = {
  ...PREFLIGHT_MEASURES,
  'fr.pre.staging-go': (run, id) => stagingGateCheck(run.ctx, id, false),
  'fc.pre.staging-health': (run, id) => stagingHealthCheck(run.ctx, id, run.ctx.profile.routes.health),
  'fc.pre.staging-smoke': (run, id) => stagingGateCheck(run.ctx, id, true),
};

/** The `pre` phase (postflight preflight) for the ids asked (default: every id of the app this area measures). */
export async function runPreChecks(ctx: GateContext, ids: readonly string[] = registeredIds(PRE_MEASURES, ctx.app)): Promise<CheckResult[]> {
  return measureOnAws(PRE_MEASURES, ids, ctx, {}, 'the pre checks (src/checks/pre/index.ts)');
}
