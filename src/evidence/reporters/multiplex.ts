import type { CheckResult, Verdict } from '../../core/types.ts';
import type { Log, Reporter, RunEnd, RunMeta } from './reporter.ts';

/**
 * Fans one result stream out to many reporters (Playwright's multiplexer habit). Reporters are
 * called one after another, in order, so files that append (the journal) see events in order.
 * A reporter that throws or rejects is logged and recorded, and the others carry on: a broken
 * HTML report must never turn a NO-GO into a crash with no verdict.
 */

export interface ReporterFailure {
  reporter: string;
  event: 'onRunStart' | 'onResult' | 'onRunEnd';
  error: unknown;
}

export interface Multiplexer {
  readonly name: string;
  onRunStart(meta: RunMeta): Promise<void>;
  onResult(result: CheckResult): Promise<void>;
  /** `end` defaults to "finished now"; every reporter gets the same `end`. */
  onRunEnd(verdict: Verdict, results: readonly CheckResult[], end?: RunEnd): Promise<void>;
  /** Every failure so far, so the caller can say the evidence is incomplete. */
  readonly failures: readonly ReporterFailure[];
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function multiplex(reporters: readonly Reporter[], log: Log, now: () => Date = () => new Date()): Multiplexer {
  const failures: ReporterFailure[] = [];

  async function each(event: ReporterFailure['event'], call: (r: Reporter) => void | Promise<void> | undefined): Promise<void> {
    for (const reporter of reporters) {
      try {
        // `await` inside try catches both a synchronous throw and a rejected promise.
        await call(reporter);
      } catch (error) {
        failures.push({ reporter: reporter.name, event, error });
        log(`reporter "${reporter.name}" failed in ${event}: ${messageOf(error)} — the run goes on; that reporter's output may be missing or incomplete`);
      }
    }
  }

  return {
    name: 'multiplex',
    failures,
    onRunStart: (meta) => each('onRunStart', (r) => r.onRunStart?.(meta)),
    onResult: (result) => each('onResult', (r) => r.onResult?.(result)),
    onRunEnd: (verdict, results, end = { finishedAt: now().toISOString() }) => each('onRunEnd', (r) => r.onRunEnd?.(verdict, results, end)),
  };
}
