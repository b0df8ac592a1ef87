import type { CheckResult } from '../core/types.ts';
import { checkResult } from '../checks/result.ts';
import type { SettingGap } from '../config/setting-needs.ts';

/**
 * What a phase does with the settings its checks lack (src/config/setting-needs.ts): a check
 * that cannot measure without one is not handed to its runner and is reported `skipped` with a
 * message naming the setting (never silent: a critical one keeps the run from GO through the
 * silent-skip rule); a check that runs weakened keeps its result, and its message names what it
 * did not verify and why. Pure.
 */

/** The ids the runner should measure: those with no `not-run` gap. */
export function runnableIds(ids: readonly string[], gaps: readonly SettingGap[]): string[] {
  const blocked = new Set(gaps.filter((g) => g.effect === 'not-run').map((g) => g.id));
  return ids.filter((id) => !blocked.has(id));
}

/** Replaces the blocked ids' results with the named skip; appends the partial ones' notes. */
export function applySettingGaps(results: readonly CheckResult[], gaps: readonly SettingGap[], now: Date): CheckResult[] {
  if (!gaps.length) return [...results];
  return results.map((r) => {
    const mine = gaps.filter((g) => g.id === r.id);
    const notRun = mine.filter((g) => g.effect === 'not-run');
    if (notRun.length) return checkResult(r.id, { status: 'skipped', message: notRun.map((g) => g.line).join('; '), startedAt: now, durationMs: 0 });
    const partial = mine.filter((g) => g.effect === 'partial');
    if (!partial.length) return r;
    return { ...r, message: `${r.message} [${partial.map((g) => g.line).join('; ')}]` };
  });
}
