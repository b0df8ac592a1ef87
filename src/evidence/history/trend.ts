import type { Decision, Status } from '../../core/types.ts';
import type { HistoryEntry } from './entry.ts';

/**
 * Reading the history: each failing check marked new / known / flaky, the last GO run (the
 * baseline and the rollback target), and the trend file `history.json` every run folder gets
 * for its report. Pure.
 */

/**
 * - `flaky`: it passed only on a retry in a recent run, or the same release both failed and
 *   passed it before (it comes and goes without a change of release);
 * - `known`: the same release failed it before, or it also failed the last time it was measured;
 * - `new`: neither (a regression of this release, or never measured before).
 * A run that did not measure the check (other phases) says nothing about it.
 */
export type FailureMark = 'new' | 'known' | 'flaky';

/** How many earlier runs the marks look back over. */
export const MARK_WINDOW = 10;

export function markFailure(id: string, earlier: readonly HistoryEntry[], release?: string): FailureMark {
  // Newest first; only the runs that measured this check say anything about it.
  const measured = [...earlier]
    .reverse()
    .slice(0, MARK_WINDOW)
    .filter((e) => e.failing.includes(id) || e.passed.includes(id) || e.flaky.includes(id));
  if (measured.some((e) => e.flaky.includes(id))) return 'flaky';
  const sameRelease = release === undefined ? [] : measured.filter((e) => e.release === release);
  if (sameRelease.some((e) => e.failing.includes(id)) && sameRelease.some((e) => e.passed.includes(id))) return 'flaky';
  if (sameRelease.some((e) => e.failing.includes(id)) || measured[0]?.failing.includes(id)) return 'known';
  return 'new';
}

/** Marks of every failing check of `entries[i]`, judged against the runs before it. */
export function marksOf(entries: readonly HistoryEntry[], i: number): { id: string; mark: FailureMark }[] {
  const earlier = entries.slice(0, i);
  return entries[i]!.failing.map((id) => ({ id, mark: markFailure(id, earlier, entries[i]!.release) }));
}

/** A full gate run (smoke ran): a `verify --only db` that said GO has not verified a release. */
export const isFullRun = (e: HistoryEntry): boolean => e.phases.includes('smoke');

/** The newest GO full run other than `exclude`, by finish time. */
export function lastGo(entries: readonly HistoryEntry[], exclude?: string): HistoryEntry | undefined {
  return [...entries].filter((e) => e.decision === 'GO' && isFullRun(e) && e.runId !== exclude).sort((a, b) => b.finishedAt.localeCompare(a.finishedAt))[0];
}

/** The load p95 of the newest GO run whose load test passed: "performance degradation" is measured against it. */
export function baselineOf(entries: readonly HistoryEntry[], exclude?: string): { p95Ms: number; runId: string; release?: string } | undefined {
  const go = [...entries]
    .filter((e) => e.decision === 'GO' && e.runId !== exclude && e.metrics.loadStatus === 'pass' && typeof e.metrics.p95Ms === 'number')
    .sort((a, b) => b.finishedAt.localeCompare(a.finishedAt))[0];
  return go ? { p95Ms: go.metrics.p95Ms!, runId: go.runId, ...(go.release ? { release: go.release } : {}) } : undefined;
}

/** The ALB p95 of the newest GO run that recorded one: the production slowdown check compares the same metric. */
export function albBaselineOf(entries: readonly HistoryEntry[], exclude?: string): { p95Ms: number; runId: string } | undefined {
  const go = [...entries]
    .filter((e) => e.decision === 'GO' && e.runId !== exclude && typeof e.metrics.albP95Ms === 'number')
    .sort((a, b) => b.finishedAt.localeCompare(a.finishedAt))[0];
  return go ? { p95Ms: go.metrics.albP95Ms!, runId: go.runId } : undefined;
}

export interface TrendRun {
  runId: string;
  /** The run's folder relative to THIS run folder (`../<run-id>`), for links. */
  folder: string;
  startedAt: string;
  finishedAt: string;
  release?: string;
  decision: Decision;
  counts: Record<Status, number>;
  p95Ms?: number;
  errorRate?: number;
  lighthouse?: Record<string, number>;
  failing: { id: string; mark: FailureMark }[];
  flaky: string[];
  /** This run (the last element). */
  current?: true;
}

/** history.json: the shape the report renders trends from. */
export interface TrendFile {
  schemaVersion: 1;
  app: string;
  env: string;
  /** Runs shown, oldest first; the last one is this run. */
  runs: TrendRun[];
  baseline?: { runId: string; release?: string; p95Ms: number; folder: string };
  lastGo?: { runId: string; release?: string; finishedAt: string; folder: string };
}

export const TREND_FILE = 'history.json';
export const TREND_RUNS = 10;

/** `earlier` oldest first (without this run); `current` is this run's entry. */
export function trendFile(earlier: readonly HistoryEntry[], current: HistoryEntry, last = TREND_RUNS): TrendFile {
  const all = [...earlier.filter((e) => e.runId !== current.runId), current];
  const from = Math.max(0, all.length - last);
  const runs = all.slice(from).map(
    (e, k): TrendRun => ({
      runId: e.runId,
      folder: `../${e.folder}`,
      startedAt: e.startedAt,
      finishedAt: e.finishedAt,
      ...(e.release ? { release: e.release } : {}),
      decision: e.decision,
      counts: e.counts,
      ...(e.metrics.p95Ms !== undefined ? { p95Ms: e.metrics.p95Ms } : {}),
      ...(e.metrics.errorRate !== undefined ? { errorRate: e.metrics.errorRate } : {}),
      ...(e.metrics.lighthouse ? { lighthouse: e.metrics.lighthouse } : {}),
      failing: marksOf(all, from + k),
      flaky: e.flaky,
      ...(e.runId === current.runId ? { current: true as const } : {}),
    }),
  );
  const base = baselineOf(earlier, current.runId);
  const go = lastGo(earlier, current.runId);
  return {
    schemaVersion: 1,
    app: current.app,
    env: current.env,
    runs,
    ...(base ? { baseline: { ...base, folder: `../${earlier.find((e) => e.runId === base.runId)!.folder}` } } : {}),
    ...(go ? { lastGo: { runId: go.runId, ...(go.release ? { release: go.release } : {}), finishedAt: go.finishedAt, folder: `../${go.folder}` } } : {}),
  };
}
