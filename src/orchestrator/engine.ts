import type { JournalSink } from '../evidence/journal/file.ts';
import { replay } from '../evidence/journal/replay.ts';
import type { StepEvent, StepRecord, StepStatus } from '../evidence/journal/schema.ts';
import { systemClock, type Clock, type StepOutcome } from '../platforms/outcome.ts';
import { runWithTimeout } from './timeout.ts';
import type { RunnablePlan, Step, StepContext } from './step.ts';

/**
 * Runs a plan step by step, appending to the journal BEFORE each step (`step-started`) and
 * AFTER it (`step-finished`). State comes from the journal, not from memory: a resumed run
 * replays it, skips what succeeded, and hands the step that was in flight to its `resume()`,
 * which re-checks the real state. The first step that does not succeed stops the run, and
 * the report says where and how to resume. The engine decides nothing about GO / NO-GO.
 */

export interface EngineOptions {
  journal: JournalSink;
  clock?: Clock;
  /** The exact command that continues this run, e.g. `postflight deploy ... --resume <run-id>`. */
  resumeCommand: string;
  /** Progress lines for the CLI (the engine never writes to the console itself). */
  log?: (line: string) => void;
  /**
   * The operator confirmed data loss (`--confirm-data-loss`). Without it a plan holding a
   * destructive step is refused before anything runs or is journaled: the CLI checks the flag
   * too, this is the second lock on the same door.
   */
  allowDestructive?: boolean;
  /**
   * SIGINT/SIGTERM (host/interrupt.ts): aborts the running step's signal (its waits and the
   * gate's tools stop, with the reason "interrupted") and no further step starts; the run stops
   * resumable, like a step that could not complete.
   */
  signal?: AbortSignal;
}

export interface RunReport {
  status: 'completed' | StepStatus;
  /** The step the run stopped at (not succeeded). */
  stoppedAt?: string;
  message: string;
  /** Set when the run can be continued. */
  resumeCommand?: string;
  steps: Map<string, StepRecord>;
  /** Steps skipped because the journal shows them succeeded (a resume). */
  skipped: string[];
}

export class ResumeMismatchError extends Error {
  override readonly name = 'ResumeMismatchError';
}

export class DestructiveRefusedError extends Error {
  override readonly name = 'DestructiveRefusedError';
}

const iso = (ms: number) => new Date(ms).toISOString();

function checkSamePlan(prior: Extract<StepEvent, { event: 'plan' }>, plan: RunnablePlan): void {
  const was = prior.steps.map((s) => s.id).join(',');
  const now = plan.steps.map((s) => s.id).join(',');
  if (prior.app !== plan.app || prior.env !== plan.env || prior.kind !== plan.kind || (prior.release ?? '') !== (plan.release ?? '') || was !== now) {
    throw new ResumeMismatchError(
      `Run ${plan.runId} was a ${prior.kind} of ${prior.app} ${prior.release ?? ''} on ${prior.env} with steps [${was}]; ` +
        `this resume asks for a ${plan.kind} of ${plan.app} ${plan.release ?? ''} on ${plan.env} with steps [${now}]. Resume with the same arguments, or start a new run.`,
    );
  }
}

export async function runPlan(plan: RunnablePlan, opts: EngineOptions): Promise<RunReport> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => {});
  const destructive = plan.steps.filter((s) => s.destructive);
  if (destructive.length && !opts.allowDestructive) {
    throw new DestructiveRefusedError(
      `The ${plan.kind} of ${plan.app} on ${plan.env} has destructive steps (${destructive.map((s) => `${s.id}: ${s.title}`).join('; ')}): ` +
        'they lose data written since the snapshot. Nothing was done. Run again with --confirm-data-loss if that is intended.',
    );
  }
  const state = replay(opts.journal.lines);
  const steps = state.steps;
  // One journal may hold several plans (the deploy, then the rollback it led to); a resume
  // continues the plan of the same kind, a new kind starts after the others.
  const prior = state.plans.find((p) => p.kind === plan.kind);
  if (prior) checkSamePlan(prior, plan);
  else {
    const reused = plan.steps.filter((s) => steps.has(s.id)).map((s) => s.id);
    if (reused.length)
      throw new ResumeMismatchError(
        `Steps ${reused.join(', ')} already ran in this journal under another plan (${state.plans.map((p) => p.kind).join(', ')}): a ${plan.kind} cannot reuse them. Start a new run.`,
      );
    opts.journal.append({
      event: 'plan',
      at: iso(clock.now()),
      runId: plan.runId,
      app: plan.app,
      env: plan.env,
      ...(plan.release ? { release: plan.release } : {}),
      kind: plan.kind,
      steps: plan.steps.map((s) => ({
        id: s.id,
        title: s.title,
        phase: s.phase,
        runbookRef: s.runbookRef,
        destructive: s.destructive,
        timeoutMs: s.timeoutMs,
      })),
    });
  }
  const skipped: string[] = [];
  const stop = (status: RunReport['status'], message: string, at?: string, resumable = false): RunReport => {
    const resume = resumable ? { resumeCommand: opts.resumeCommand } : {};
    opts.journal.append({ event: 'run-stopped', at: iso(clock.now()), status, ...(at ? { atStep: at } : {}), message, ...resume });
    return { status, ...(at ? { stoppedAt: at } : {}), message, ...resume, steps, skipped };
  };

  for (const step of plan.steps) {
    if (opts.signal?.aborted) {
      const why = (opts.signal.reason as Error | undefined)?.message ?? 'interrupted';
      return stop(
        'error',
        `The run was ${why} before ${step.id} (${step.runbookRef}); nothing after it ran. Resume with: ${opts.resumeCommand}`,
        step.id,
        true,
      );
    }
    const prior = steps.get(step.id);
    if (prior?.state === 'succeeded') {
      skipped.push(step.id);
      log(`= ${step.id}: succeeded in an earlier attempt; not repeated`);
      continue;
    }
    const outcome = await runStep(step, plan, prior, opts, clock, steps);
    log(`${outcome.status === 'succeeded' ? '+' : '!'} ${step.id}: ${outcome.message}`);
    if (outcome.status !== 'succeeded') {
      const where = `${step.id} (${step.runbookRef})`;
      const what = outcome.status === 'failed' ? 'failed' : 'could not complete';
      const next =
        outcome.retriable || outcome.status === 'error'
          ? `Resume with: ${opts.resumeCommand}`
          : 'Nothing after it ran. Fix the cause or roll back; resuming runs this step again.';
      return stop(outcome.status, `The run stopped at ${where}: it ${what}. ${outcome.message} ${next}`, step.id, true);
    }
  }
  return stop('completed', `All ${plan.steps.length} steps succeeded${skipped.length ? ` (${skipped.length} done before the resume)` : ''}.`);
}

async function runStep(
  step: Step,
  plan: RunnablePlan,
  prior: StepRecord | undefined,
  opts: EngineOptions,
  clock: Clock,
  steps: Map<string, StepRecord>,
): Promise<StepOutcome> {
  const attempt = (prior?.attempts ?? 0) + 1;
  const resumed = prior?.state === 'in-flight';
  const startedMs = clock.now();
  opts.journal.append({ event: 'step-started', at: iso(startedMs), stepId: step.id, attempt, resumed, inputs: step.inputs });
  steps.set(step.id, { stepId: step.id, state: 'in-flight', attempts: attempt, inputs: step.inputs, outputs: {}, calls: [], startedAt: iso(startedMs) });
  const controller = new AbortController();
  const onInterrupt = () => controller.abort(opts.signal!.reason);
  if (opts.signal?.aborted) onInterrupt();
  else opts.signal?.addEventListener('abort', onInterrupt, { once: true });
  const ctx: StepContext = {
    runId: plan.runId,
    app: plan.app,
    env: plan.env,
    ...(plan.release ? { release: plan.release } : {}),
    clock,
    attempt,
    deadline: startedMs + step.timeoutMs,
    signal: controller.signal,
    idempotencyKey: `${plan.runId}/${step.id}`,
    outputsOf: (id) => steps.get(id)?.outputs,
  };
  const outcome = await runWithTimeout(() => (resumed && step.resume && prior ? step.resume(ctx, prior) : step.run(ctx)), { step, clock, controller }).finally(
    () => opts.signal?.removeEventListener('abort', onInterrupt),
  );
  const finishedMs = clock.now();
  const calls = outcome.calls ?? [];
  const outputs = outcome.outputs ?? {};
  opts.journal.append({
    event: 'step-finished',
    at: iso(finishedMs),
    stepId: step.id,
    attempt,
    status: outcome.status,
    retriable: outcome.retriable,
    message: outcome.message,
    outputs,
    calls,
    startedAt: iso(startedMs),
    durationMs: finishedMs - startedMs,
  });
  steps.set(step.id, {
    ...steps.get(step.id)!,
    state: outcome.status,
    outputs,
    calls,
    message: outcome.message,
    retriable: outcome.retriable,
    finishedAt: iso(finishedMs),
    durationMs: finishedMs - startedMs,
  });
  return outcome;
}
