import { checkResult } from '../../src/gate/result.ts';
import { isFlaky } from '../../src/verdict/flaky.ts';
import type { Artifact, Assertion, CheckResult, Status } from '../../src/core/types.ts';

/** One Playwright attempt of a check's test, reduced to what the gate needs. */
export interface Attempt {
  status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  startTime: Date;
  duration: number;
  errors: string[];
  assertions: Assertion[];
  notes: string[];
  /** Steps not verified on this deployment (waiver, `mail: false`), with who decided it. */
  waived?: { name: string; reason: string; by: string }[];
  evidence: Artifact[];
}

/**
 * Errors that mean "could not measure" (target unreachable, rate limited, secret missing,
 * tool missing) are `error`, not `fail`: the target was not shown to be broken.
 */
const CANNOT_MEASURE = [/ECONNREFUSED/, /ENOTFOUND/, /EAI_AGAIN/, /answered 429/, /secret \S+ is not set/, /POSTFLIGHT_CONTEXT/, /no mail source/, /IMAP credentials missing/, /Executable doesn't exist/, /browserType\.launch/];

export function classifyFailure(errors: string[]): Status {
  return errors.some((e) => CANNOT_MEASURE.some((re) => re.test(e))) ? 'error' : 'fail';
}

function firstLine(text: string): string {
  // Playwright error messages carry ANSI colours and a call log; the first line says it.
  return text.replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim())?.trim().slice(0, 300) ?? '';
}

/** The CheckResult of one check from all its attempts (retries included). */
export function toCheckResult(id: string, attempts: Attempt[]): CheckResult {
  const last = attempts[attempts.length - 1];
  const flaky = isFlaky(attempts.map((a) => (a.status === 'passed' ? 'pass' : a.status === 'skipped' ? 'skipped' : 'fail')));
  const failedAssertions = last.assertions.filter((a) => !a.passed);
  let status: Status;
  let message: string;
  if (last.status === 'passed') {
    status = 'pass';
    message = `${last.assertions.length} assertion(s) passed${flaky ? ` on attempt ${attempts.length} (flaky: failed before)` : ''}`;
  } else if (last.status === 'skipped') {
    status = 'skipped';
    message = 'not run: an earlier step of the same flow failed (see the check before it)';
  } else {
    status = failedAssertions.length ? 'fail' : classifyFailure(last.errors);
    const why = failedAssertions.map((a) => a.message).join('; ') || firstLine(last.errors[0] ?? `test ${last.status}`);
    message = status === 'error' ? `could not measure: ${why}` : why;
  }
  // A check with a step not verified is never a pass: `waived` unless something worse happened.
  const waived = last.waived ?? [];
  if (waived.length && status === 'pass') {
    status = 'waived';
    message = `not verified by the gate: ${waived.map((w) => w.reason).join('; ')}${last.assertions.length ? ` (${last.assertions.length} other assertion(s) passed)` : ''}`;
  }
  const notes = last.notes.filter((n) => !n.startsWith('not verified by the gate'));
  if (notes.length) message += ` [${notes.join('; ')}]`;
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
  });
}
