import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from './walk.ts';

/**
 * manifest.json: every file of the run folder with its size and sha256, written last, so
 * whoever receives the folder (the meeting, an auditor, a CI artifact store) can tell that
 * nothing was added, dropped or edited after the gate finished.
 */

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_SCHEMA_VERSION = 1;

export interface ManifestEntry {
  /** POSIX path relative to the run folder. */
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  schemaVersion: number;
  generatedAt: string;
  files: ManifestEntry[];
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Lists the folder; the manifest never lists itself. */
export async function buildManifest(dir: string, now: Date = new Date()): Promise<Manifest> {
  const files: ManifestEntry[] = [];
  for (const rel of await listFiles(dir)) {
    if (rel === MANIFEST_FILE) continue;
    const abs = join(dir, rel);
    files.push({ path: rel, size: (await stat(abs)).size, sha256: await sha256Of(abs) });
  }
  return { schemaVersion: MANIFEST_SCHEMA_VERSION, generatedAt: now.toISOString(), files };
}

export async function writeManifest(dir: string, now: Date = new Date()): Promise<Manifest> {
  const manifest = await buildManifest(dir, now);
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Files whose size or hash no longer match (or that are missing or new): empty when intact. */
export async function verifyManifest(dir: string, manifest: Manifest): Promise<string[]> {
  const now = await buildManifest(dir);
  const before = new Map(manifest.files.map((f) => [f.path, f]));
  const after = new Map(now.files.map((f) => [f.path, f]));
  const problems: string[] = [];
  for (const [path, f] of before) {
    const g = after.get(path);
    if (!g) problems.push(`${path}: missing`);
    else if (g.sha256 !== f.sha256 || g.size !== f.size) problems.push(`${path}: changed since the manifest was written`);
  }
  for (const path of after.keys()) if (!before.has(path)) problems.push(`${path}: not in the manifest`);
  return problems;
}
