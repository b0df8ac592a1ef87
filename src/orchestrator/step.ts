import type { PlannedStepSummary, StepRecord } from '../evidence/journal/schema.ts';
import type { ActionContext, Clock, PlannedCall, StepOutcome } from '../platforms/outcome.ts';

/**
 * A step of a deploy or rollback: what the runbook says to do at one point, with the line it
 * automates, how long it may take, and whether it destroys data. The engine (./engine.ts)
 * runs steps; a step never decides what runs next.
 */

export interface StepContext extends ActionContext {
  runId: string;
  app: string;
  env: string;
  release?: string;
  clock: Clock;
  /** 1 on the first run of this step, 2+ after a resume. */
  attempt: number;
  /** Outputs of an earlier step of this run (from the journal, so also after a resume). */
  outputsOf(stepId: string): Record<string, unknown> | undefined;
}

/**
 * `id`: the catalogue id where the catalogue has one (`fr.deploy.backend`), else
 * `<app>.orch.<name>`; `phase`: the runbook phase it belongs to (for the timeline);
 * `destructive`: loses data (a restore), needs its confirmation flag before a plan holding it may run.
 */
export interface Step extends PlannedStepSummary {
  /** What the step is given, recorded in `step-started` (never secrets). */
  inputs: Record<string, unknown>;
  /** Every call the step would make, for `--dry-run` (nothing is called to list them). */
  plannedCalls: PlannedCall[];
  run(ctx: StepContext): Promise<StepOutcome>;
  /**
   * Called instead of `run` when the journal shows the step was in flight when the process
   * died: it must re-check the real state (a snapshot being created is waited for, not
   * created again). Absent: the step is idempotent and `run` is called again.
   */
  resume?(ctx: StepContext, prior: StepRecord): Promise<StepOutcome>;
}

/** A plan bound to its steps, ready for the engine. */
export interface RunnablePlan {
  runId: string;
  /** `deploy`, or `rollback:<procedure id>`. */
  kind: string;
  app: string;
  env: string;
  release?: string;
  steps: Step[];
}
