import type { CheckResult, Phase } from '../core/types.ts';
import type { GateContext } from '../checks/context.ts';
import { runSmokeChecks } from './phases/smoke.ts';

export interface PhaseExtras {
  signupPassword: string;
  retries: number;
}

type Runner = (ctx: GateContext, extras: PhaseExtras) => Promise<CheckResult[]>;

/**
 * A phase's runner, loaded on first use so a phase that is not selected costs nothing. The
 * import names the function itself (typed), never an export name as a string.
 */
const lazy = (load: () => Promise<(ctx: GateContext) => Promise<CheckResult[]>>): Runner => async (ctx) => (await load())(ctx);

/** One runner per phase; each returns CheckResults and decides nothing. */
export const PHASE_RUNNERS: Record<Phase, Runner> = {
  pre: lazy(async () => (await import('../checks/pre/index.ts')).runPreChecks),
  deploy: lazy(async () => (await import('../checks/aws/index.ts')).runDeployStateChecks),
  smoke: async (ctx, extras) => {
    const results = await runSmokeChecks(ctx, extras);
    // After the suites: their own requests are part of "no errors since the deploy".
    const { LOGS_CLEAN_CHECK_ID, runLogsCleanCheck } = await import('../checks/aws/logs-clean.ts');
    return LOGS_CLEAN_CHECK_ID[ctx.app] ? [...results, await runLogsCleanCheck(ctx)] : results;
  },
  perf: lazy(async () => (await import('../checks/perf/index.ts')).runPerfChecks),
  load: lazy(async () => (await import('../checks/load/index.ts')).runLoadChecks),
  monitoring: lazy(async () => (await import('../checks/aws/index.ts')).runMonitoringChecks),
  db: lazy(async () => (await import('../checks/db/index.ts')).runDbChecks),
};
