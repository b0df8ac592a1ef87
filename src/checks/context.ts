import type { ProgressSink } from '../core/progress.ts';
import type { AppProfile } from '../../config/apps/index.ts';
import type { AppTarget, Environment } from '../config/environment.ts';
import type { RunSettings } from '../config/run-settings.ts';
import type { AppId, Phase } from '../core/types.ts';
import { fillRoute } from '../config/routes.ts';
import type { RequestPacer } from '../http/client.ts';

/** Everything a phase runner needs to check one app on one environment. Built once, validated. */
export interface GateContext {
  app: AppId;
  profile: AppProfile;
  /** The app's target in the environment (URLs, mail, aws names, overrides). */
  target: AppTarget;
  env: Environment;
  /** Run id, e.g. `20261125-071200-ab12`; also tags test data created by the run. */
  runId: string;
  /** Root of all run folders (`--out`): earlier runs (staging verdicts, baselines) live here. */
  reportsRoot: string;
  /** Absolute path of `reports/<app>/<env>/<run-id>/`; evidence paths are relative to it. */
  runDir: string;
  /** Secret values by role (`smokeEmail`, `smokePassword`, ...), already resolved. */
  secrets: Record<string, string>;
  /** Read-only database URL when the environment gives one. */
  databaseUrl?: string;
  /**
   * The snapshot the deploy being verified took before it changed anything, when the platform
   * can read it as a database (the local platform): a schema failure is compared with it.
   */
  preDeploySnapshot?: { id: string; databaseUrl: string };
  /** Phases selected for this run (`--only`). */
  phases: readonly Phase[];
  /** The size of this run's measurements (Lighthouse runs, load duration/VUs/rate), resolved once. */
  settings: RunSettings;
  /** Load engine override (`--load-engine`). */
  loadEngine?: 'auto' | 'k6' | 'embedded';
  /** `verify --k6-summary`: a k6 summary from a run elsewhere, judged instead of running load. */
  k6Summary?: string;
  /** Progress line for the console (the CLI decides where it goes). */
  log: (line: string) => void;
  /** Live progress of the long waits (load window, Lighthouse runs) for the console; absent: none. */
  progress?: ProgressSink;
  /** Process environment, passed in so tests can give their own. */
  processEnv: NodeJS.ProcessEnv;
  /** When the deploy being verified finished (logs "since the deploy"); default: run start. */
  deployedAt: Date;
  /**
   * The last GO runs' p95s on this app and environment (the history index), read once by the
   * gate: "performance degradation" is measured against them. `alb`: the load balancer's p95 of
   * the newest GO run that recorded one (the same metric the production slowdown check reads);
   * `load`: the load test's. Absent: no history.
   */
  baselines?: { alb?: { p95Ms: number; runId: string }; load?: { p95Ms: number; runId: string } };
  /** Injectable clock. */
  now: () => Date;
  /** Fires when the run's overall deadline passes: runners stop their tools and browsers. */
  signal?: AbortSignal;
  /** The target's request budget (src/http/request-budget.ts): the checks' own requests wait until they fit. */
  pacer?: LoadPacer;
}

/** Resolves a profile route with the environment's overrides and `:param` values. */
export function routeOf(ctx: Pick<GateContext, 'profile' | 'target'>, key: string, params: Record<string, string> = {}): string {
  return fillRoute(ctx.profile.routes as Record<string, string>, ctx.target.routes, key, params);
}

/** The request budget as the load phase sees it: pacing for single requests, plus the load's allowance. */
export interface LoadPacer extends RequestPacer {
  /** The load's pace within the budget: requests/s and how many it may send (undefined: no limit applies). */
  loadAllowance(requests: readonly { request: string; weight: number }[], durationS: number): { rate?: number; maxRequests?: number; limit?: string };
  /** Records requests sent outside `take` (the load engine's), so the run's spend is complete. */
  recordBulk(request: string, count: number): void;
}
