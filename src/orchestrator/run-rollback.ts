import type { JournalSink } from '../evidence/journal/file.ts';
import { bindPlan, type StepExecutors } from './bind.ts';
import { runPlan, type RunReport } from './engine.ts';
import { buildRollbackPlan } from './rollback-plan.ts';
import type { RollbackTarget } from './rollback-target.ts';
import type { RunnablePlan } from './step.ts';
import type { DeployTarget } from './target.ts';

/**
 * One rollback procedure as a plan of platform steps, run by the engine into a journal: the
 * deploy's own (after a NO-GO) or a rollback's own (`postflight rollback`). The procedure is
 * the profile's data; where it goes is `rollbackTarget()`'s answer or `--to`.
 */

export interface RollbackInput {
  target: DeployTarget;
  runId: string;
  procedureId: string;
  to: RollbackTarget;
  snapshotId?: string;
}

/** The plan, bound: `PlanError` when the procedure cannot be planned (nothing done). */
export function planRollback(i: RollbackInput, executors: StepExecutors): RunnablePlan {
  const procedure = i.target.procedures.find((p) => p.id === i.procedureId);
  if (!procedure) {
    throw new Error(`${i.target.app} has no rollback procedure "${i.procedureId}" (its profile has: ${i.target.procedures.map((p) => p.id).join(', ')}).`);
  }
  const to =
    i.to.kind === 'release'
      ? { release: i.to.release }
      : i.to.kind === 'revisions'
        ? { revisions: { backend: i.to.revisions.backend!, frontend: i.to.revisions.frontend! } }
        : undefined;
  const plan = buildRollbackPlan({
    app: i.target.app,
    env: i.target.envName,
    runId: i.runId,
    procedure,
    ...(to ? { target: to } : {}),
    ...(i.snapshotId ? { snapshotId: i.snapshotId } : {}),
    // The sandbox runs one process per app; on AWS the runbook restarts with 2 tasks.
    restartDesired: i.target.platform.kind === 'local' ? 1 : 2,
  });
  return bindPlan(plan, i.target.platform, executors);
}

export async function runRollback(
  plan: RunnablePlan,
  o: { journal: JournalSink; allowDestructive: boolean; resumeCommand: string; log: (l: string) => void },
): Promise<{ report: RunReport; verify?: Record<string, unknown> }> {
  const report = await runPlan(plan, { journal: o.journal, resumeCommand: o.resumeCommand, allowDestructive: o.allowDestructive, log: o.log });
  const verifyStep = plan.steps.find((s) => s.id.endsWith('.rollback.verify'));
  const verify = verifyStep ? report.steps.get(verifyStep.id)?.outputs : undefined;
  return { report, ...(verify?.decision ? { verify } : {}) };
}
