import type { CheckResult, Phase } from '../core/types.ts';
import type { GateContext } from './context.ts';
import { runSmokeChecks } from './phases/smoke.ts';

export interface PhaseExtras {
  signupPassword: string;
  retries: number;
}

type Runner = (ctx: GateContext, extras: PhaseExtras) => Promise<CheckResult[]>;

/** Loads a runner on first use, so a phase that is not selected costs nothing. */
function lazy(load: () => Promise<Record<string, unknown>>, name: string): Runner {
  return async (ctx) => {
    const mod = await load();
    const fn = mod[name] as ((ctx: GateContext) => Promise<CheckResult[]>) | undefined;
    if (!fn) throw new Error(`runner ${name} is missing from its module`);
    return fn(ctx);
  };
}

/** One runner per phase; each returns CheckResults and decides nothing. */
export const PHASE_RUNNERS: Record<Phase, Runner> = {
  pre: lazy(() => import('../checks/pre/index.ts'), 'runPreChecks'),
  deploy: lazy(() => import('../checks/aws/index.ts'), 'runDeployStateChecks'),
  smoke: async (ctx, extras) => {
    const results = await runSmokeChecks(ctx, extras);
    // After the suites: their own requests are part of "no errors since the deploy".
    if (ctx.app !== 'financial-rise') return results;
    const { runLogsCleanCheck } = await import('../checks/aws/logs-clean.ts');
    return [...results, await runLogsCleanCheck(ctx)];
  },
  perf: lazy(() => import('../checks/perf/index.ts'), 'runPerfChecks'),
  load: lazy(() => import('../checks/load/index.ts'), 'runLoadChecks'),
  monitoring: lazy(() => import('../checks/aws/index.ts'), 'runMonitoringChecks'),
  db: lazy(() => import('../checks/db/index.ts'), 'runDbChecks'),
};
