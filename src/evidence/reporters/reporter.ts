import type { AppId, CheckResult, Phase, Verdict } from '../../core/types.ts';
import type { HostFacts } from '../host-facts.ts';

/**
 * Reporters listen to one result stream (Playwright's reporter habit): the run announces its
 * start, each result as it arrives, and the verdict at the end. Every method may be async and
 * every method is optional. A reporter never decides anything and never writes to the console:
 * it is handed a `log` function when it needs to say something.
 */

export type Log = (line: string) => void;

/** What is known when the run starts; copied into verdict.json as `run`. */
export interface RunMeta {
  runId: string;
  app: AppId;
  /** Display name, e.g. "Financial RISE". */
  appName: string;
  /** Environment name, e.g. "staging". */
  env: string;
  targets: { apiUrl: string; webUrl: string };
  /** The release expected on the target, when the environment says. */
  release?: string;
  startedAt: string;
  postflightVersion: string;
  phases: readonly Phase[];
  /** Load engine used or requested: `k6`, `embedded`, `auto`. */
  loadEngine?: string;
  /** What ran the gate (git sha, tool versions, cores), for the report's manifest box. */
  host?: HostFacts;
}

/** What is known when the run ends, besides the verdict. */
export interface RunEnd {
  finishedAt: string;
  /** The measurements the rollback criteria were applied to, for the report. */
  observed?: { errorRate?: number; p95Ms?: number };
  /** The last GO run's measurements. */
  baseline?: { p95Ms?: number };
}

export interface Reporter {
  /** Names the reporter in the log when it fails. */
  readonly name: string;
  onRunStart?(meta: RunMeta): void | Promise<void>;
  onResult?(result: CheckResult): void | Promise<void>;
  onRunEnd?(verdict: Verdict, results: readonly CheckResult[], end: RunEnd): void | Promise<void>;
}
