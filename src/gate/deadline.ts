/**
 * The overall time limit of a `verify` run. A gate that hangs at 3 AM wakes nobody up: when
 * the deadline passes, every tool still running is stopped (the signal), whatever is unfinished
 * becomes an `error` caused by the gate, and the evidence is sealed as usual.
 */

/** Long enough for a full run of both apps (smoke, 3 Lighthouse runs per page, 60 s load, AWS, db). */
export const DEFAULT_DEADLINE_MINUTES = 20;

export interface RunDeadline {
  minutes: number;
  /** Epoch ms. */
  at: number;
  /** Where the value came from, for the message. */
  source: string;
  /** Aborted when the deadline passes. */
  signal: AbortSignal;
}

/** `--deadline` wins over the environment's `deadlineMinutes`, which wins over the default. */
export function deadlineMinutes(flag: number | undefined, fromEnv: number | undefined): { minutes: number; source: string } {
  if (flag !== undefined) return { minutes: flag, source: '--deadline' };
  if (fromEnv !== undefined) return { minutes: fromEnv, source: 'deadlineMinutes in the environment' };
  return { minutes: DEFAULT_DEADLINE_MINUTES, source: 'the default' };
}

/**
 * Starts the clock; `dispose` clears the timer when the run ends first. `interrupt` (SIGINT /
 * SIGTERM, see host/interrupt.ts) is an early deadline: it aborts with its own reason, which the
 * messages below read to say "interrupted" instead of naming the time limit.
 */
export function startDeadline(minutes: number, source: string, now = Date.now(), interrupt?: AbortSignal): RunDeadline & { dispose(): void } {
  const controller = new AbortController();
  const ms = Math.round(minutes * 60_000);
  const timer = setTimeout(() => controller.abort(new Error('deadline')), ms);
  timer.unref();
  const onInterrupt = () => controller.abort(interrupt!.reason);
  if (interrupt?.aborted) onInterrupt();
  else interrupt?.addEventListener('abort', onInterrupt, { once: true });
  return {
    minutes,
    at: now + ms,
    source,
    signal: controller.signal,
    dispose: () => (clearTimeout(timer), interrupt?.removeEventListener('abort', onInterrupt)),
  };
}

/** The name of the signal that interrupted the run, when that (not the time limit) stopped it. */
export function interruptedBy(d: { signal?: AbortSignal } | undefined): string | undefined {
  const reason = d?.signal?.aborted ? (d.signal.reason as { name?: string; signalName?: string } | undefined) : undefined;
  return reason?.name === 'Interrupted' ? reason.signalName : undefined;
}

export const INTERRUPTED_FIX = 'the run was cancelled (a cancelled CI job, Ctrl-C): nothing is known about the unfinished checks; run the gate again';

/** The fix of an unfinished check: the deadline's, or the interruption's. */
export function deadlineFix(d: { signal?: AbortSignal } | undefined): string {
  return interruptedBy(d) ? INTERRUPTED_FIX : DEADLINE_FIX;
}

/** `started`: the phase was running (its tools were stopped) or never began. */
export function deadlineMessage(d: Pick<RunDeadline, 'minutes' | 'source'> & { signal?: AbortSignal }, started: boolean): string {
  const signalName = interruptedBy(d);
  if (signalName) {
    return started
      ? `interrupted: the run received ${signalName} before this check finished; its tools were stopped`
      : `interrupted: the run received ${signalName} before this phase could start`;
  }
  return started
    ? `not measured: the run's deadline of ${formatMinutes(d.minutes)} (${d.source}) passed before this check finished; its tools were stopped`
    : `not measured: the run's deadline of ${formatMinutes(d.minutes)} (${d.source}) had passed before this phase could start`;
}

export const DEADLINE_FIX =
  'find what made the run slow (a target that accepts connections but never answers makes every check wait its own time limit), or raise --deadline / deadlineMinutes if a healthy run needs longer';

function formatMinutes(m: number): string {
  return m >= 1 ? `${Number(m.toFixed(2))} min` : `${Math.round(m * 60)} s`;
}

/** Waits for `work` until the deadline; `undefined` when the deadline came first. */
export async function untilDeadline<T>(work: Promise<T>, deadline: Pick<RunDeadline, 'signal'> | undefined): Promise<{ value: T } | undefined> {
  if (!deadline) return { value: await work };
  if (deadline.signal.aborted) return undefined;
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    deadline.signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => (deadline.signal.removeEventListener('abort', onAbort), resolve({ value })),
      (error: unknown) => (deadline.signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}
