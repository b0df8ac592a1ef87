import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { appendFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, sha256Hex } from '../manifest.ts';
import type { RunReport } from '../reporters/report-doc.ts';
import { chronological, entryFromReport, isHistoryEntry, type HistoryEntry } from './entry.ts';

/**
 * The history index of one app and environment: `<reports>/<app>/<env>/history.jsonl`, one
 * HistoryEntry per finished gate run, appended when the run is sealed. It is a cache of the
 * run folders: when it is missing or any line is damaged, readers fall back to the folders
 * themselves, and the next append (or `postflight history --rebuild`) rewrites it from them.
 * The one reader of gate history: the baseline, the rollback target and `history` use it.
 */

export const HISTORY_INDEX = 'history.jsonl';

/** The index's entries, or undefined when it is missing or any line is damaged. Sync: tiny file. */
export function readHistoryIndexSync(appEnvDir: string): HistoryEntry[] | undefined {
  let text: string;
  try {
    text = readFileSync(join(appEnvDir, HISTORY_INDEX), 'utf8');
  } catch {
    return undefined;
  }
  const entries: HistoryEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as unknown;
      if (!isHistoryEntry(e)) return undefined;
      entries.push(e);
    } catch {
      return undefined;
    }
  }
  return entries;
}

export const readHistoryIndex = async (appEnvDir: string): Promise<HistoryEntry[] | undefined> => readHistoryIndexSync(appEnvDir);

/** Every sealed-or-not run folder with a readable verdict.json, as entries (the index rebuilt). */
export function scanRunFolders(appEnvDir: string): HistoryEntry[] {
  let names: string[];
  try {
    names = readdirSync(appEnvDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return [];
  }
  const entries: HistoryEntry[] = [];
  for (const name of names) {
    // A shard's folder is a part of a run (verify --shard), never a gate run: its merge is.
    if (existsSync(join(appEnvDir, name, 'shard.json'))) continue;
    try {
      const report = JSON.parse(readFileSync(join(appEnvDir, name, 'verdict.json'), 'utf8')) as RunReport;
      if (!report.run?.runId || !Array.isArray(report.checks)) continue;
      const manifest = join(appEnvDir, name, MANIFEST_FILE);
      const sha = existsSync(manifest) ? sha256Hex(readFileSync(manifest)) : undefined;
      entries.push({ ...entryFromReport(report, sha), runId: report.run.runId, folder: name });
    } catch {
      // an unfinished or foreign folder: not history
    }
  }
  return chronological(entries);
}

/** The history, oldest first: the index when it is sound, else the run folders. Never writes. */
export function loadHistory(appEnvDir: string): { entries: HistoryEntry[]; source: 'index' | 'folders' } {
  const indexed = readHistoryIndexSync(appEnvDir);
  return indexed ? { entries: chronological(indexed), source: 'index' } : { entries: scanRunFolders(appEnvDir), source: 'folders' };
}

const lines = (entries: readonly HistoryEntry[]) => entries.map((e) => `${JSON.stringify(e)}\n`).join('');

/** Rewrites the index from the run folders (write to a temp file, then rename: never half a file). */
export async function rebuildHistoryIndex(appEnvDir: string): Promise<HistoryEntry[]> {
  const entries = scanRunFolders(appEnvDir);
  const tmp = join(appEnvDir, `.${HISTORY_INDEX}.${process.pid}.tmp`);
  await writeFile(tmp, lines(entries));
  await rename(tmp, join(appEnvDir, HISTORY_INDEX));
  return entries;
}

/**
 * Records a sealed run. A missing or damaged index is rebuilt from the folders first (which
 * already hold this run); otherwise the entry is appended, or replaces its own earlier line.
 */
export async function recordInHistory(appEnvDir: string, entry: HistoryEntry): Promise<void> {
  const indexed = readHistoryIndexSync(appEnvDir);
  if (!indexed) {
    const rebuilt = await rebuildHistoryIndex(appEnvDir);
    if (rebuilt.some((e) => e.runId === entry.runId)) {
      const fixed = rebuilt.map((e) => (e.runId === entry.runId ? entry : e));
      await writeFile(join(appEnvDir, HISTORY_INDEX), lines(fixed));
      return;
    }
  } else if (indexed.some((e) => e.runId === entry.runId)) {
    await writeFile(join(appEnvDir, HISTORY_INDEX), lines(indexed.map((e) => (e.runId === entry.runId ? entry : e))));
    return;
  }
  await appendFile(join(appEnvDir, HISTORY_INDEX), lines([entry]));
}
