import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { journalHeader, type JournalEvent, type JournalHeader } from './schema.ts';

/**
 * The file edge of the journal for the orchestrator. Appends are synchronous and fsynced:
 * the engine writes `step-started` BEFORE it calls AWS, and that line must be on disk when the
 * process is killed a millisecond later, or a resume would not know a snapshot was asked for.
 */

export interface JournalSink {
  /** Lines already in the file when it was opened (what a resume replays). */
  readonly lines: readonly string[];
  append(event: JournalEvent): void;
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim());
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Could not read the journal ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function appendDurably(path: string, text: string): void {
  const fd = openSync(path, 'a');
  try {
    appendFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens (or creates, with its header line) the journal at `path`. `redact` is applied to each
 * line before it touches disk.
 */
export function openJournalFile(
  path: string,
  opts: { writer: JournalHeader['writer']; runId?: string; now?: () => Date; redact?: (s: string) => string },
): JournalSink {
  mkdirSync(dirname(path), { recursive: true });
  const lines = readLines(path);
  const redact = opts.redact ?? ((s: string) => s);
  if (!lines.length) appendDurably(path, `${JSON.stringify(journalHeader(opts.writer, (opts.now ?? (() => new Date()))().toISOString(), opts.runId))}\n`);
  return {
    lines,
    append: (event) => appendDurably(path, redact(`${JSON.stringify(event)}\n`)),
  };
}

/** An in-memory sink for pure tests of the engine. */
export function memoryJournal(initial: readonly string[] = []): JournalSink & { all(): string[] } {
  const all = [...initial];
  if (!all.length) all.push(JSON.stringify(journalHeader('orchestrator', new Date(0).toISOString())));
  return {
    lines: [...all],
    append: (event) => {
      all.push(JSON.stringify(event));
    },
    all: () => [...all],
  };
}
