import type { CheckResult, Verdict } from '../../core/types.ts';
import { appendRunFile, type FileReporterOptions } from './file-reporter.ts';
import type { Reporter, RunEnd, RunMeta } from './reporter.ts';

/**
 * journal.jsonl: one JSON line per event, appended the moment it happens. If the run dies
 * half way, the journal still says what was measured up to then; the other reports are only
 * written at the end.
 */

export const JOURNAL_FILE = 'journal.jsonl';

export type JournalEvent =
  | { event: 'run-start'; at: string; meta: RunMeta }
  | { event: 'result'; at: string; id: string; status: CheckResult['status']; result: CheckResult }
  | { event: 'run-end'; at: string; decision: Verdict['decision']; rollback: Verdict['rollback']; counts: Verdict['counts'] };

export function journalReporter(opts: FileReporterOptions & { now?: () => Date }): Reporter {
  const now = opts.now ?? (() => new Date());
  const append = (e: JournalEvent) => appendRunFile(opts.dir, JOURNAL_FILE, `${JSON.stringify(e)}\n`, opts.redact);
  return {
    name: 'journal',
    onRunStart: (meta: RunMeta) => append({ event: 'run-start', at: meta.startedAt, meta }),
    onResult: (result: CheckResult) => append({ event: 'result', at: now().toISOString(), id: result.id, status: result.status, result }),
    onRunEnd: (verdict: Verdict, _results: readonly CheckResult[], end: RunEnd) =>
      append({ event: 'run-end', at: end.finishedAt, decision: verdict.decision, rollback: verdict.rollback, counts: verdict.counts }),
  };
}

/** Reads a journal back (resume, tests); a torn last line from a crash is ignored. */
export function parseJournal(text: string): JournalEvent[] {
  const events: JournalEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as JournalEvent);
    } catch {
      break; // only the last line can be torn; anything after it is not trustworthy either
    }
  }
  return events;
}
