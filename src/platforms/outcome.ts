import type { CallRecord, StepStatus } from '../evidence/journal/schema.ts';

/**
 * What every platform action returns and what every orchestrator step returns: the same
 * shape, so a step that is one platform action is just that action. `retriable` says whether
 * running the step again (a `--resume`) may succeed: a timeout or throttling is, a circuit
 * breaker rollback is not until someone fixes the release.
 */
export interface StepOutcome {
  status: StepStatus;
  retriable: boolean;
  /** One line a person can act on: what was done or found, and what to do next. */
  message: string;
  /** Snapshot id, task definition ARN, invalidation id... and `calls` (request ids). */
  outputs?: Record<string, unknown>;
  calls?: CallRecord[];
}

export type { CallRecord, StepStatus };

/** Time and waiting, injected so tests run the engine and every wait on a fake clock. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** What a platform action needs from the step that runs it. */
export interface ActionContext {
  /** Epoch ms by which the action must have returned: every wait stops there. */
  deadline: number;
  /** Aborted by the engine when the step's timeout fires. */
  signal?: AbortSignal;
  /** Stable per run and step: makes creates idempotent (snapshot id, CallerReference). */
  idempotencyKey: string;
}

/** One call a step would make, for `--dry-run`: nothing is called to produce it. */
export interface PlannedCall {
  service: string;
  operation: string;
  /** Key parameters, as the runbook's CLI line would show them. */
  params: Record<string, unknown>;
  /** Why, when it is not obvious (e.g. "repeated until available"). */
  note?: string;
}

export const succeeded = (message: string, outputs: Record<string, unknown> = {}, calls: CallRecord[] = []): StepOutcome => ({
  status: 'succeeded',
  retriable: false,
  message,
  outputs,
  calls,
});
export const failed = (message: string, outputs: Record<string, unknown> = {}, calls: CallRecord[] = []): StepOutcome => ({
  status: 'failed',
  retriable: false,
  message,
  outputs,
  calls,
});
export const errored = (message: string, retriable: boolean, outputs: Record<string, unknown> = {}, calls: CallRecord[] = []): StepOutcome => ({
  status: 'error',
  retriable,
  message,
  outputs,
  calls,
});
