import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { partitionSecrets, secretForms, type SecretFormKind } from './secret-forms.ts';
import { listFiles } from './walk.ts';
import { isZip, readZip } from './zip.ts';

/**
 * The canary: searches raw bytes for every form of every secret, in every file under a
 * directory and inside every zip entry (decompressed). It is how finalize proves redaction
 * worked, and how it finds secrets that text redaction cannot remove (a password typed into
 * a field and visible in a screenshot is not, but a PDF or binary that holds it as bytes is).
 * Findings never include the secret itself.
 */

export interface SecretFinding {
  /** Path relative to the scanned directory. */
  file: string;
  /** Entry path inside a zip (`a.zip` then `inner.zip!x` for nesting). */
  entry?: string;
  /** Byte offset in the file, or in the decompressed entry. */
  offset: number;
  /** Which spelling was found. */
  form: SecretFormKind;
  /** 1-based position of the secret in the list given, so the log can say which one leaked. */
  secret: number;
}

interface Needle {
  bytes: Buffer;
  form: SecretFormKind;
  secret: number;
}

function needlesFor(secrets: readonly string[]): Needle[] {
  const { usable } = partitionSecrets(secrets);
  return usable.flatMap((s) => {
    const secret = secrets.indexOf(s) + 1;
    return secretForms(s).map((f) => ({ bytes: Buffer.from(f.text, 'utf8'), form: f.kind, secret }));
  });
}

/** Every occurrence of every needle in one buffer. */
function findInBuffer(data: Buffer, needles: readonly Needle[]): { offset: number; form: SecretFormKind; secret: number }[] {
  const hits: { offset: number; form: SecretFormKind; secret: number }[] = [];
  for (const n of needles) {
    for (let at = data.indexOf(n.bytes); at !== -1; at = data.indexOf(n.bytes, at + 1)) {
      hits.push({ offset: at, form: n.form, secret: n.secret });
    }
  }
  return hits.sort((a, b) => a.offset - b.offset);
}

async function scanBuffer(data: Buffer, needles: readonly Needle[], file: string, entry?: string): Promise<SecretFinding[]> {
  const found: SecretFinding[] = findInBuffer(data, needles).map((h) => ({ file, ...(entry ? { entry } : {}), ...h }));
  if (isZip(data)) {
    const entries = await readZip(data).catch(() => []);
    for (const e of entries) {
      if (!e.isDirectory) found.push(...(await scanBuffer(e.data, needles, file, entry ? `${entry}!${e.name}` : e.name)));
    }
  }
  return found;
}

export async function scanTree(dir: string, secrets: readonly string[]): Promise<SecretFinding[]> {
  const needles = needlesFor(secrets);
  if (needles.length === 0) return [];
  const findings: SecretFinding[] = [];
  for (const rel of await listFiles(dir)) {
    findings.push(...(await scanBuffer(await readFile(join(dir, rel)), needles, rel)));
  }
  return findings;
}

/** One line per finding for the run log. */
export function describeFinding(f: SecretFinding): string {
  const where = f.entry ? `${f.file} (zip entry ${f.entry})` : f.file;
  return `secret #${f.secret} (${f.form}) still present in ${where} at byte ${f.offset}: ` +
    'remove or regenerate this file before sharing the report, or rotate the secret';
}
