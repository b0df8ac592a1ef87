import type { CheckResult, Phase } from '../core/types.ts';
import type { GateContext } from '../checks/context.ts';
import { runSmokeChecks } from './phases/smoke.ts';
import { corroborate, needsReachabilityProbe } from '../verdict/corroborate.ts';
import { readAnswers } from '../http/answer-log.ts';
import { probeReachable } from './reachability.ts';

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
    const results = await corroborateSilences(ctx, await runSmokeChecks(ctx, extras));
    // After the suites: their own requests are part of "no errors since the deploy".
    const { LOGS_CLEAN_CHECK_ID, runLogsCleanCheck } = await import('../checks/aws/logs-clean.ts');
    return LOGS_CLEAN_CHECK_ID[ctx.app] ? [...results, await runLogsCleanCheck(ctx)] : results;
  },
  perf: lazy(async () => (await import('../checks/perf/index.ts')).runPerfChecks),
  load: lazy(async () => (await import('../checks/load/index.ts')).runLoadChecks),
  monitoring: lazy(async () => (await import('../checks/aws/index.ts')).runMonitoringChecks),
  db: lazy(async () => (await import('../checks/db/index.ts')).runDbChecks),
};

/**
 * A timeout or refused connection in the suites, judged by what else of the target answered in
 * the same run (the suites' answer log) and, only when nothing did, by the gate's own probe.
 */
async function corroborateSilences(ctx: GateContext, results: CheckResult[]): Promise<CheckResult[]> {
  const origins = [ctx.target.apiUrl, ctx.target.webUrl].filter((u): u is string => Boolean(u));
  const run = { origins, answered: readAnswers(ctx.runDir) };
  const reachable = needsReachabilityProbe(results, run) ? await probeReachable(origins) : undefined;
  return corroborate(results, { ...run, ...(reachable !== undefined ? { reachable } : {}) });
}
