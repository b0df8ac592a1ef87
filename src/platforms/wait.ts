import type { Clock } from './outcome.ts';

/**
 * The one wait loop of every platform: ask, judge, sleep, until the judge says done or the
 * step's deadline comes. Never unbounded (a fixed short wait rolls back healthy slow deploys;
 * no limit hangs for hours): the bound is the step's own timeout, from the plan.
 */

export type Probe<T> = { done: true; value: T } | { done: false /** What is still awaited, for the timeout message. */; waitingFor: string };

export type WaitResult<T> = { done: true; value: T; polls: number } | { done: false; waitingFor: string; polls: number; waitedMs: number };

export async function waitUntil<T>(
  probe: () => Promise<Probe<T>>,
  opts: { clock: Clock; deadline: number; intervalMs: number; signal?: AbortSignal },
): Promise<WaitResult<T>> {
  const started = opts.clock.now();
  let polls = 0;
  let waitingFor = 'the first answer';
  for (;;) {
    polls++;
    const p = await probe();
    if (p.done) return { done: true, value: p.value, polls };
    waitingFor = p.waitingFor;
    const left = opts.deadline - opts.clock.now();
    if (left <= 0) return { done: false, waitingFor, polls, waitedMs: opts.clock.now() - started };
    await opts.clock.sleep(Math.min(opts.intervalMs, left), opts.signal);
  }
}

/** `12 min 5 s` for messages. */
export function humanMs(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
}
