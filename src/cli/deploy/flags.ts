import type { Diagnostics } from '../../config/diagnostics.ts';
import { parsePhases } from '../../config/load.ts';
import type { RunFlags } from '../../config/run-settings.ts';
import type { Phase } from '../../core/types.ts';
import type { DeployTarget } from '../../orchestrator/target.ts';

/** Flags `deploy` and `rollback` share, and the checks of them both commands make. */

export const orchestrationFlags = {
  app: { type: 'string' },
  env: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'confirm-production': { type: 'boolean' },
  out: { type: 'string' },
  'load-duration': { type: 'string' },
  'lighthouse-runs': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Production is never touched by accident: the flag is the operator saying "yes, production". */
export function refuseProduction(target: DeployTarget | undefined, envArg: string | undefined, confirmed: boolean, diags: Diagnostics): void {
  // Said even when the environment could not be loaded: the refusal must not hide behind another error.
  if ((target?.production || envArg === 'production') && !confirmed) {
    diags.error(
      '--env production',
      'refused without --confirm-production',
      'add --confirm-production if you mean to change production (run with --dry-run first to see every call)',
    );
  }
}

/**
 * The gate's phases after a deploy (default: the runbook's verification, without `monitoring`
 * where the environment has no AWS to read) and after a rollback (the runbooks say: smoke
 * again, check the error rates -> smoke, + monitoring with AWS). Also the quick-look flags,
 * typed for the config loader (src/config/run-settings.ts).
 */
export function gatePhases(
  deploy: string[] | undefined,
  rollback: string[] | undefined,
  target: DeployTarget | undefined,
  diags: Diagnostics,
  quick: { loadDuration?: string; lighthouseRuns?: string },
): { deploy: Phase[]; rollback: Phase[]; runFlags: RunFlags } {
  const aws = Boolean(target?.config.env.aws);
  const d = deploy === undefined ? parsePhases(undefined, diags).filter((p) => aws || p !== 'monitoring') : parsePhases(deploy, diags);
  const r = rollback === undefined ? (aws ? (['smoke', 'monitoring'] as Phase[]) : (['smoke'] as Phase[])) : parsePhases(rollback, diags);
  const runFlags: RunFlags = {};
  for (const [flag, raw, field] of [
    ['--load-duration', quick.loadDuration, 'loadDurationS'],
    ['--lighthouse-runs', quick.lighthouseRuns, 'lighthouseRuns'],
  ] as const) {
    if (raw === undefined) continue;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) diags.error(flag, `"${raw}" is not a whole number >= 1`);
    else runFlags[field] = Number(raw);
  }
  return { deploy: d, rollback: r, runFlags };
}
