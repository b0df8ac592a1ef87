import type { Decision } from '../core/types.ts';

/**
 * Where a rollback goes. Not "revision - 1": after a failed deploy followed by a second failed
 * deploy, revision - 1 is the first failure. The target is the last release whose gate said
 * GO on this app and environment; without any GO history, the revisions recorded in the
 * journal before the deploy began. INCONCLUSIVE never counts as GO, and neither does a GO
 * on another environment (staging GO says nothing about production's data).
 */

export interface PastRun {
  runId: string;
  app: string;
  env: string;
  /** The release the gate verified (absent when the environment did not say). */
  release?: string;
  decision: Decision;
  /** When the gate finished (ISO); the latest GO wins. */
  finishedAt: string;
}

export type RollbackTarget =
  | { kind: 'release'; release: string; fromRun: string; reason: string }
  | { kind: 'revisions'; revisions: Readonly<Record<string, string>>; reason: string }
  | { kind: 'none'; reason: string };

export interface RollbackTargetInput {
  app: string;
  env: string;
  /** The release being rolled back (never its own target). */
  failing: string;
  history: readonly PastRun[];
  /** Service -> revision read before the deploy changed anything (the journal's record step). */
  recordedBefore?: Readonly<Record<string, string>>;
}

const norm = (r: string) => r.replace(/^v/, '');

export function rollbackTarget(input: RollbackTargetInput): RollbackTarget {
  const goes = input.history
    .filter((r) => r.app === input.app && r.env === input.env && r.decision === 'GO' && r.release && norm(r.release) !== norm(input.failing))
    .sort((a, b) => Date.parse(b.finishedAt) - Date.parse(a.finishedAt));
  const last = goes[0];
  if (last?.release) {
    return {
      kind: 'release',
      release: last.release,
      fromRun: last.runId,
      reason: `the last release verified GO on ${input.env} (run ${last.runId}, ${last.finishedAt})`,
    };
  }
  const recorded = input.recordedBefore && Object.keys(input.recordedBefore).length ? input.recordedBefore : undefined;
  if (recorded) {
    return {
      kind: 'revisions',
      revisions: recorded,
      reason: `no release was ever verified GO on ${input.env}: back to what ran before this deploy began (recorded in the journal)`,
    };
  }
  return {
    kind: 'none',
    reason: `no release was verified GO on ${input.env} and no revision was recorded before the deploy: give the target with --to <release>.`,
  };
}
