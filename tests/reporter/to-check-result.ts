import { checkResult } from '../../src/checks/result.ts';
import { isFlaky } from '../../src/verdict/flaky.ts';
import type { Artifact, Assertion, CheckResult, Status } from '../../src/core/types.ts';
import { isHarnessError, type SerializedError } from '../../src/core/harness-error.ts';
import { failureCause, knownCannotMeasure } from './failure-cause.ts';

/** One Playwright attempt of a check's test, reduced to what the gate needs. */
export interface Attempt {
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  startTime: Date;
  duration: number;
  errors: string[];
  /** An error of this attempt was a GateHarnessError (src/core/harness-error.ts): could not measure. */
  harnessError?: boolean;
  assertions: Assertion[];
  notes: string[];
  /** Steps not verified on this deployment (waiver, `mail: false`), with who decided it. */
  waived?: { name: string; reason: string; by: string }[];
  /** What a probe created and could not undo (leads the verdict). */
  cleanupNow?: string[];
  /** Parts that could not run on this run and nobody waived (no database URL), with the fix. */
  unverified?: { name: string; reason: string; fix: string }[];
  evidence: Artifact[];
  /** Why Playwright skipped it, when the suite said (`test.skip(true, reason)`). */
  skipReason?: string;
  /** The prerequisite check the suite named when it skipped (annotation `skipped-behind`). */
  skippedBehind?: string;
}

/** Annotation type a suite adds before `test.skip` to name the check it stands behind. */
export const SKIPPED_BEHIND = 'skipped-behind';

/**
 * Errors that mean "could not measure" are `error`, not `fail`: the target was not shown to be
 * broken. The gate's own ones (secret or suite context missing, no inbox, its account refused,
 * rate limited) are typed (`GateHarnessError`, read by the reporter: Attempt.harnessError); the
 * texts below are the ones other code throws, which no type of ours can mark: the network
 * (Node, axios) and Playwright's browser launch.
 */
const CANNOT_MEASURE = [/ECONNREFUSED/, /ENOTFOUND/, /EAI_AGAIN/, /Executable doesn't exist/, /browserType\.launch/];

/**
 * The browser could not start or died under the suite: the gate's problem, with the fix in
 * this project's terms (Playwright's own advice, `npx playwright install`, cannot work offline).
 */
// Launch failures only: "page/browser has been closed" also follows a test timeout (the target's).
const BROWSER_BROKEN = [/Executable doesn't exist/, /browserType\.launch/];
export const BROWSER_FIX =
  'the browser failed: install Chromium (apt-get install chromium) or set CHROME_PATH=/path/to/chromium, check it starts with `chromium --headless=new --no-sandbox --version`, and see playwright.log';

export function browserProblem(errors: string[]): boolean {
  return errors.some((e) => BROWSER_BROKEN.some((re) => re.test(e)));
}

/**
 * A Playwright attempt's errors (TestError: `{ message: "<class name>: <message>", value, cause }`)
 * as the Attempt keeps them: their text, and whether one was a GateHarnessError (by class).
 */
export function attemptErrors(errors: readonly (SerializedError & { value?: string })[]): Pick<Attempt, 'errors' | 'harnessError'> {
  return { errors: errors.map((e) => e.message ?? e.value ?? String(e)), ...(errors.some(isHarnessError) ? { harnessError: true } : {}) };
}

export function classifyFailure(errors: string[]): Status {
  return errors.some((e) => CANNOT_MEASURE.some((re) => re.test(e))) || knownCannotMeasure(errors) ? 'error' : 'fail';
}

function firstLine(text: string): string {
  // Playwright error messages carry ANSI colours and a call log; the first line says it.
  return (
    text
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .find((l) => l.trim())
      ?.trim()
      .slice(0, 300) ?? ''
  );
}

/** One attempt as a Status: a run that was stopped (interrupted) is not a failure of the check. */
export function attemptStatus(status: Attempt['status']): Status {
  return status === 'passed' ? 'pass' : status === 'skipped' || status === 'interrupted' ? 'skipped' : 'fail';
}

/**
 * The CheckResult of one check from all its attempts (retries included). `skippedBecause`
 * is the reporter's explanation of a skip Playwright gave no reason for (a serial flow).
 */
export function toCheckResult(id: string, attempts: Attempt[], skippedBecause?: string, blockerId?: string): CheckResult {
  const last = attempts[attempts.length - 1];
  const flaky = isFlaky(attempts.map((a) => attemptStatus(a.status)));
  const failedAssertions = last.assertions.filter((a) => !a.passed);
  let status: Status;
  let message: string;
  if (last.status === 'passed' && failedAssertions.length > 0) {
    // A failure that let its flow go on (Gate.checkAndContinue): the check still fails.
    status = 'fail';
    message = failedAssertions.map((a) => a.message).join('; ');
  } else if (last.status === 'passed') {
    status = 'pass';
    message = `${last.assertions.length} assertion(s) passed${flaky ? ` on attempt ${attempts.length} (flaky: failed before)` : ''}`;
  } else if (last.status === 'skipped') {
    status = 'skipped';
    message = last.skipReason ?? skippedBecause ?? 'not run: an earlier step of the same flow failed (see the check before it)';
  } else {
    status = failedAssertions.length ? 'fail' : last.harnessError ? 'error' : classifyFailure(last.errors);
    const why = failedAssertions.map((a) => a.message).join('; ') || firstLine(last.errors[0] ?? `test ${last.status}`);
    message = status === 'error' ? `could not measure: ${why}` : why;
  }
  const blame = status === 'error' ? failureCause(last.errors) : undefined;
  // A check with a step not verified is never a pass: `waived` unless something worse happened.
  const waived = last.waived ?? [];
  if (waived.length && status === 'pass') {
    status = 'waived';
    message = `not verified by the gate: ${waived.map((w) => w.reason).join('; ')}${last.assertions.length ? ` (${last.assertions.length} other assertion(s) passed)` : ''}`;
  }
  // A part that could not run and nobody waived: not a pass, and not the release's fault.
  const unverified = last.unverified ?? [];
  let unverifiedFix: string | undefined;
  if (unverified.length && status === 'pass') {
    status = 'inconclusive';
    message = `not verified: ${unverified.map((u) => `${u.name} (${u.reason})`).join('; ')} — ${last.assertions.length} other assertion(s) passed`;
    unverifiedFix = unverified.map((u) => u.fix).join('; ');
  }
  const notes = last.notes.filter((n) => !n.startsWith('not verified by the gate'));
  if (notes.length) message += ` [${notes.join('; ')}]`;
  message = message.replace(/npx playwright install/g, 'apt-get install chromium (or CHROME_PATH=...)');
  return checkResult(id, {
    ...(waived.length ? { waivers: waived.map((w) => ({ item: `${id}:${w.name}`, reason: w.reason, by: w.by })) } : {}),
    status,
    message,
    assertions: last.assertions,
    evidence: last.evidence,
    startedAt: attempts[0].startTime,
    durationMs: attempts.reduce((sum, a) => sum + a.duration, 0),
    attempts: attempts.length,
    flaky,
    ...(blame ?? {}),
    ...(status === 'skipped' && (last.skippedBehind ?? blockerId) ? { skippedBehind: last.skippedBehind ?? blockerId } : {}),
    ...(unverifiedFix ? { cause: 'gate' as const, fix: unverifiedFix } : {}),
    // Any attempt's leftovers: a retry does not undo what the first attempt created.
    ...(attempts.some((a) => a.cleanupNow?.length) ? { cleanupNow: [...new Set(attempts.flatMap((a) => a.cleanupNow ?? []))] } : {}),
    // A browser that cannot launch is the gate's, whatever else the errors say.
    ...(status === 'error' && browserProblem(last.errors) ? { cause: 'gate' as const, fix: BROWSER_FIX } : {}),
  });
}
