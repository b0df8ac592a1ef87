import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { checkManifest, MANIFEST_FILE, sha256Hex, type FileProblem, type Manifest } from './manifest.ts';
import { checkChain, SIGNOFF_FILE, type Signoff } from './signoff.ts';
import { readHistoryIndex } from './history/index-file.ts';
import { renderSignoffRecord, SIGNOFF_RECORD_FILE } from './signoff-record.ts';

/**
 * `verify-evidence`: recompute every hash of a sealed run folder. The manifest says what the
 * files were; the manifest's own hash is then compared with every other place that recorded
 * it (the journal's seal line, the history index, the sign-off chain, `--expect` from a CI
 * log), so a folder edited AND re-sealed is caught too.
 */

export interface FolderCheck {
  /** Bad input (exit 3): the folder or its manifest cannot be read. */
  unreadable?: string[];
  manifestSha256?: string;
  /** Files that differ from the manifest. */
  files: FileProblem[];
  /** Places that recorded another manifest hash than the one in the folder. */
  seal: string[];
  signoffs: Signoff[];
  /** Breaks of the sign-off chain. */
  chain: string[];
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** The journal's `sealed` lines (normally one), newest last. */
async function journalSeals(dir: string): Promise<string[]> {
  const text = await readFile(join(dir, 'journal.jsonl'), 'utf8').catch(() => '');
  const seals: string[] = [];
  for (const line of text.split('\n')) {
    try {
      const e = JSON.parse(line) as { event?: string; manifestSha256?: string };
      if (e.event === 'sealed' && typeof e.manifestSha256 === 'string') seals.push(e.manifestSha256);
    } catch {
      // not a line of ours: the manifest check reports a changed journal
    }
  }
  return seals;
}

export async function checkFolder(dir: string, opts: { expect?: string } = {}): Promise<FolderCheck> {
  const out: FolderCheck = { files: [], seal: [], signoffs: [], chain: [] };
  if (
    !(await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    return { ...out, unreadable: [`${dir}: not a folder`] };
  let text: string;
  let manifest: Manifest;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
    manifest = JSON.parse(text) as Manifest;
    if (!Array.isArray(manifest.files)) throw new Error('it has no "files" list');
  } catch (err) {
    return { ...out, unreadable: [`${join(dir, MANIFEST_FILE)}: cannot be read as a manifest (${(err as Error).message}); is this a sealed run folder?`] };
  }
  const sha = sha256Hex(text);
  out.manifestSha256 = sha;
  out.files = await checkManifest(dir, manifest);

  const seals = await journalSeals(dir);
  if (seals.length > 0 && seals.at(-1) !== sha)
    out.seal.push(`journal.jsonl: its seal line names manifest ${seals.at(-1)}, the folder's manifest.json is ${sha} (manifest.json was replaced)`);
  if (opts.expect && opts.expect.toLowerCase() !== sha) out.seal.push(`--expect: the manifest's hash is ${sha}, not ${opts.expect}`);
  // The history index lives beside the run folders: <root>/<app>/<env>/history.jsonl.
  const indexed = (await readHistoryIndex(dirname(dir)))?.find((e) => e.runId === basename(dir));
  if (indexed?.manifestSha256 && indexed.manifestSha256 !== sha)
    out.seal.push(`history.jsonl: the index recorded manifest ${indexed.manifestSha256} for this run, the folder's manifest.json is ${sha}`);

  if (await exists(join(dir, SIGNOFF_FILE))) {
    const chain = checkChain(await readFile(join(dir, SIGNOFF_FILE), 'utf8'), sha);
    out.signoffs = chain.signoffs;
    out.chain = chain.problems;
  }
  // signoff.md is rendered from the chain: it must say exactly what the chain says.
  // (It is rendered with verdict.json's run facts: when that file is itself changed, it is named above.)
  if ((await exists(join(dir, SIGNOFF_RECORD_FILE))) && !out.files.some((f) => f.path === 'verdict.json')) {
    const verdict = JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8').catch(() => '{}')) as { run?: object; decision?: string };
    const expected = renderSignoffRecord(out.signoffs, { ...verdict.run, ...(verdict.decision ? { decision: verdict.decision } : {}) });
    if ((await readFile(join(dir, SIGNOFF_RECORD_FILE), 'utf8')) !== expected)
      out.chain.push(`${SIGNOFF_RECORD_FILE}: does not match signoff.jsonl (edited by hand; \`postflight signoff\` rewrites it)`);
  }
  return out;
}

export const isIntact = (c: FolderCheck): boolean => !c.unreadable && c.files.length === 0 && c.seal.length === 0 && c.chain.length === 0;
