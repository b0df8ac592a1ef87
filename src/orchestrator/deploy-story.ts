import type { AppId, Decision } from '../core/types.ts';
import type { Replayed } from '../evidence/journal/replay.ts';
import { plainWords } from '../evidence/reporters/html/why.ts';
import { DEPLOY_PHASES } from './deploy-phases.ts';

/**
 * What deploy-report.md and deploy-report.html say, from the journal alone (pure): every
 * step with what ran AND what it meant (a gate step that ran is not a GO), the steps the plan
 * left out and why, clock times, the time to restore, and the closing state ("now on 1.0.0,
 * financial-rise:3, GO at 16:54:42; snapshot kept").
 */

export interface StepLine {
  stepId: string;
  phase: string;
  /** How the step itself ended: succeeded / failed / error / in-flight / left out. */
  ran: string;
  /** What it meant: GO / NO-GO / INCONCLUSIVE for a gate, rolled back for a deploy later undone, ... */
  outcome: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  attempts: number;
  message: string;
  /** The gate run folder, relative to the deploy folder. */
  gateLink?: string;
}

export interface ClosingState {
  /** What runs now (release), when known. */
  release?: string;
  revision?: string;
  decision?: Decision;
  at?: string;
  snapshotId?: string;
  rolledBack: boolean;
  line: string;
}

export interface DeployStory {
  steps: StepLine[];
  closing: ClosingState;
  /** From the first NO-GO to the verified GO of the restored release. */
  timeToRestoreMs?: number;
}

const clock = (iso: string | undefined) => (iso ? iso.slice(11, 19) : '?');

/** Absolute paths under the reports root, as the folder sees them (relative). */
export function relativize(text: string, absRoot: string, relRoot: string): string {
  return absRoot ? text.split(absRoot).join(relRoot) : text;
}

function leftOutReason(stepId: string, app: AppId): string {
  const step = DEPLOY_PHASES[app].find((s) => s.id === stepId);
  return step?.action.kind === 'command' ? 'left out: no command configured' : 'left out';
}

export function deployStory(r: Replayed, app: AppId, paths: { absRoot: string; relRoot: string } = { absRoot: '', relRoot: '' }): DeployStory {
  const planned = r.plans.flatMap((p) => p.steps.map((s) => ({ ...s, kind: p.kind })));
  const rollbackPlan = r.plans.find((p) => p.kind.startsWith('rollback'));
  const rollbackDone = Boolean(rollbackPlan) && rollbackPlan!.steps.every((s) => r.steps.get(s.id)?.state === 'succeeded');
  const steps: StepLine[] = [];
  // Left-out deploy steps sit where the runbook has them, among the planned ones.
  const deployPlan = r.plans.find((p) => p.kind === 'deploy');
  const order = deployPlan ? DEPLOY_PHASES[app].map((s) => ({ id: s.id, phase: s.phase, kind: 'deploy' })) : [];
  const all = [...order, ...planned.filter((s) => !order.some((o) => o.id === s.id))];
  for (const s of all) {
    const rec = r.steps.get(s.id);
    const inPlan = planned.some((p) => p.id === s.id);
    if (!inPlan) {
      const step = DEPLOY_PHASES[app].find((x) => x.id === s.id);
      const why =
        step?.action.kind === 'command'
          ? `the environment configures no "${step.action.command}" command (apps.${app}.commands.${step.action.command})`
          : 'not in the plan of this environment';
      steps.push({ stepId: s.id, phase: s.phase, ran: leftOutReason(s.id, app), outcome: '—', attempts: 0, message: why });
      continue;
    }
    const o = rec?.outputs ?? {};
    let outcome = rec ? (rec.state === 'succeeded' ? 'done' : rec.state) : 'not run';
    if (typeof o.decision === 'string') outcome = o.decision;
    else if (o.notApplicable) outcome = 'not applicable';
    else if (o.noOp) outcome = 'no change';
    else if (o.results && typeof o.results === 'object') {
      const res = Object.values(o.results as Record<string, string>);
      outcome = `${res.filter((x) => x === 'pass').length} of ${res.length} pass`;
    }
    if (s.kind === 'deploy' && rollbackDone && (typeof o.revision === 'string' || (typeof o.decision === 'string' && o.decision !== 'GO')))
      outcome += ', rolled back';
    steps.push({
      stepId: s.id,
      phase: s.phase,
      ran: rec?.state ?? 'not run',
      outcome,
      attempts: rec?.attempts ?? 0,
      ...(rec?.startedAt ? { startedAt: rec.startedAt } : {}),
      ...(rec?.finishedAt ? { finishedAt: rec.finishedAt } : {}),
      ...(rec?.durationMs !== undefined ? { durationMs: rec.durationMs } : {}),
      // The gate step names its run folder by absolute path; the report names it by its link.
      message: plainWords(relativize(rec?.message ?? '', paths.absRoot, paths.relRoot).replace(/ — \/\S+$/, typeof o.link === 'string' ? ` — ${o.link}` : '')),
      ...(typeof o.link === 'string' ? { gateLink: o.link } : {}),
    });
  }
  return { steps, closing: closingState(r, steps, rollbackDone), ...timeToRestore(r) };
}

function timeToRestore(r: Replayed): { timeToRestoreMs?: number } {
  const noGo = r.gateRuns.find((g) => g.decision !== 'GO');
  const after = noGo ? r.gateRuns.find((g) => g.decision === 'GO' && Date.parse(g.at) > Date.parse(noGo.at)) : undefined;
  return noGo && after ? { timeToRestoreMs: Date.parse(after.at) - Date.parse(noGo.at) } : {};
}

function closingState(r: Replayed, steps: readonly StepLine[], rolledBack: boolean): ClosingState {
  const last = r.gateRuns.at(-1);
  const withRevision = [...r.steps.values()].filter((s) => s.state === 'succeeded' && typeof s.outputs.revision === 'string').at(-1);
  const release = (withRevision?.outputs.release as string | undefined) ?? r.plans.find((p) => p.release)?.release;
  const revision = withRevision?.outputs.revision as string | undefined;
  const snapshotId = [...r.steps.values()].find((s) => s.state === 'succeeded' && typeof s.outputs.snapshotId === 'string')?.outputs.snapshotId as
    | string
    | undefined;
  const restoredDb = [...r.steps.values()].some((s) => s.state === 'succeeded' && /restore/.test(s.stepId));
  const parts = [`now on ${release ?? 'an unknown release'}${revision ? `, ${revision}` : ''}`];
  if (last) parts.push(`${last.decision} at ${clock(last.at)}`);
  else parts.push('not verified by the gate');
  const tail = snapshotId ? `; snapshot ${snapshotId} ${restoredDb ? 'restored' : 'kept'}` : '';
  const stopped = r.stopped && r.stopped.status !== 'completed' ? ` (stopped at ${r.stopped.atStep ?? '?'}: ${r.stopped.status})` : '';
  const line = `${rolledBack ? 'Rolled back: ' : ''}${parts.join(', ')}${tail}${stopped}`;
  void steps;
  return {
    ...(release ? { release } : {}),
    ...(revision ? { revision } : {}),
    ...(last ? { decision: last.decision, at: last.at } : {}),
    ...(snapshotId ? { snapshotId } : {}),
    rolledBack,
    line,
  };
}
