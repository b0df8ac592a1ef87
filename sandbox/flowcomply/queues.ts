/**
 * An in-process model of the app's BullMQ queues: producers add jobs at a steady rate,
 * repeatable (cron) jobs sit in `delayed` until due, and one worker per queue drains them.
 *
 * Each tick is one synchronous step, so an HTTP snapshot never sees a job half-moved: a
 * healthy queue always reads waiting = active = 0 between ticks while `completed` climbs.
 * That keeps "not growing between two polls" deterministic for the gate. A stalled worker
 * (fault `fc:queues-stuck`) holds one job in `active`, lets `waiting` grow with every
 * arrival, and fails a retry every few seconds.
 */
const DAY_MS = 24 * 3600 * 1000;

export interface QueueSpec {
  name: string;
  /** One job arrives every `everyMs`. */
  everyMs: number;
  /** Repeatable jobs: each has one scheduled instance in `delayed` at all times. */
  repeatable: { name: string; everyMs: number }[];
}

export const QUEUE_SPECS: readonly QueueSpec[] = [
  { name: 'compliance-reports', everyMs: 1000, repeatable: [{ name: 'weekly-compliance-summary', everyMs: 7 * DAY_MS }] },
  { name: 'email-notifications', everyMs: 800, repeatable: [{ name: 'daily-digest', everyMs: DAY_MS }] },
  { name: 'document-processing', everyMs: 1500, repeatable: [] },
];

/** The queue the `fc:queues-stuck` fault stalls. */
export const STUCK_QUEUE = 'compliance-reports';
/** A stalled worker's retry of its hung job fails this often. */
const STALLED_RETRY_MS = 5000;

export interface QueueCounts {
  queueName: string;
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
  total: number;
}

export interface WorkerStatus {
  name: string;
  queue: string;
  status: 'running' | 'stalled';
  processed: number;
  lastJobAt: string | null;
}

interface QueueState {
  spec: QueueSpec;
  stalled: boolean;
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  lastArrival: number;
  nextRetryFailure: number;
  nextRepeat: number[];
  lastJobAt: number | null;
}

export class QueueModel {
  private readonly queues: QueueState[];

  constructor(startMs: number, stalled: ReadonlySet<string> = new Set(), specs: readonly QueueSpec[] = QUEUE_SPECS) {
    this.queues = specs.map((spec) => {
      const isStalled = stalled.has(spec.name);
      return {
        spec,
        stalled: isStalled,
        // A stalled worker has already exhausted the retries of a few jobs, and hangs on one.
        waiting: 0,
        active: isStalled ? 1 : 0,
        completed: 0,
        failed: isStalled ? 3 : 0,
        lastArrival: startMs,
        nextRetryFailure: startMs + STALLED_RETRY_MS,
        nextRepeat: spec.repeatable.map((r) => startMs + r.everyMs),
        lastJobAt: null,
      };
    });
  }

  /** Advances the model to `nowMs`: arrivals, due repeatable jobs, then the worker. */
  tick(nowMs: number): void {
    for (const q of this.queues) {
      const arrivals = Math.max(0, Math.floor((nowMs - q.lastArrival) / q.spec.everyMs));
      q.waiting += arrivals;
      q.lastArrival += arrivals * q.spec.everyMs;
      q.spec.repeatable.forEach((r, i) => {
        // A due repeatable job runs now; its next instance takes its place in `delayed`.
        while (q.nextRepeat[i] <= nowMs) {
          q.waiting += 1;
          q.nextRepeat[i] += r.everyMs;
        }
      });
      if (q.stalled) {
        while (q.nextRetryFailure <= nowMs) {
          q.failed += 1;
          q.nextRetryFailure += STALLED_RETRY_MS;
        }
        continue;
      }
      // A healthy worker keeps up: everything that arrived since the last tick is done.
      const taken = q.waiting;
      q.waiting = 0;
      q.completed += taken;
      if (taken > 0) q.lastJobAt = nowMs;
    }
  }

  counts(): QueueCounts[] {
    return this.queues.map((q) => {
      const delayed = q.nextRepeat.length;
      return {
        queueName: q.spec.name,
        waiting: q.waiting,
        active: q.active,
        completed: q.completed,
        failed: q.failed,
        delayed,
        total: q.waiting + q.active + q.completed + q.failed + delayed,
      };
    });
  }

  workers(): WorkerStatus[] {
    return this.queues.map((q) => ({
      name: `${q.spec.name}-worker`,
      queue: q.spec.name,
      status: q.stalled ? 'stalled' : 'running',
      processed: q.completed,
      lastJobAt: q.lastJobAt === null ? null : new Date(q.lastJobAt).toISOString(),
    }));
  }
}

/** Drives a model on a timer; the returned function stops it (called from close()). */
export function runQueues(model: QueueModel, intervalMs = 250, now: () => number = Date.now): () => void {
  model.tick(now());
  const timer = setInterval(() => model.tick(now()), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
