import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from './walk.ts';
import { isZip, readZip, writeZip } from './zip.ts';

/**
 * Applies a text redactor to files in place: every text file, and every text entry inside
 * zip archives (Playwright trace.zip: trace.trace, trace.network, resources/*), re-zipped with
 * the same names, dates and compression. Binary content (screenshots, videos, PDFs) cannot
 * be redacted as text; it is listed so `scanTree` can tell whether a secret is left in it.
 */

type Redact = (text: string) => string;

export interface BufferRedaction {
  data: Buffer;
  changed: boolean;
  /** Paths of binary parts left as they were (the buffer itself, or `entry` names in a zip). */
  binary: string[];
}

export interface TreeRedaction {
  files: number;
  /** Relative paths rewritten. */
  changed: string[];
  /** Relative paths (and `archive.zip!entry`) that were binary and left untouched. */
  binary: string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/**
 * Formats that can be pure ASCII yet are not text: rewriting a PDF as text shifts the byte
 * offsets its xref table points at, and the evidence PDF would no longer open.
 */
const BINARY_MAGIC = [Buffer.from('%PDF-')];

/** The text of a buffer, or undefined when it is binary (NUL bytes, not UTF-8, or a known binary format). */
export function decodeText(data: Buffer): string | undefined {
  if (data.includes(0) || BINARY_MAGIC.some((m) => data.subarray(0, m.length).equals(m))) return undefined;
  try {
    return utf8.decode(data);
  } catch {
    return undefined;
  }
}

/** Redacts one buffer: text as text, a zip entry by entry (recursively), binary untouched. */
export async function redactBuffer(data: Buffer, redact: Redact, name = ''): Promise<BufferRedaction> {
  if (isZip(data)) {
    let entries;
    try {
      entries = await readZip(data);
    } catch {
      // Looks like a zip but is not readable as one: treat as opaque binary; scanTree still sees it.
      return { data, changed: false, binary: [name] };
    }
    let changed = false;
    const binary: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory) continue;
      const inner = await redactBuffer(entry.data, redact, `${name}!${entry.name}`);
      binary.push(...inner.binary);
      if (inner.changed) {
        entry.data = inner.data;
        changed = true;
      }
    }
    return { data: changed ? await writeZip(entries) : data, changed, binary };
  }
  const text = decodeText(data);
  if (text === undefined) return { data, changed: false, binary: [name] };
  const redacted = redact(text);
  return redacted === text ? { data, changed: false, binary: [] } : { data: Buffer.from(redacted, 'utf8'), changed: true, binary: [] };
}

/** Rewrites one file in place when redaction changed it. */
export async function redactFile(path: string, redact: Redact): Promise<BufferRedaction> {
  const original = await readFile(path);
  const result = await redactBuffer(original, redact, path);
  if (result.changed) await writeFile(path, result.data);
  return result;
}

/** Every file under `dir`; paths in the report are relative to `dir`. */
export async function redactTree(dir: string, redact: Redact): Promise<TreeRedaction> {
  const files = await listFiles(dir);
  const report: TreeRedaction = { files: files.length, changed: [], binary: [] };
  for (const rel of files) {
    const original = await readFile(join(dir, rel));
    const result = await redactBuffer(original, redact, rel);
    if (result.changed) {
      await writeFile(join(dir, rel), result.data);
      report.changed.push(rel);
    }
    report.binary.push(...result.binary);
  }
  return report;
}
