import { errored, type Clock, type StepOutcome } from '../platforms/outcome.ts';
import type { Step } from './step.ts';

/**
 * Enforces a step's timeout with the injected clock. A step that runs out of time is `error`
 * (could not complete), never `failed` and never `succeeded`: the run stops safely, and the
 * step's own waits stop too, because the engine's AbortSignal is aborted. A step that throws
 * is `error` with its message kept (a step should return outcomes, but code has bugs).
 */

export class StepTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

const TIMED_OUT: unique symbol = Symbol('timed out');

const minutes = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 6_000) / 10} min` : `${Math.round(ms / 100) / 10} s`);

export async function runWithTimeout(
  run: () => Promise<StepOutcome>,
  opts: { step: Pick<Step, 'id' | 'runbookRef' | 'timeoutMs'>; clock: Clock; controller: AbortController },
): Promise<StepOutcome> {
  const { step, clock, controller } = opts;
  const timerStop = new AbortController();
  const timer: Promise<typeof TIMED_OUT | undefined> = clock.sleep(step.timeoutMs, timerStop.signal).then(
    () => TIMED_OUT,
    () => undefined,
  );
  const work: Promise<StepOutcome> = run().then(
    (o) => o,
    (err: unknown): StepOutcome => {
      if (controller.signal.aborted) return errored(`${step.id} was stopped by its timeout.`, true);
      const e = err as Error;
      return errored(
        `${step.id} threw ${e?.name ?? 'an error'}: ${e?.message ?? String(err)}. This is a bug in the step; the journal keeps where it stopped.`,
        false,
      );
    },
  );
  try {
    const first = await Promise.race([work, timer]);
    if (first === undefined) return await work; // the timer was stopped: cannot happen before work ends
    if (first !== TIMED_OUT) return first;
    controller.abort(new StepTimeoutError(`${step.id} timed out`));
    return errored(
      `${step.id} did not finish within its timeout of ${minutes(step.timeoutMs)} (runbook: ${step.runbookRef}); it was stopped there, and its state will be re-checked on resume.`,
      true,
    );
  } finally {
    timerStop.abort();
  }
}
