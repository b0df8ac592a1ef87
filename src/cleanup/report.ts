import type { Leftover } from './leftovers.ts';

/**
 * What a cleanup did per app, the text the CLI prints for it, and the exit code (pure).
 * Cleanup is complete when every leftover was deleted (or would be, in a dry run) and every
 * listing could be made; an account the API cannot delete is reported for an admin but does
 * not make cleanup incomplete: no API call could ever change that, so failing on it would
 * fail every cleanup after every run.
 */

export type OutcomeKind = 'deleted' | 'would delete' | 'not deleted' | 'left for an admin';

export interface Outcome {
  leftover: Leftover;
  result: OutcomeKind;
  /** Why it was not deleted, or a detail worth showing (`already gone`). */
  reason?: string;
}

export interface AppCleanup {
  /** Display name, e.g. "Financial RISE". */
  appName: string;
  envName: string;
  outcomes: Outcome[];
  /** A listing or login that failed: some leftovers may not even have been seen. */
  problems: string[];
  /** Worth knowing, does not make cleanup incomplete (e.g. accounts could not be listed). */
  notes: string[];
}

export const CLEANUP_EXIT = { CLEAN: 0, INCOMPLETE: 1, BAD_INPUT: 3 } as const;

export function isIncomplete(r: AppCleanup): boolean {
  return r.problems.length > 0 || r.outcomes.some((o) => o.result === 'not deleted');
}

export function cleanupExitCode(reports: readonly AppCleanup[]): number {
  return reports.some(isIncomplete) ? CLEANUP_EXIT.INCOMPLETE : CLEANUP_EXIT.CLEAN;
}

function describeLeftover(l: Leftover): string {
  return `${l.kind} ${l.id} ${l.label}${l.tag.runId ? `, run ${l.tag.runId}` : ''} (${l.tag.source})`;
}

export function formatCleanup(r: AppCleanup, dryRun: boolean): string {
  const head = `${r.appName} on ${r.envName}:`;
  if (r.outcomes.length === 0 && r.problems.length === 0) {
    return [`${head} nothing to clean`, ...r.notes.map((n) => `  note: ${n}`)].join('\n');
  }
  const count = r.outcomes.length;
  // "0 leftovers" would read as "clean"; when a listing failed, nobody knows how many there are.
  const found =
    count === 0
      ? `${head} cleanup incomplete: ${r.problems.length} listing${r.problems.length === 1 ? '' : 's'} failed, leftovers unknown`
      : `${head} ${count} leftover${count === 1 ? '' : 's'} of earlier runs${r.problems.length ? ' found (and some listings failed)' : ''}`;
  const lines = [`${found}${dryRun ? ' (dry run: nothing deleted)' : ''}`];
  for (const o of r.outcomes) lines.push(`  ${o.result.padEnd(18)} ${describeLeftover(o.leftover)}${o.reason ? `: ${o.reason}` : ''}`);
  for (const p of r.problems) lines.push(`  ! ${p}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
