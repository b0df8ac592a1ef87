import type { CheckResult, Status } from '../core/types.ts';

/**
 * Skipped is never silent (issue 15, What to build 8). A critical check that was skipped
 * measured nothing; that is acceptable only when the reason is a prerequisite that failed in
 * this same run (that prerequisite's own non-pass already blocks GO and names the cause), or
 * when the environment waived the check itself with a reason (then it is `waived`, not
 * `skipped`, and never reaches this rule). Anything else — a prerequisite that was itself
 * waived, skipped or not run, a suite that skipped on its own — keeps the run from GO.
 * Pure: results in, the silent skips and one reason line each out.
 */

export interface SilentSkip {
  id: string;
  reason: string;
}

/** A prerequisite "failed" when it measured a problem or could not measure: anything but these. */
const NOT_A_FAILURE: readonly Status[] = ['pass', 'waived', 'skipped'];

/** The check at the root of a chain of skips (`a` skipped behind `b` skipped behind `c`). */
function rootOf(id: string, byId: ReadonlyMap<string, CheckResult>, seen = new Set<string>()): CheckResult | undefined {
  const r = byId.get(id);
  if (r?.status !== 'skipped' || !r.skippedBehind || seen.has(id)) return r;
  seen.add(id);
  return rootOf(r.skippedBehind, byId, seen);
}

export function silentSkips(results: readonly CheckResult[]): SilentSkip[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  const out: SilentSkip[] = [];
  for (const r of results) {
    if (r.status !== 'skipped' || r.severity !== 'critical') continue;
    const root = r.skippedBehind ? rootOf(r.skippedBehind, byId) : undefined;
    if (root && !NOT_A_FAILURE.includes(root.status)) continue;
    const why = !r.skippedBehind
      ? 'skipped without a failed prerequisite in this run'
      : !root
        ? `skipped behind ${r.skippedBehind}, which has no result in this run`
        : `skipped behind ${root.id}, which was ${root.status === 'pass' ? 'passed' : root.status}, not failed`;
    out.push({
      id: r.id,
      reason:
        `${r.id} (critical) was not measured: ${why} — a critical check never measured keeps the run from GO; ` +
        `if that is intended, waive it with a reason (apps.<app>.waive["${r.id}"] in the environment)`,
    });
  }
  return out;
}
