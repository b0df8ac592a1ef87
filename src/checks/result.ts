import { checkDef } from '../../config/checks.ts';
import type { Artifact, Assertion, Cause, CheckResult, Status } from '../core/types.ts';
import type { Finding } from '../core/finding.ts';
import { worst } from '../core/status.ts';

/**
 * Builds a CheckResult for a catalogue id from what a runner measured. The status is the
 * worst of the given status and the assertions (a failed assertion is a fail), so a runner
 * cannot report pass with a failing assertion, nor pass with no assertion at all (`inconclusive`,
 * the gate's: nothing was measured). Every producer builds its results here, so this is the one
 * place that rule lives (selftest/no-pass-without-assertion.test.ts).
 */
export function checkResult(
  id: string,
  found: {
    status?: Status;
    message: string;
    assertions?: Assertion[];
    evidence?: Artifact[];
    startedAt: Date;
    durationMs: number;
    attempts?: number;
    flaky?: boolean;
    metrics?: CheckResult['metrics'];
    /** Whose fault a non-pass is; default: `fail` and `inconclusive` -> target, `error` -> gate. */
    cause?: Cause;
    /** For a gate-caused problem: how to fix the gate. */
    fix?: string;
    /** What the environment or contract ruled out of this check (reports list each). */
    waivers?: CheckResult['waivers'];
    /** What this failure means for the rollback, from evidence (see CheckResult). */
    rollbackEvidence?: CheckResult['rollbackEvidence'];
    /** A skip held back by this run's prerequisite: its id. */
    skippedBehind?: string;
    /** What a probe created and could not undo: leads the verdict. */
    cleanupNow?: string[];
  },
): CheckResult {
  const def = checkDef(id);
  const assertions = found.assertions ?? [];
  const fromAssertions: Status = assertions.some((a) => !a.passed) ? 'fail' : 'pass';
  const measured = worst([found.status ?? 'pass', fromAssertions]);
  // THE rule (every CheckResult is built here): a pass needs at least one assertion. A check
  // that asserted nothing measured nothing, whatever status its producer claimed.
  const unproven = measured === 'pass' && assertions.length === 0;
  if (unproven) found = { ...found, message: `${NOTHING_ASSERTED}: ${found.message}`, cause: 'gate', fix: found.fix ?? NOTHING_ASSERTED_FIX };
  const status: Status = unproven ? 'inconclusive' : measured;
  return {
    id,
    app: def.app,
    phase: def.phase,
    title: def.title,
    runbookRef: def.runbookRef,
    severity: def.severity,
    status,
    message: found.message,
    assertions,
    evidence: found.evidence ?? [],
    startedAt: found.startedAt.toISOString(),
    durationMs: found.durationMs,
    attempts: found.attempts ?? 1,
    flaky: found.flaky ?? false,
    ...(status !== 'pass' && status !== 'waived' ? { cause: found.cause ?? defaultCause(status) } : {}),
    ...(status !== 'pass' && found.fix ? { fix: found.fix } : {}),
    ...(found.metrics ? { metrics: found.metrics } : {}),
    ...(found.waivers?.length ? { waivers: found.waivers } : {}),
    ...(status === 'fail' && found.rollbackEvidence ? { rollbackEvidence: found.rollbackEvidence } : {}),
    ...(status === 'skipped' && found.skippedBehind ? { skippedBehind: found.skippedBehind } : {}),
    ...(found.cleanupNow?.length ? { cleanupNow: found.cleanupNow } : {}),
  };
}

export const NOTHING_ASSERTED = 'not measured: the check asserted nothing, so it cannot pass';
const NOTHING_ASSERTED_FIX =
  'the check ran but judged nothing (no assertion recorded): see its message and evidence for what it could not reach, and fix the check or the environment';

/** A measured failure is about the release; "could not measure" is the gate's unless a producer knows better. */
export function defaultCause(status: Status): Cause {
  return status === 'error' ? 'gate' : 'target';
}

/**
 * An `error` result: the check could not measure. `hint` says what to do. `now` is the caller's
 * clock (GateContext.now), so a test with a fixed clock gets a fixed duration.
 */
export function errorResult(id: string, startedAt: Date, now: () => Date, what: string, hint: string, status: Status = 'error', cause?: Cause): CheckResult {
  return checkResult(id, {
    status,
    message: `${what} — ${hint}`,
    startedAt,
    durationMs: Math.max(0, now().getTime() - startedAt.getTime()),
    // "Could not measure" is the gate's by default, so the hint is how to fix the gate (gate health
    // shows it); a producer that knows the target is to blame (it did not answer) says `target`.
    ...(cause ? { cause } : {}),
    fix: hint,
  });
}

/** A rule's Finding as the CheckResult of catalogue id `id`, timed from `startedAt` to `now`. */
export function toResult(id: string, finding: Finding, startedAt: Date, now: Date): CheckResult {
  return checkResult(id, {
    ...finding,
    // A finding without assertions and without a status would be an unproven pass.
    status: finding.status ?? (finding.assertions.length ? 'pass' : 'inconclusive'),
    startedAt,
    durationMs: Math.max(0, now.getTime() - startedAt.getTime()),
  });
}
