import type { CheckResult, Status } from '../core/types.ts';

/**
 * The one place that decides "flaky" (Playwright's `outcome.ts` habit): reporters and the
 * verdict ask here instead of re-deriving it, so a check cannot be flaky in the HTML report
 * and stable in the verdict.
 *
 * Flaky = the check ended in `pass`, but only on a retry: some earlier attempt did not pass.
 * A check that failed on every attempt is not flaky, it is failing.
 */

/** From the status of every attempt, in order. */
export function isFlaky(attempts: readonly Status[]): boolean {
  if (attempts.length < 2) return false;
  return attempts[attempts.length - 1] === 'pass' && attempts.slice(0, -1).some((s) => s !== 'pass');
}

/**
 * From a finished CheckResult. Runners retry only a check that did not pass, so a pass with
 * more than one attempt passed on a retry; a runner may also set `flaky` itself (e.g. when
 * Playwright reported the outcome `flaky`).
 */
export function isFlakyResult(result: Pick<CheckResult, 'status' | 'attempts' | 'flaky'>): boolean {
  return result.status === 'pass' && (result.flaky || result.attempts > 1);
}
