import type { AppId } from '../core/types.ts';
import type { PlatformAction, ServiceRole } from '../platforms/platform.ts';
import { PlanError, type PlanStep, type PlanStepAction } from './plan.ts';

/**
 * The runbooks' rollback procedures as steps the engine runs. The procedure itself (title,
 * runbook section, destructive, budget) is data in the app profile; this file says which
 * platform actions carry out each procedure id, in the runbook's order. Pure.
 *
 * Targets come from ./rollback-target.ts: a release (redeployed from its image tag) or the
 * task definitions recorded before the deploy. FlowComply option 3 (Terraform) is a printed
 * runbook, never automatic.
 */

/**
 * What the profile says about a procedure: the fields of the profile's `RollbackProcedure`
 * this file reads (a profile's procedure can be passed as it is).
 */
export interface ProcedureInfo {
  id: string;
  title: string;
  runbookSection: string;
  destructive: boolean;
  /** false = report only: a person runs it from the runbook (FlowComply option 3). */
  automatic?: boolean;
  budgetMinutes: { min: number; max: number } | number;
}

export interface RollbackRequest {
  app: AppId;
  env: string;
  runId: string;
  procedure: ProcedureInfo;
  /** Where the services go back to: a release, or a task definition per service. */
  target?: { release: string } | { revisions: Readonly<Record<ServiceRole, string>> };
  /** The pre-deploy snapshot (from the deploy's journal), for procedures that restore. */
  snapshotId?: string;
  /** Backend tasks to restart with after a restore (the desired count before it stopped). */
  restartDesired?: number;
}

export interface RollbackPlan {
  kind: string;
  app: AppId;
  env: string;
  runId: string;
  steps: PlanStep[];
}

type Part = 'revert' | 'cdn' | 'stop' | 'restore' | 'restart' | 'flush' | 'verify';

/** The runbooks' procedures, by id, as ordered parts. */
const PROCEDURES: Readonly<Record<AppId, Readonly<Record<string, readonly Part[]>>>> = {
  'financial-rise': {
    A: ['revert', 'cdn', 'verify'],
    B: ['stop', 'restore', 'restart', 'verify'],
    C: ['revert', 'stop', 'restore', 'restart', 'flush', 'cdn', 'verify'],
  },
  flowcomply: {
    'option-1': ['revert', 'verify'],
    'option-2': ['stop', 'restore', 'revert', 'restart', 'verify'],
  },
};

const MIN = 60_000;

export function buildRollbackPlan(req: RollbackRequest): RollbackPlan {
  const parts = PROCEDURES[req.app]?.[req.procedure.id];
  const problems: string[] = [];
  if (req.procedure.automatic === false) {
    problems.push(
      `procedure ${req.procedure.id} (${req.procedure.title}) is not automatic in the ${req.app} profile: follow "${req.procedure.runbookSection}" by hand`,
    );
  } else if (!parts) {
    const known = Object.keys(PROCEDURES[req.app] ?? {}).join(', ');
    problems.push(
      req.procedure.id === 'option-3'
        ? 'FlowComply option 3 (Terraform revert) is never automatic: follow the printed runbook'
        : `procedure "${req.procedure.id}" is not automated for ${req.app} (automated: ${known})`,
    );
  }
  if (parts?.includes('revert') && !req.target)
    problems.push('no rollback target: give --to <release>, or a deploy journal with the revisions recorded before it');
  if (parts?.includes('restore') && !req.snapshotId) problems.push('no snapshot to restore: the deploy journal has none; give the snapshot id');
  if (parts?.includes('restart') && !(req.restartDesired && req.restartDesired > 0))
    problems.push('the backend task count to restart with is unknown (read it before stopping)');
  if (parts?.includes('restore') && !req.procedure.destructive)
    problems.push(`procedure ${req.procedure.id} restores the database but its profile does not mark it destructive: fix the profile`);
  if (problems.length)
    throw new PlanError(`Rollback ${req.procedure.id} of ${req.app} on ${req.env} cannot be planned; nothing was done:\n- ${problems.join('\n- ')}`);

  const prefix = req.app === 'financial-rise' ? 'fr' : 'fc';
  const phase = `Rollback ${req.procedure.id}: ${req.procedure.title}`;
  const ref = (what: string) => `${req.procedure.runbookSection}: ${what}`;
  const step = (name: string, title: string, what: string, timeoutMin: number, action: PlanStepAction, destructive = false): PlanStep => ({
    id: `${prefix}.rollback.${name}`,
    title,
    phase,
    runbookRef: ref(what),
    destructive,
    timeoutMs: timeoutMin * MIN,
    action,
  });
  const platform = (action: PlatformAction): PlanStepAction => ({ kind: 'platform', action });
  const revert = (role: ServiceRole): PlanStepAction => {
    const t = req.target!;
    return platform(
      'release' in t ? { kind: 'deploy-service', service: role, release: t.release } : { kind: 'revert-service', service: role, to: t.revisions[role] },
    );
  };
  const steps = parts!.flatMap((part): PlanStep[] => {
    switch (part) {
      case 'revert':
        return [
          step('backend', 'Revert backend service', 'Revert Backend', 15, revert('backend')),
          step('frontend', 'Revert frontend service', 'Revert Frontend', 15, revert('frontend')),
        ];
      case 'cdn':
        return [step('cdn', 'Invalidate CloudFront', 'Invalidate CloudFront', 15, platform({ kind: 'invalidate-cdn' }))];
      case 'stop':
        return [
          step('stop-backend', 'Stop the backend (desired 0)', 'Stop Application', 10, platform({ kind: 'scale-service', service: 'backend', desired: 0 })),
        ];
      case 'restore':
        return [
          step(
            'restore-db',
            `Restore the database from ${req.snapshotId}`,
            'Restore from Snapshot, Wait for Restore',
            60,
            platform({ kind: 'restore-db', snapshotId: req.snapshotId! }),
            true,
          ),
        ];
      case 'restart':
        return [
          step(
            'restart-backend',
            `Restart the backend (${req.restartDesired} tasks)`,
            'Restart Application',
            15,
            platform({ kind: 'scale-service', service: 'backend', desired: req.restartDesired! }),
          ),
        ];
      case 'flush':
        return [step('flush-cache', 'Flush the Redis cache (configured command)', 'Clear Caches', 5, { kind: 'command', command: 'flush-cache' })];
      case 'verify':
        return [step('verify', 'Verify the rollback (the gate again)', 'Verify', 40, { kind: 'gate' })];
    }
  });
  return { kind: `rollback:${req.procedure.id}`, app: req.app, env: req.env, runId: req.runId, steps };
}
