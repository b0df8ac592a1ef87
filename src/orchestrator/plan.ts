import type { PlannedStepSummary } from '../evidence/journal/schema.ts';
import type { AppId } from '../core/types.ts';
import type { PlatformAction } from '../platforms/platform.ts';
import { DEPLOY_PHASES, type PhaseStep, type PhaseStepAction } from './deploy-phases.ts';

/**
 * The deploy plan: pure data built from the runbook phases (./deploy-phases.ts) and the
 * request. Printing it is `--dry-run`; binding it to a platform (./bind.ts) makes it
 * runnable. Nothing here touches the network or the disk.
 */

export type PlanStepAction =
  | Exclude<PhaseStepAction, { kind: 'snapshot-db' | 'deploy-service' | 'invalidate-cdn' }>
  | { kind: 'platform'; action: PlatformAction };

/** A step of the plan: what the journal records of it (one shape), plus what it will do. */
export interface PlanStep extends PlannedStepSummary {
  action: PlanStepAction;
}

export interface DeployPlan {
  kind: 'deploy';
  app: AppId;
  env: string;
  release: string;
  runId: string;
  steps: PlanStep[];
}

export interface DeployRequest {
  app: AppId;
  env: string;
  release: string;
  runId: string;
  /** Leave steps out (e.g. `command` steps an environment does not configure); ids must exist. */
  skip?: readonly string[];
  /** Per-step timeout overrides in ms (an environment whose snapshots take longer). */
  timeouts?: Readonly<Record<string, number>>;
}

/** Problems with a request, all of them, before anything runs (exit 3). */
export class PlanError extends Error {
  override readonly name = 'PlanError';
}

const RELEASE = /^v?\d+\.\d+\.\d+([-.+][0-9A-Za-z.-]+)?$/;

function toAction(a: PhaseStepAction, req: DeployRequest): PlanStepAction {
  switch (a.kind) {
    case 'snapshot-db':
      return { kind: 'platform', action: { kind: 'snapshot-db', snapshotId: a.snapshotId.replace('{runId}', req.runId) } };
    case 'deploy-service':
      return { kind: 'platform', action: { kind: 'deploy-service', service: a.service, release: req.release } };
    case 'invalidate-cdn':
      return { kind: 'platform', action: { kind: 'invalidate-cdn' } };
    default:
      return a;
  }
}

export function buildDeployPlan(req: DeployRequest, phases: readonly PhaseStep[] = DEPLOY_PHASES[req.app]): DeployPlan {
  const problems: string[] = [];
  if (!phases?.length) problems.push(`no deploy phases are defined for app "${req.app}"`);
  if (!RELEASE.test(req.release)) problems.push(`release "${req.release}" is not a version like 1.2.0 or v1.2.0 (it becomes the image tag v1.2.0)`);
  if (!/^[A-Za-z0-9-]+$/.test(req.runId) || /--|-$/.test(req.runId))
    problems.push(`run id "${req.runId}" must be letters, digits and single hyphens (it names the RDS snapshot)`);
  const known = new Set((phases ?? []).map((p) => p.id));
  for (const id of [...(req.skip ?? []), ...Object.keys(req.timeouts ?? {})]) {
    if (!known.has(id)) problems.push(`step "${id}" (in skip or timeouts) is not a step of the ${req.app} deploy; steps: ${[...known].join(', ')}`);
  }
  for (const [id, ms] of Object.entries(req.timeouts ?? {})) if (!(ms > 0)) problems.push(`timeout of ${id} must be > 0 ms (got ${ms})`);
  if (problems.length) throw new PlanError(`The deploy cannot be planned; nothing was done:\n- ${problems.join('\n- ')}`);
  const skip = new Set(req.skip ?? []);
  return {
    kind: 'deploy',
    app: req.app,
    env: req.env,
    release: req.release,
    runId: req.runId,
    steps: phases
      .filter((p) => !skip.has(p.id))
      .map((p) => ({
        id: p.id,
        title: p.title,
        phase: p.phase,
        runbookRef: p.runbookRef,
        destructive: p.destructive ?? false,
        timeoutMs: req.timeouts?.[p.id] ?? p.timeoutMin * 60_000,
        action: toAction(p.action, req),
      })),
  };
}

/** The sum of the step timeouts: the longest the plan can run before something says `error`. */
export const worstCaseMs = (plan: { steps: readonly { timeoutMs: number }[] }): number => plan.steps.reduce((s, x) => s + x.timeoutMs, 0);
