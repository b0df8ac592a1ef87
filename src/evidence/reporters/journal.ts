import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckResult, Verdict } from '../../core/types.ts';
import { journalHeader, type GateEvent } from '../journal/schema.ts';
import { appendRunFile, type FileReporterOptions } from './file-reporter.ts';
import type { Reporter, RunEnd, RunMeta } from './reporter.ts';

/**
 * journal.jsonl: one JSON line per event, appended the moment it happens. If the run dies
 * half way, the journal still says what was measured up to then; the other reports are only
 * written at the end. The format (header line, versions, replay) is ../journal/schema.ts: the
 * same file the orchestrator writes its steps into.
 */

export const JOURNAL_FILE = 'journal.jsonl';

export type JournalEvent = GateEvent;

async function isEmpty(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size === 0;
  } catch {
    return true;
  }
}

export function journalReporter(opts: FileReporterOptions & { now?: () => Date }): Reporter {
  const now = opts.now ?? (() => new Date());
  const write = (line: object) => appendRunFile(opts.dir, JOURNAL_FILE, `${JSON.stringify(line)}\n`, opts.redact);
  const append = (e: JournalEvent) => write(e);
  return {
    name: 'journal',
    // The header goes first unless a deploy's journal already holds one (its gate runs append).
    onRunStart: async (meta: RunMeta) => {
      if (await isEmpty(join(opts.dir, JOURNAL_FILE))) await write(journalHeader('gate', meta.startedAt, meta.runId));
      await append({ event: 'run-start', at: meta.startedAt, meta });
    },
    onResult: (result: CheckResult) => append({ event: 'result', at: now().toISOString(), id: result.id, status: result.status, result }),
    onRunEnd: (verdict: Verdict, _results: readonly CheckResult[], end: RunEnd) =>
      append({ event: 'run-end', at: end.finishedAt, decision: verdict.decision, rollback: verdict.rollback, counts: verdict.counts }),
  };
}

/**
 * Reads a journal's gate events back (reports, tests); the header line is skipped and a torn
 * last line from a crash is ignored. Use `replay()` from ../journal/replay.ts for versions and
 * orchestrator steps.
 */
export function parseJournal(text: string): JournalEvent[] {
  const events: JournalEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = JSON.parse(line) as JournalEvent & { kind?: string };
      if (parsed.kind === 'journal') continue;
      if (parsed.event === 'run-start' || parsed.event === 'result' || parsed.event === 'run-end') events.push(parsed);
    } catch {
      break; // only the last line can be torn; anything after it is not trustworthy either
    }
  }
  return events;
}
