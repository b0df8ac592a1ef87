import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answered } from '../core/answered.ts';

/**
 * The run's record of which endpoints of the target answered the gate (any HTTP status), the
 * evidence `corroborate()` judges a silence by. One JSON line per endpoint and process; the
 * suites run in worker processes, so the record is a file in the run folder, not memory.
 */

export const ANSWER_LOG = 'target-answers.jsonl';

const written = new Set<string>();

/** A recorder for one run folder; a no-op without one (cleanup, doctor). */
export function answerRecorder(runDir: string | undefined): (url: string) => void {
  if (!runDir) return () => {};
  const file = join(runDir, ANSWER_LOG);
  return (url) => {
    let entry: Answered;
    try {
      const u = new URL(url);
      entry = { origin: u.origin, path: maskIds(u.pathname) };
    } catch {
      return;
    }
    const key = `${file}\n${entry.origin}${entry.path}`;
    if (written.has(key)) return;
    written.add(key);
    try {
      appendFileSync(file, `${JSON.stringify(entry)}\n`);
    } catch {
      // the evidence folder is gone (the run was stopped): nothing left to corroborate
    }
  };
}

/**
 * The path without what may be a secret: a link token or an id in a path segment (client
 * questionnaire links carry theirs there) becomes `:id`. The query is never recorded.
 */
export function maskIds(path: string): string {
  return path
    .split('/')
    .map((seg) => (/^[A-Za-z0-9_.~%-]{16,}$/.test(seg) || /^\d+$/.test(seg) ? ':id' : seg))
    .join('/');
}

/** Everything recorded in a run folder; an unreadable line is skipped (a torn write). */
export function readAnswers(runDir: string): Answered[] {
  const file = join(runDir, ANSWER_LOG);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const a = JSON.parse(line) as Answered;
        return typeof a.origin === 'string' && typeof a.path === 'string' ? [a] : [];
      } catch {
        return [];
      }
    });
}
