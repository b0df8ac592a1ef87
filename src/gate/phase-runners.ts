import type { CheckResult, Phase } from '../core/types.ts';
import type { GateContext } from '../checks/context.ts';
import { AFTER_SUITES_MEASURES, runSmokePhase } from './phases/smoke.ts';
import { corroborate, needsReachabilityProbe } from '../verdict/corroborate.ts';
import { readAnswers } from '../http/answer-log.ts';
import { probeReachable } from './reachability.ts';

export interface PhaseExtras {
  signupPassword: string;
  retries: number;
}

/** Measures the catalogue ids it is given (the run's plan for the phase), no more, no fewer. */
type Runner = (ctx: GateContext, ids: readonly string[], extras: PhaseExtras) => Promise<CheckResult[]>;

/**
 * A phase's runner, loaded on first use so a phase that is not selected costs nothing. The
 * import names the function itself (typed), never an export name as a string.
 */
const lazy =
  (load: () => Promise<(ctx: GateContext, ids: readonly string[]) => Promise<CheckResult[]>>): Runner =>
  async (ctx, ids) =>
    (await load())(ctx, ids);

/** One runner per phase; each looks the ids up in its area's registry, returns CheckResults and decides nothing. */
export const PHASE_RUNNERS: Record<Phase, Runner> = {
  pre: lazy(async () => (await import('../checks/pre/index.ts')).runPreChecks),
  deploy: lazy(async () => (await import('../checks/aws/deploy-state.ts')).runDeployStateChecks),
  // The suites' silences are judged by what else of the target answered before the measures after them run.
  smoke: (ctx, ids, extras) => runSmokePhase(ctx, ids, { ...extras, judgeSilences: (results) => corroborateSilences(ctx, results) }),
  perf: lazy(async () => (await import('../checks/perf/index.ts')).runPerfChecks),
  load: lazy(async () => (await import('../checks/load/index.ts')).runLoadChecks),
  monitoring: lazy(async () => (await import('../checks/aws/monitoring.ts')).runMonitoringChecks),
  db: lazy(async () => (await import('../checks/db/index.ts')).runDbChecks),
};

/**
/**
 * Each phase's registry of measures (full id -> measure), loaded on demand: what the runners
 * above look ids up in. The smoke phase's other ids are its Playwright tests (tests/<app>/).
 * selftest/catalogue.test.ts checks every gate-owned id has exactly one measure here.
 */
export const PHASE_MEASURES: Record<Phase, () => Promise<Readonly<Record<string, unknown>>>> = {
  pre: async () => (await import('../checks/pre/index.ts')).PRE_MEASURES,
  deploy: async () => (await import('../checks/aws/deploy-state.ts')).DEPLOY_STATE_MEASURES,
  smoke: async () => AFTER_SUITES_MEASURES,
  perf: async () => (await import('../checks/perf/index.ts')).PERF_MEASURES,
  load: async () => (await import('../checks/load/index.ts')).LOAD_MEASURES,
  monitoring: async () => (await import('../checks/aws/monitoring.ts')).MONITORING_MEASURES,
  db: async () => (await import('../checks/db/run.ts')).DB_MEASURES,
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
