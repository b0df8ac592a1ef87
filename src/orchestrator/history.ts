import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replay, type Replayed } from '../evidence/journal/replay.ts';
import { envSegment, safeSegment } from '../evidence/run-folder.ts';
import { loadHistory } from '../evidence/history/index-file.ts';
import { isFullRun } from '../evidence/history/trend.ts';
import type { PastRun } from './rollback-target.ts';

/**
 * The file side of a rollback's choices: the gate's verdicts on this app and environment
 * (the last GO release is the rollback target, not "revision - 1") and the deploys' journals
 * (the snapshot to restore, the revisions recorded before the deploy). Reads only.
 */

/** `<out>/deploys/<app>/<env>/<run-id>/`: one folder per deploy or rollback. */
export const deployFolder = (outRoot: string, app: string, env: string, runId: string): string =>
  join(outRoot, 'deploys', safeSegment(app), envSegment(env), safeSegment(runId));

const dirs = (path: string): string[] => {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
};

/**
 * Every full gate run (one that ran smoke) on `<out>/<app>/<env>/`, from the history index
 * (the same reader as the baseline): a `verify --only db` that said GO has not verified a
 * release, so it cannot become a rollback target.
 */
export function gateHistory(outRoot: string, app: string, env: string): PastRun[] {
  const { entries } = loadHistory(join(outRoot, safeSegment(app), envSegment(env)));
  return entries
    .filter(isFullRun)
    .map((e) => ({ runId: e.runId, app, env, decision: e.decision, finishedAt: e.finishedAt, ...(e.release ? { release: e.release } : {}) }));
}

export interface PastDeploy {
  runId: string;
  dir: string;
  replayed: Replayed;
}

/** The deploys of this app and environment, newest first, with their journals replayed. */
export function pastDeploys(outRoot: string, app: string, env: string): PastDeploy[] {
  const root = join(outRoot, 'deploys', safeSegment(app), envSegment(env));
  const out: PastDeploy[] = [];
  for (const id of dirs(root).reverse()) {
    const path = join(root, id, 'journal.jsonl');
    if (!existsSync(path)) continue;
    try {
      out.push({
        runId: id,
        dir: join(root, id),
        replayed: replay(
          readFileSync(path, 'utf8')
            .split('\n')
            .filter((l) => l.trim()),
        ),
      });
    } catch {
      // a journal of an unknown version: not ours to use
    }
  }
  return out;
}

/** The newest snapshot a deploy took and the revisions it recorded before changing anything. */
export function lastDeployFacts(deploys: readonly PastDeploy[]): { snapshotId?: string; fromRun?: string; recordedBefore?: Record<string, string> } {
  for (const d of deploys) {
    let snapshotId: string | undefined;
    let recordedBefore: Record<string, string> | undefined;
    for (const [id, rec] of d.replayed.steps) {
      if (rec.state !== 'succeeded') continue;
      if (typeof rec.outputs.snapshotId === 'string' && /db-snapshot$/.test(id)) snapshotId = rec.outputs.snapshotId;
      if (/\.orch\.revisions$/.test(id)) recordedBefore = { backend: String(rec.outputs.backend), frontend: String(rec.outputs.frontend) };
    }
    if (snapshotId || recordedBefore) return { fromRun: d.runId, ...(snapshotId ? { snapshotId } : {}), ...(recordedBefore ? { recordedBefore } : {}) };
  }
  return {};
}
