/**
 * The one result shape every runner produces and every reporter reads.
 * Kept free of I/O so the verdict and the reporters stay pure.
 */

/**
 * Ordered from best to worst; see `status.ts`. `error` = could not measure. `waived` = the
 * environment declared the check does not apply to this deployment (`apps.<app>.waive`): not
 * run, never a pass, listed under "not verified by the gate", and it does not block GO.
 */
export type Status = 'pass' | 'waived' | 'skipped' | 'inconclusive' | 'error' | 'fail';

/** One item the gate did not verify because the environment waived it, and why. */
export interface Waiver {
  /** `fc.smoke.health` (the whole check) or `fc.smoke.health:s3` (one expectation). */
  item: string;
  reason: string;
  /** Who configured it: the environment (its name and file). */
  by: string;
}

export type Severity = 'critical' | 'major' | 'minor';

/**
 * Whose fault a non-pass is. `target`: evidence about the release (it answered wrong, slow,
 * not at all). `gate`: the gate could not do its job (its tool missing or crashed, its own
 * credentials, network or rate limit). Only target-caused failures can make NO-GO or a
 * rollback recommendation; gate-caused problems make INCONCLUSIVE and show under "gate health".
 */
export type Cause = 'target' | 'gate';

export type AppId = 'financial-rise' | 'flowcomply';
export const APP_IDS: readonly AppId[] = ['financial-rise', 'flowcomply'];

/** Phases of a gate run, in the order `verify` runs them. */
export type Phase = 'pre' | 'deploy' | 'smoke' | 'perf' | 'load' | 'monitoring' | 'db';
export const PHASES: readonly Phase[] = ['pre', 'deploy', 'smoke', 'perf', 'load', 'monitoring', 'db'];

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=' | 'in' | 'includes' | 'matches' | 'truthy';

/** One measured fact compared with what the runbook expects (lighthouse-ci shape). */
export interface Assertion {
  name: string;
  expected: unknown;
  actual: unknown;
  /** Every sample when the actual value is an aggregate (e.g. median of runs). */
  values?: number[];
  operator: Operator;
  passed: boolean;
  message: string;
}

export type ArtifactKind = 'screenshot' | 'trace' | 'pdf' | 'json' | 'html' | 'log' | 'text' | 'video';

/** A file kept as evidence; `path` is relative to the run folder. */
export interface Artifact {
  kind: ArtifactKind;
  path: string;
  title: string;
}

/** What a check is, from the catalogue (CHECKS.md); every result carries it. */
export interface CheckIdentity {
  /** Stable id from CHECKS.md, e.g. `fr.smoke.registration`. */
  id: string;
  app: AppId;
  phase: Phase;
  title: string;
  /** The runbook line this check automates. */
  runbookRef: string;
  severity: Severity;
}

export interface CheckResult extends CheckIdentity {
  status: Status;
  /** One line a person can act on: what was found and, if not pass, what to do. */
  message: string;
  assertions: Assertion[];
  evidence: Artifact[];
  startedAt: string;
  durationMs: number;
  attempts: number;
  flaky: boolean;
  /** Set on every non-pass (see `Cause`); absent on a pass and on `waived` (nobody's fault: a decision). */
  cause?: Cause;
  /** For a gate-caused problem: what the operator should do to fix the gate (not the release). */
  fix?: string;
  /** Expectations of this check (or the check itself) the environment waived. */
  waivers?: Waiver[];
  /** Free-form measurements for reports (p95, scores, engine used, ...). */
  metrics?: Record<string, number | string | boolean>;
  /**
   * What this failure means for the rollback, from what the check found (e.g. a schema
   * compared with the pre-deploy snapshot): overrides the catalogue's static `rollbackMeaning`.
   * `reasons` say why, and name what stays uncertain.
   */
  rollbackEvidence?: { meaning: 'code' | 'data'; reasons: string[] };
  /** Set on a `skipped` result held back by a prerequisite of this run: that check's id. */
  skippedBehind?: string;
  /**
   * What a probe of this check created and could not undo (an admin account a registration
   * probe got): each line leads the verdict's reasons, e.g. "privileged account created by the
   * probe: <email>: remove it now".
   */
  cleanupNow?: string[];
}

export type Decision = 'GO' | 'NO-GO' | 'INCONCLUSIVE';
export type RollbackRecommendation = 'none' | 'consider' | 'immediate';

/**
 * The recommendation and, when there is one, the runbook procedure to run. `procedure` is the
 * procedure's id (`A`, `option-2`); run folders written before procedures were data hold the
 * procedure's prose there instead, without a title: readers show whatever they find.
 */
export interface RollbackAdvice {
  recommendation: RollbackRecommendation;
  procedure?: string;
  procedureTitle?: string;
  /** The procedure loses data written since the deploy: it needs explicit confirmation. */
  destructive?: boolean;
  reasons: string[];
}

/** A gate-caused problem (see `Cause`): about the gate, not the release, with how to fix it. */
export interface GateProblem {
  id: string;
  status: Status;
  message: string;
  fix?: string;
}

/** The policy a verdict applied, recorded with it so a reader knows which limits judged the release. */
export interface AppliedPolicy {
  /** The runbook's rollback bands (0..1) and which procedure each kind of failure calls for. */
  rollback: {
    immediateErrorRate: number;
    considerErrorRate: number;
    immediateDegradation: number;
    considerDegradation: number;
    choice: Record<'code' | 'data' | 'full', string>;
  };
  flakyBlocksGo: boolean;
  /** The limits the checks applied (profile thresholds with the environment's overrides, budgets). */
  thresholds: Record<string, unknown>;
}

export interface Verdict {
  decision: Decision;
  rollback: RollbackAdvice;
  reasons: string[];
  counts: Record<Status, number>;
  /** What kept the gate from measuring the release; never a reason for NO-GO or rollback. */
  gateHealth: GateProblem[];
  policy: AppliedPolicy;
  /** The requests the gate spent against each of the target's known rate limits (src/http/request-budget.ts). */
  requests?: RequestsSpent[];
}

/** One rate limit and what this run spent against it: in total, and the most in one window. */
export interface RequestsSpent {
  limitId: string;
  label: string;
  limit: number;
  windowS: number;
  spent: number;
  peak: number;
}

/** Exit codes of `verify` and `deploy` (and every command that validates config). */
export const EXIT = { GO: 0, NO_GO: 1, INCONCLUSIVE: 2, HARNESS_ERROR: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
