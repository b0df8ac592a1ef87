/**
 * What one run was asked for beyond the environment file: how big the Lighthouse and load
 * measurements are. Resolved once, when the config is loaded, from the CLI's flags first and
 * then the documented variables (README "Other environment variables"), and carried typed into
 * every check's context: no check reads an environment variable for these.
 */

/** The flags `verify`, `deploy` and `rollback` take for the size of a run (already validated). */
export interface RunFlags {
  /** `--lighthouse-runs` */
  lighthouseRuns?: number;
  /** `--load-duration` (seconds) */
  loadDurationS?: number;
}

export interface RunSettings {
  /** Lighthouse runs per page; unset: the profile's `perf.runs`. */
  lighthouseRuns?: number;
  /** The load test's size and pace; each unset field: the profile's `load`. */
  load: { durationS?: number; vus?: number; arrivalRate?: number };
}

function positive(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * Pure: flags win over the variables; a variable that is not a positive number is ignored
 * (the profile's value stands), as it always was for these.
 *   POSTFLIGHT_LIGHTHOUSE_RUNS (whole number)   POSTFLIGHT_LOAD_DURATION_S, POSTFLIGHT_LOAD_VUS,
 *   POSTFLIGHT_LOAD_RATE (requests/s in total)
 */
export function resolveRunSettings(flags: RunFlags, env: NodeJS.ProcessEnv): RunSettings {
  const runs = positive(env.POSTFLIGHT_LIGHTHOUSE_RUNS);
  const lighthouseRuns = flags.lighthouseRuns ?? (runs !== undefined && Number.isInteger(runs) ? runs : undefined);
  const load = {
    durationS: flags.loadDurationS ?? positive(env.POSTFLIGHT_LOAD_DURATION_S),
    vus: positive(env.POSTFLIGHT_LOAD_VUS),
    arrivalRate: positive(env.POSTFLIGHT_LOAD_RATE),
  };
  const defined = Object.fromEntries(Object.entries(load).filter(([, v]) => v !== undefined)) as RunSettings['load'];
  return { ...(lighthouseRuns !== undefined ? { lighthouseRuns } : {}), load: defined };
}
