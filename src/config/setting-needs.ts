import { CHECK_NEEDS, type NeedEffect } from '../../config/check-needs.ts';
import { CHECKS } from '../../config/checks.ts';
import type { AppId } from '../core/types.ts';
import type { AppTarget } from './environment.ts';

/**
 * What an environment lacks for the checks it would run (config/check-needs.ts), pure. The gate
 * turns each gap into a named skip or a named "not verified" (src/gate/setting-gaps.ts);
 * `doctor --env` lists them per setting with the checks each one disables.
 */

export interface SettingGap {
  id: string;
  effect: NeedEffect;
  /** `apps.financial-rise.aws.loadBalancer` (alternatives joined with " or "). */
  setting: string;
  what: string;
  /** The line the result (and doctor) shows. */
  line: string;
}

/** Present: a non-empty string, a non-empty array, any other defined value. */
export function settingPresent(target: unknown, path: string): boolean {
  let at: unknown = target;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null) return false;
    at = (at as Record<string, unknown>)[key];
  }
  if (at === undefined || at === null || at === '') return false;
  return !Array.isArray(at) || at.length > 0;
}

/** The unmet needs of `ids` (default: every catalogue check of the app) on this target. */
export function settingGaps(app: AppId, target: AppTarget | undefined, envName: string, ids?: readonly string[]): SettingGap[] {
  const wanted = ids ?? CHECKS.filter((c) => c.app === app).map((c) => c.id);
  const gaps: SettingGap[] = [];
  for (const id of wanted) {
    for (const need of CHECK_NEEDS[id] ?? []) {
      if (need.anyOf.some((path) => settingPresent(target, path))) continue;
      // Without an `aws` block at all the AWS area is not configured: its checks already say so
      // as one `error` each (and doctor as "AWS: not needed"), not one missing name at a time.
      if (!target?.aws && need.anyOf.every((path) => path.startsWith('aws.'))) continue;
      const setting = need.anyOf.map((p) => `apps.${app}.${p}`).join(' or ');
      const line =
        need.effect === 'not-run'
          ? `not run: ${setting} missing from environment ${envName} (needed for ${need.what}) — set it, or waive ${id} with a reason`
          : `not verified: ${need.what} — ${setting} missing from environment ${envName}`;
      gaps.push({ id, effect: need.effect, setting, what: need.what, line });
    }
  }
  return gaps;
}

/** The same gaps grouped by setting, for `doctor`: each missing setting and the check ids it disables or weakens. */
export function missingSettings(gaps: readonly SettingGap[]): { setting: string; notRun: string[]; partial: string[] }[] {
  const bySetting = new Map<string, { setting: string; notRun: string[]; partial: string[] }>();
  for (const g of gaps) {
    const entry = bySetting.get(g.setting) ?? { setting: g.setting, notRun: [], partial: [] };
    (g.effect === 'not-run' ? entry.notRun : entry.partial).push(g.id);
    bySetting.set(g.setting, entry);
  }
  return [...bySetting.values()];
}
