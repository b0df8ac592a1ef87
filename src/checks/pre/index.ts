import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { runPreflightChecks } from '../aws/index.ts';
import { stagingGateCheck, stagingHealthCheck } from '../http/staging.ts';

/** The `pre` phase (postflight preflight): infrastructure on AWS, then staging's evidence. */
export async function runPreChecks(ctx: GateContext): Promise<CheckResult[]> {
  const aws = await runPreflightChecks(ctx);
  const staging = ctx.app === 'financial-rise'
    ? [await stagingGateCheck(ctx, 'fr.pre.staging-go', false)]
    : [await stagingHealthCheck(ctx, 'fc.pre.staging-health', ctx.profile.routes.health), await stagingGateCheck(ctx, 'fc.pre.staging-smoke', true)];
  return [...aws, ...staging];
}
