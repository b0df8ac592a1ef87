import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeManifest, type Manifest } from './manifest.ts';
import { redactTree, type TreeRedaction } from './redact-files.ts';
import { makeRedactor } from './redact.ts';
import { scanTree, type SecretFinding } from './scan.ts';

/**
 * The run folder `reports/<app>/<env>/<run-id>/`: where it is, where each check's evidence
 * goes, and `finalize`, the last step of every run: redact the whole tree, prove it with the
 * canary scan, then write manifest.json (after redaction, so the hashes are of what is shared)
 * and append the manifest's own hash to the journal (the seal).
 */

export interface RunFolder {
  /** Absolute path of the run folder. */
  dir: string;
  runId: string;
  /** Absolute path of a file in the run folder. */
  path(...segments: string[]): string;
  /** Relative POSIX path of an absolute path inside the folder (for `Artifact.path`). */
  relative(abs: string): string;
}

/** `20261125-071200-ab12`: sorts by time; the random part keeps two runs in one second apart. */
export function makeRunId(now: Date = new Date(), random: () => string = () => randomBytes(2).toString('hex')): string {
  const iso = now.toISOString(); // 2026-11-25T07:12:00.000Z
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${random()}`;
}

/** One path segment that cannot climb out of the folder or hide: last path part, safe characters. */
export function safeSegment(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').filter(Boolean).pop() ?? '';
  return base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'unnamed';
}

/** An environment may be given as a file (`--env ./envs/qa.json`): its folder is `qa`. */
export function envSegment(env: string): string {
  return safeSegment(safeSegment(env).replace(/\.(json|ts|js|mjs)$/i, ''));
}

export function runFolderPath(root: string, app: string, env: string, runId: string): string {
  return resolve(root, safeSegment(app), envSegment(env), safeSegment(runId));
}

export async function createRunFolder(opts: { root: string; app: string; env: string; runId?: string; now?: Date }): Promise<RunFolder> {
  const runId = opts.runId ?? makeRunId(opts.now);
  const dir = runFolderPath(opts.root, opts.app, opts.env, runId);
  await mkdir(dir, { recursive: true });
  const toPosix = (p: string) => p.split(sep).join('/');
  const inside = (abs: string): string => {
    const rel = relative(dir, abs);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`${abs} is outside the run folder ${dir}: evidence must live inside it`);
    return toPosix(rel);
  };
  return {
    dir,
    runId,
    path: (...segments) => join(dir, ...segments),
    relative: inside,
  };
}

export interface FinalizeReport {
  redaction: TreeRedaction;
  /** About the secrets given (too short to redact, ...); never the values. */
  warnings: string[];
  /** What the canary scan still found after redaction (binary files): empty when clean. */
  remaining: SecretFinding[];
  manifest: Manifest;
  /** sha256 of manifest.json: the seal, printed on the console and written to the journal. */
  manifestSha256: string;
}

/** The journal's last line: the manifest's own hash (appended after the manifest; see APPEND_ONLY). */
export interface SealedEvent {
  event: 'sealed';
  at: string;
  manifestSha256: string;
  files: number;
}

async function appendSealLine(dir: string, seal: SealedEvent): Promise<void> {
  const journal = join(dir, 'journal.jsonl');
  // A run folder without a journal (a unit test's) has nothing to append to.
  if (
    await stat(journal).then(
      () => true,
      () => false,
    )
  )
    await appendFile(journal, `${JSON.stringify(seal)}\n`);
}

/**
 * Redacts every file (and every trace.zip entry) with the run's secret values and the generic
 * patterns, scans for what is left, then writes manifest.json last. The caller logs
 * `warnings` and `remaining`; finalize itself decides nothing about the verdict.
 */
export async function finalize(dir: string, secrets: readonly string[], now: Date = new Date()): Promise<FinalizeReport> {
  const redact = makeRedactor(secrets);
  const redaction = await redactTree(dir, redact);
  const remaining = await scanTree(dir, secrets);
  const { manifest, sha256 } = await writeManifest(dir, now);
  await appendSealLine(dir, { event: 'sealed', at: now.toISOString(), manifestSha256: sha256, files: manifest.files.length });
  return { redaction, warnings: [...redact.warnings], remaining, manifest, manifestSha256: sha256 };
}
