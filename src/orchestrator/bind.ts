import type { StepOutcome } from '../platforms/outcome.ts';
import { succeeded } from '../platforms/outcome.ts';
import type { Platform, PlatformAction } from '../platforms/platform.ts';
import { PlanError, type DeployPlan, type PlanStep } from './plan.ts';
import type { RunnablePlan, Step, StepContext } from './step.ts';

/**
 * Binds a plan's data to the things that act: platform actions to the platform, checks and
 * the gate to the gate's evaluator, commands to the configured-command runner. The last three
 * are given by the caller (the CLI) so the orchestrator core does not depend on them.
 */

export interface StepExecutors {
  /** Runs read-only gate checks; a non-pass that is the target's fault is `failed`. */
  checks?(checkIds: readonly string[], ctx: StepContext): Promise<StepOutcome>;
  /** Runs a command configured in the environment, with the step's timeout; output kept. */
  command?(command: string, ctx: StepContext): Promise<StepOutcome>;
  /** Runs the gate and returns its verdict in `outputs.decision`. */
  gate?(ctx: StepContext): Promise<StepOutcome>;
}

function platformStep(platform: Platform, action: PlatformAction): Pick<Step, 'run' | 'resume' | 'plannedCalls' | 'inputs'> {
  const run = (ctx: StepContext): Promise<StepOutcome> => {
    switch (action.kind) {
      case 'snapshot-db':
        return platform.snapshotDb(action.snapshotId, ctx);
      case 'restore-db':
        return platform.restoreDb(action.snapshotId, ctx);
      case 'deploy-service':
        return platform.deployService(action.service, action.release, ctx);
      case 'revert-service':
        return platform.revertService(action.service, action.to, ctx);
      case 'scale-service':
        return platform.scaleService(action.service, action.desired, ctx);
      case 'invalidate-cdn':
        return platform.invalidateCdn(ctx);
    }
  };
  // Platform actions read the real state before they act (see platform.ts), so resuming an
  // in-flight one is running it again: an existing snapshot is waited for, not re-created.
  return { run, resume: (ctx) => run(ctx), plannedCalls: platform.describe(action), inputs: { ...action, platform: platform.kind } };
}

function recordRevisions(platform: Platform): Pick<Step, 'run' | 'plannedCalls' | 'inputs'> {
  return {
    inputs: { platform: platform.kind },
    plannedCalls: [
      {
        service: platform.kind === 'aws' ? 'ECS' : 'sandbox',
        operation: 'DescribeServices',
        params: { services: ['backend', 'frontend'] },
        note: 'read-only: the revisions running before the deploy',
      },
    ],
    run: async () => {
      const [backend, frontend] = await Promise.all([platform.currentRevision('backend'), platform.currentRevision('frontend')]);
      return succeeded(`Before the deploy: backend runs ${backend}, frontend runs ${frontend}.`, { backend, frontend });
    },
  };
}

function bindStep(p: PlanStep, platform: Platform, ex: StepExecutors, missing: string[]): Step {
  const base = { id: p.id, title: p.title, phase: p.phase, runbookRef: p.runbookRef, destructive: p.destructive, timeoutMs: p.timeoutMs };
  const a = p.action;
  const need = <F>(f: F | undefined, what: string): F => {
    if (!f) missing.push(`${p.id} needs ${what}`);
    return f as F;
  };
  switch (a.kind) {
    case 'platform':
      return { ...base, ...platformStep(platform, a.action) };
    case 'record-revisions':
      return { ...base, ...recordRevisions(platform) };
    case 'checks': {
      const f = need(ex.checks, 'a checks executor');
      return {
        ...base,
        inputs: { checkIds: a.checkIds },
        plannedCalls: [{ service: 'gate', operation: 'checks (read-only)', params: { ids: a.checkIds } }],
        run: (ctx) => f(a.checkIds, ctx),
      };
    }
    case 'command': {
      const f = need(ex.command, `the configured command "${a.command}"`);
      return {
        ...base,
        inputs: { command: a.command },
        plannedCalls: [
          { service: 'command', operation: a.command, params: { configuredIn: 'environment' }, note: 'output redacted and kept in the run folder' },
        ],
        run: (ctx) => f(a.command, ctx),
      };
    }
    case 'gate': {
      const f = need(ex.gate, 'the gate');
      return {
        ...base,
        inputs: {},
        plannedCalls: [{ service: 'gate', operation: 'verify', params: {}, note: 'GO / NO-GO / INCONCLUSIVE decides what happens next' }],
        run: (ctx) => f(ctx),
      };
    }
  }
}

/** A deploy or rollback plan (./plan.ts, ./rollback-plan.ts) as data. */
export type PlanData = Pick<DeployPlan, 'app' | 'env' | 'runId' | 'steps'> & { kind: string; release?: string };

export function bindDeployPlan(plan: PlanData, platform: Platform, executors: StepExecutors = {}): RunnablePlan {
  const missing: string[] = [];
  const steps = plan.steps.map((p) => bindStep(p, platform, executors, missing));
  if (missing.length) throw new PlanError(`The ${plan.kind} plan cannot run: ${missing.join('; ')}. Configure them, or skip those steps.`);
  return { runId: plan.runId, kind: plan.kind, app: plan.app, env: plan.env, ...(plan.release ? { release: plan.release } : {}), steps };
}

/** Same binding, named for rollback plans. */
export const bindPlan = bindDeployPlan;

/** `--dry-run`: the whole plan with every call each step would make. Pure text. */
export function renderDryRun(plan: RunnablePlan): string {
  const lines = [
    `Plan ${plan.kind} of ${plan.app} on ${plan.env}${plan.release ? `, release ${plan.release}` : ''} (run ${plan.runId}) — dry run: nothing is called.`,
  ];
  let phase = '';
  for (const [i, s] of plan.steps.entries()) {
    if (s.phase !== phase) lines.push('', `${(phase = s.phase)}`);
    lines.push(
      `  ${i + 1}. ${s.id}: ${s.title}${s.destructive ? '  [DESTRUCTIVE]' : ''}`,
      `     runbook: ${s.runbookRef}; timeout ${Math.round(s.timeoutMs / 60_000)} min`,
    );
    for (const c of s.plannedCalls) lines.push(`     - ${c.service} ${c.operation} ${JSON.stringify(c.params)}${c.note ? `  (${c.note})` : ''}`);
  }
  return lines.join('\n');
}
