import type { Decision, Phase, RollbackRecommendation, Status } from '../../core/types.ts';
import { isGateProblem } from '../../verdict/cause.ts';
import type { RunReport } from '../reporters/report-doc.ts';

/**
 * One line of the history index (`<reports>/<app>/<env>/history.jsonl`): what a later run, the
 * `history` command, the baseline and the rollback target need to know about a gate run,
 * without opening its folder. Pure: built from the run's RunReport (verdict.json).
 */

export const HISTORY_SCHEMA_VERSION = 1;

export interface HistoryEntry {
  schemaVersion: number;
  runId: string;
  /** The run folder, relative to the index's folder (`<run-id>`). */
  folder: string;
  app: string;
  env: string;
  release?: string;
  startedAt: string;
  finishedAt: string;
  phases: Phase[];
  decision: Decision;
  rollback: { recommendation: RollbackRecommendation; procedure?: string };
  counts: Record<Status, number>;
  metrics: {
    /** The load test's p95 and error rate, and its status (a baseline needs a passing load test). */
    p95Ms?: number;
    errorRate?: number;
    loadStatus?: Status;
    /** The load balancer's p95 (CloudWatch TargetResponseTime) since the deploy: the production slowdown baseline. */
    albP95Ms?: number;
    /** Lighthouse medians 0..1 by category (`performance`, `accessibility`, ...). */
    lighthouse?: Record<string, number>;
  };
  /** Release problems: fail, or error/inconclusive the target caused. */
  failing: string[];
  /** Passed only on a retry. */
  flaky: string[];
  /** What the gate could not measure (its own fault). */
  gateProblems: string[];
  passed: string[];
  /** sha256 of the folder's manifest.json (absent until sealed). */
  manifestSha256?: string;
}

const number = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function lighthouseScores(report: RunReport): Record<string, number> | undefined {
  const lh = report.checks.find((c) => c.phase === 'perf' && /lighthouse/.test(c.id));
  const scores: Record<string, number> = {};
  for (const [key, value] of Object.entries(lh?.metrics ?? {})) {
    const m = /^([a-zA-Z-]+?)Median$/.exec(key);
    if (m && !/Ms$/.test(m[1]!) && number(value) !== undefined) scores[m[1]!] = value as number;
  }
  return Object.keys(scores).length ? scores : undefined;
}

export function entryFromReport(report: RunReport, manifestSha256?: string): HistoryEntry {
  const { run } = report;
  const load = report.checks.find((c) => c.phase === 'load');
  const observed = report.measurements?.observed;
  const p95Ms = number(observed?.p95Ms) ?? number(load?.metrics?.p95Ms);
  const errorRate = number(observed?.errorRate) ?? number(load?.metrics?.errorRate);
  const lighthouse = lighthouseScores(report);
  const albP95Ms = report.checks.map((c) => number(c.metrics?.albP95Ms)).find((v) => v !== undefined);
  const bad = (s: Status) => s === 'fail' || s === 'error' || s === 'inconclusive';
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    runId: run.runId,
    folder: run.runId,
    app: run.app,
    env: run.env,
    ...(run.release ? { release: run.release } : {}),
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    phases: [...run.phases],
    decision: report.decision,
    rollback: { recommendation: report.rollback.recommendation, ...(report.rollback.procedure ? { procedure: report.rollback.procedure } : {}) },
    counts: report.counts,
    metrics: {
      ...(p95Ms !== undefined ? { p95Ms } : {}),
      ...(errorRate !== undefined ? { errorRate } : {}),
      ...(load ? { loadStatus: load.status } : {}),
      ...(albP95Ms !== undefined ? { albP95Ms } : {}),
      ...(lighthouse ? { lighthouse } : {}),
    },
    failing: report.checks.filter((c) => bad(c.status) && !isGateProblem(c)).map((c) => c.id),
    flaky: report.checks.filter((c) => c.flaky).map((c) => c.id),
    gateProblems: report.checks.filter((c) => bad(c.status) && isGateProblem(c)).map((c) => c.id),
    passed: report.checks.filter((c) => c.status === 'pass' && !c.flaky).map((c) => c.id),
    ...(manifestSha256 ? { manifestSha256 } : {}),
  };
}

/** A line read back: the fields every reader relies on are there and typed. */
export function isHistoryEntry(v: unknown): v is HistoryEntry {
  const e = v as HistoryEntry;
  return (
    Boolean(e) &&
    typeof e === 'object' &&
    e.schemaVersion === HISTORY_SCHEMA_VERSION &&
    typeof e.runId === 'string' &&
    typeof e.folder === 'string' &&
    typeof e.finishedAt === 'string' &&
    ['GO', 'NO-GO', 'INCONCLUSIVE'].includes(e.decision) &&
    Array.isArray(e.phases) &&
    Array.isArray(e.failing) &&
    Array.isArray(e.flaky) &&
    Array.isArray(e.passed) &&
    typeof e.metrics === 'object' &&
    e.metrics !== null
  );
}

/** Oldest first: the order runs happened in (run ids sort by start time). */
export const chronological = (entries: readonly HistoryEntry[]): HistoryEntry[] =>
  [...entries].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.runId.localeCompare(b.runId));
