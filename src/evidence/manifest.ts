import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from './walk.ts';

/**
 * manifest.json: every file of the run folder with its size and sha256, written last, so
 * whoever receives the folder (the meeting, an auditor, a CI artifact store) can tell that
 * nothing was added, dropped or edited after the gate finished.
 */

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SCHEMA_VERSION = 1;

/**
 * Files outside the sealed set: the manifest itself, and the sign-offs people add after the
 * gate finished (signoff.jsonl is hash-chained onto the manifest's own hash instead; signoff.md
 * is rendered from it). Everything else in the folder is sealed.
 */
export const OUTSIDE_THE_SEAL: readonly string[] = [MANIFEST_FILE, 'signoff.jsonl', 'signoff.md'];

/**
 * Files that grow after the seal: the journal gets one `sealed` line naming the manifest's own
 * hash (the hash cannot be inside the file it hashes). The manifest holds their size and hash at
 * sealing time; verification checks that prefix and that nothing but seal lines follows it.
 */
export const APPEND_ONLY: readonly string[] = ['journal.jsonl'];

export interface ManifestEntry {
  /** POSIX path relative to the run folder. */
  path: string;
  size: number;
  sha256: string;
  /** Set on APPEND_ONLY files: `size`/`sha256` are of the first `size` bytes. */
  appendOnly?: true;
}

export interface Manifest {
  schemaVersion: number;
  generatedAt: string;
  files: ManifestEntry[];
}

async function sha256Of(path: string, end?: number): Promise<string> {
  const hash = createHash('sha256');
  if (end === 0) return hash.digest('hex');
  for await (const chunk of createReadStream(path, end === undefined ? {} : { end: end - 1 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** Lists the folder; the manifest never lists itself. */
export async function buildManifest(dir: string, now: Date = new Date()): Promise<Manifest> {
  const files: ManifestEntry[] = [];
  for (const rel of await listFiles(dir)) {
    if (OUTSIDE_THE_SEAL.includes(rel)) continue;
    const abs = join(dir, rel);
    files.push({ path: rel, size: (await stat(abs)).size, sha256: await sha256Of(abs), ...(APPEND_ONLY.includes(rel) ? { appendOnly: true as const } : {}) });
  }
  return { schemaVersion: MANIFEST_SCHEMA_VERSION, generatedAt: now.toISOString(), files };
}

/** Writes manifest.json; `sha256` is the manifest's own hash (of the bytes written), the seal. */
export async function writeManifest(dir: string, now: Date = new Date()): Promise<{ manifest: Manifest; sha256: string }> {
  const manifest = await buildManifest(dir, now);
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(join(dir, MANIFEST_FILE), text);
  return { manifest, sha256: sha256Hex(text) };
}

export type FileProblemKind = 'changed' | 'missing' | 'extra';

export interface FileProblem {
  path: string;
  kind: FileProblemKind;
  detail: string;
}

/** What may follow the sealed prefix of an append-only file: only `sealed` lines. */
function onlySealLines(tail: string): boolean {
  return tail
    .split('\n')
    .filter((l) => l.trim())
    .every((l) => {
      try {
        return (JSON.parse(l) as { event?: string }).event === 'sealed';
      } catch {
        return false;
      }
    });
}

/** Every file that differs from the manifest: changed, missing, or not listed (extra). */
export async function checkManifest(dir: string, manifest: Manifest): Promise<FileProblem[]> {
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const present = new Set((await listFiles(dir)).filter((rel) => !OUTSIDE_THE_SEAL.includes(rel)));
  const problems: FileProblem[] = [];
  for (const [path, f] of listed) {
    if (!present.has(path)) {
      problems.push({ path, kind: 'missing', detail: 'listed in the manifest, not in the folder' });
      continue;
    }
    const abs = join(dir, path);
    const size = (await stat(abs)).size;
    if (f.appendOnly) {
      const intact = size >= f.size && (await sha256Of(abs, f.size)) === f.sha256 && onlySealLines((await readFile(abs)).subarray(f.size).toString('utf8'));
      if (!intact) problems.push({ path, kind: 'changed', detail: 'its sealed part changed, or something other than a seal line was appended' });
    } else if (size !== f.size || (await sha256Of(abs)) !== f.sha256) {
      problems.push({ path, kind: 'changed', detail: 'changed since the manifest was written' });
    }
  }
  for (const path of present) if (!listed.has(path)) problems.push({ path, kind: 'extra', detail: 'not in the manifest' });
  return problems;
}

/** Files whose size or hash no longer match (or that are missing or new): empty when intact. */
export async function verifyManifest(dir: string, manifest: Manifest): Promise<string[]> {
  return (await checkManifest(dir, manifest)).map(
    (p) => `${p.path}: ${p.kind === 'changed' ? p.detail : p.kind === 'missing' ? 'missing' : 'not in the manifest'}`,
  );
}
