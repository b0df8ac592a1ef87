import { AwsError, toAwsError, type AwsCallSite } from '../../aws/errors.ts';
import type { CallRecord, Clock } from '../outcome.ts';

/**
 * Every write-side AWS call goes through `Caller.call`: it records the request id (the
 * evidence AWS support asks for), retries throttling with exponential backoff on top of the
 * SDK's own few retries (a deploy that waits a minute beats a deploy that fails half way),
 * never past the step's deadline, and converts any error into an `AwsError` that says what
 * was being done.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const THROTTLE_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1_000, maxDelayMs: 20_000 };

export interface Caller {
  /** Calls made so far (copied into the step's outputs). */
  readonly calls: CallRecord[];
  call<T extends { $metadata?: { requestId?: string } }>(site: AwsCallSite, operation: string, send: () => Promise<T>): Promise<T>;
}

function requestIdOf(err: unknown): string | undefined {
  const meta = (err as { $metadata?: { requestId?: string } } | undefined)?.$metadata;
  return meta?.requestId;
}

export function makeCaller(opts: { clock: Clock; deadline: number; signal?: AbortSignal; retry?: RetryPolicy }): Caller {
  const policy = opts.retry ?? THROTTLE_RETRY;
  const calls: CallRecord[] = [];
  return {
    calls,
    async call(site, operation, send) {
      for (let attempt = 1; ; attempt++) {
        try {
          const out = await send();
          calls.push({ service: site.service, operation, ...(out.$metadata?.requestId ? { requestId: out.$metadata.requestId } : {}), attempts: attempt });
          return out;
        } catch (raw) {
          const err = toAwsError(raw, site);
          const requestId = requestIdOf(raw);
          const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
          const retry = err.kind === 'throttled' && attempt < policy.maxAttempts && opts.clock.now() + delay < opts.deadline;
          if (!retry) {
            calls.push({ service: site.service, operation, ...(requestId ? { requestId } : {}), attempts: attempt });
            throw err;
          }
          await opts.clock.sleep(delay, opts.signal);
        }
      }
    },
  };
}

/** True when the error means "the thing is not there" (describe before create). */
export const isNotFound = (err: unknown): boolean => err instanceof AwsError && err.kind === 'not-found';
