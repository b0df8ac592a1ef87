import type { GateContext } from '../context.ts';

/** Knobs of the AWS checks; every one has a runbook default. */
export interface AwsCheckOptions {
  /** `count` (default): alarms already in ALARM before the deploy fail like any other; `flag`: inconclusive. */
  alarmsBeforeDeploy?: 'count' | 'flag';
  /** "Logs receiving data": an event at most this old (default 60 min). */
  freshMinutes?: number;
  /** Window of the FlowComply metrics (default 60 min, runbook Phase 6). */
  metricsWindowMinutes?: number;
  /** How long before `deployedAt` start-up lines may be (default 60 min). */
  startupWindowMinutes?: number;
  /** max_connections of the RDS instance; default from `<FR|FC>_RDS_MAX_CONNECTIONS`, the instance class, or 100. */
  rdsMaxConnections?: number;
  /** Start-up line the backend logs (runbook Phase 2.5). */
  serverStartedPhrase?: string;
  /** Lines that say the database is connected; the first one found counts. */
  dbConnectedPhrases?: string[];
  /** Repository (path or URL) holding the release tags; default from the environment variables below. */
  releaseRepo?: string;
}

export const DEFAULT_STARTUP = {
  serverStartedPhrase: 'Server started on port 3000',
  dbConnectedPhrases: ['Database connection successful', 'Database connected', 'Connected to database'],
};

/** The environment's `releaseRepo`, then `POSTFLIGHT_FR_RELEASE_REPO` / `POSTFLIGHT_FC_RELEASE_REPO`, then `POSTFLIGHT_RELEASE_REPO`. */
export function releaseRepoOf(ctx: GateContext, opts: AwsCheckOptions): string | undefined {
  const prefix = ctx.profile.prefix.toUpperCase();
  return opts.releaseRepo ?? ctx.target.releaseRepo ?? ctx.processEnv[`POSTFLIGHT_${prefix}_RELEASE_REPO`] ?? ctx.processEnv.POSTFLIGHT_RELEASE_REPO;
}

/** `FR_RDS_MAX_CONNECTIONS` / `FC_RDS_MAX_CONNECTIONS` when set to a positive integer. */
export function rdsMaxFromEnv(ctx: GateContext, opts: AwsCheckOptions): number | undefined {
  if (opts.rdsMaxConnections) return opts.rdsMaxConnections;
  const raw = ctx.processEnv[`${ctx.profile.prefix.toUpperCase()}_RDS_MAX_CONNECTIONS`];
  const n = raw ? Number(raw) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export const minutesBefore = (d: Date, minutes: number) => new Date(d.getTime() - minutes * 60_000);
