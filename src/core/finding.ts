import type { Artifact, Assertion, Cause, CheckResult, Status } from './types.ts';

/**
 * What a pure rule concludes from a measurement: everything of a CheckResult except the
 * catalogue fields and the timing, which `toResult` (src/checks/result.ts) adds. Keeping rules
 * free of ids and clocks makes them table-testable. One type for every area of checks.
 */
export interface Finding {
  /** Explicit status (inconclusive, skipped, error); failed assertions make it a fail anyway. */
  status?: Status;
  message: string;
  assertions: Assertion[];
  metrics?: CheckResult['metrics'];
  evidence?: Artifact[];
  /** Whose fault a non-pass is, when the rule knows better than the default. */
  cause?: Cause;
  fix?: string;
  /** What a failure means for the rollback, from evidence (overrides the catalogue's meaning). */
  rollbackEvidence?: CheckResult['rollbackEvidence'];
}
