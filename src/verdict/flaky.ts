import type { CheckResult, Status } from '../core/types.ts';

/**
 * The one place that decides "flaky" (Playwright's `outcome.ts` habit): reporters and the
 * verdict ask here instead of re-deriving it, so a check cannot be flaky in the HTML report
 * and stable in the verdict.
 *
 * Flaky = the check itself failed (`fail` or `error`) on some attempt and then passed on a
 * later one. A check that only ran again because its group or serial flow was rerun is not
 * flaky: passed-then-passed is stable, and skipped-then-passed (not run the first time
 * because an earlier step failed) never failed. A check that failed on every attempt is not
 * flaky, it is failing.
 */

/** Attempt statuses that mean "this check itself did not hold". */
const FAILED: ReadonlySet<Status> = new Set<Status>(['fail', 'error', 'inconclusive']);

/** From the status of every attempt, in order. */
export function isFlaky(attempts: readonly Status[]): boolean {
  if (attempts.length < 2 || attempts[attempts.length - 1] !== 'pass') return false;
  return attempts.slice(0, -1).some((s) => FAILED.has(s));
}

/**
 * From a finished CheckResult: only what the runner decided with `isFlaky` (it saw every
 * attempt). `attempts > 1` alone proves nothing: a serial flow reruns steps that passed.
 */
export function isFlakyResult(result: Pick<CheckResult, 'status' | 'attempts' | 'flaky'>): boolean {
  return result.status === 'pass' && result.flaky;
}
