import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Decision } from '../core/types.ts';

/**
 * current-state.json, beside a gate run's verdict.json, written by the orchestrator that owns
 * the run: a gate run's report is written before anything that follows it (the rollback, its
 * verification), so the orchestrator says afterwards what is running now and the report is
 * rendered again from it. A gate run nobody owns has no such file.
 */

export const CURRENT_STATE_FILE = 'current-state.json';

export interface CurrentState {
  schemaVersion: 1;
  /** `deployed`: this run's release stays; `rolled-back`: it was replaced; `rollback-failed`: it was not. */
  state: 'deployed' | 'rolled-back' | 'rollback-failed' | 'awaiting-decision';
  /** One line, e.g. "rolled back to 1.0.0, verified GO at 16:54:42". */
  summary: string;
  /** What runs now. */
  release?: string;
  revisions?: Record<string, string>;
  /** The verdict on what runs now, and when it was reached (ISO). */
  decision?: Decision;
  at: string;
  /** The deploy that owns this run: its id and its report, relative to THIS run folder. */
  deploy: { runId: string; href: string };
  /** The gate run that verified what runs now, relative to this run folder (absent: this one). */
  verifiedBy?: { runId: string; href: string };
  snapshotId?: string;
  /** The rollback the deploy ran (or would run), for the rollback block. */
  rollback?: { procedure: string; target?: string; command?: string; dataLoss?: string };
}

export function readCurrentState(runDir: string): CurrentState | undefined {
  const path = join(runDir, CURRENT_STATE_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as CurrentState;
    return s && typeof s.summary === 'string' && s.deploy ? s : undefined;
  } catch {
    return undefined;
  }
}

export function writeCurrentState(runDir: string, state: CurrentState): void {
  writeFileSync(join(runDir, CURRENT_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

/** One sign-off line of signoff.jsonl (written by `postflight signoff`, outside the hashed set). */
export interface SignOff {
  role: string;
  name: string;
  decision?: string;
  items?: string[];
  note?: string;
  at: string;
  prevHash?: string;
  hash?: string;
}

export const SIGNOFF_FILE = 'signoff.jsonl';

/** Every readable line of signoff.jsonl; none when the file is absent. Unreadable lines are skipped. */
export function readSignOffs(runDir: string): SignOff[] {
  const path = join(runDir, SIGNOFF_FILE);
  if (!existsSync(path)) return [];
  const out: SignOff[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const s = JSON.parse(line) as SignOff;
      if (typeof s.role === 'string' && typeof s.name === 'string') out.push(s);
    } catch {
      // a torn last line: the chain's verifier reports it, the report shows the rest
    }
  }
  return out;
}
