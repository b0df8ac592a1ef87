import type { GateConfig, ResolvedApp } from '../config/load.ts';
import type { SuiteContext } from '../apps/suite-context.ts';

/**
 * The apps' API clients (src/apps/, shared with the suites) take the context `verify` hands the
 * Playwright suites; cleanup builds the same shape from the resolved config so it talks to
 * the apps exactly as a run does (routes with the environment's overrides, CSRF, auth).
 * It is not a run: no run id and no run folder, and it writes nothing.
 */
export function cleanupContext(config: GateConfig, app: ResolvedApp, cwd: string): SuiteContext {
  return {
    app: app.app,
    envName: config.env.name,
    runId: 'cleanup',
    runDir: cwd,
    target: app.target,
    profile: app.profile,
    secrets: app.secrets,
    ...(app.databaseUrl ? { databaseUrl: app.databaseUrl } : {}),
  };
}

/** Options every app's cleanup takes. */
export interface CleanupOptions {
  /** List only; delete nothing. */
  dryRun: boolean;
  /** Leave data of runs younger than this (a run may still be using it); 0 = any age. */
  olderThanMinutes: number;
  now: Date;
}
