import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findInContext, valueContextPatterns, type ContextPattern } from './secret-contexts.ts';
import { blindForms, isWordLike, partitionSecrets, type SecretFormKind } from './secret-forms.ts';
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

/** A word-like secret is looked for where it stands as a value (as the redactor treats it). */
interface ContextNeedle {
  patterns: ContextPattern[];
  secret: number;
}

interface Needles {
  bytes: Needle[];
  contexts: ContextNeedle[];
}

function needlesFor(secrets: readonly string[]): Needles {
  const { usable } = partitionSecrets(secrets);
  const bytes = usable.flatMap((s) => {
    const secret = secrets.indexOf(s) + 1;
    return blindForms(s).map((f) => ({ bytes: Buffer.from(f.text, 'utf8'), form: f.kind, secret }));
  });
  const contexts = usable.filter(isWordLike).map((s) => ({ patterns: valueContextPatterns(s), secret: secrets.indexOf(s) + 1 }));
  return { bytes, contexts };
}

/** Every occurrence of every needle in one buffer. */
function findInBuffer(data: Buffer, needles: Needles): { offset: number; form: SecretFormKind; secret: number }[] {
  const hits: { offset: number; form: SecretFormKind; secret: number }[] = [];
  for (const n of needles.bytes) {
    for (let at = data.indexOf(n.bytes); at !== -1; at = data.indexOf(n.bytes, at + 1)) {
      hits.push({ offset: at, form: n.form, secret: n.secret });
    }
  }
  if (needles.contexts.length > 0) {
    // latin1 keeps one character per byte, so offsets are byte offsets.
    const text = data.toString('latin1');
    for (const c of needles.contexts) hits.push(...findInContext(text, c.patterns).map((offset) => ({ offset, form: 'raw' as const, secret: c.secret })));
  }
  return hits.sort((a, b) => a.offset - b.offset);
}

async function scanBuffer(data: Buffer, needles: Needles, file: string, entry?: string): Promise<SecretFinding[]> {
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
  if (needles.bytes.length === 0 && needles.contexts.length === 0) return [];
  const findings: SecretFinding[] = [];
  for (const rel of await listFiles(dir)) {
    findings.push(...(await scanBuffer(await readFile(join(dir, rel)), needles, rel)));
  }
  return findings;
}

/** One line per finding for the run log. */
export function describeFinding(f: SecretFinding): string {
  const where = f.entry ? `${f.file} (zip entry ${f.entry})` : f.file;
  return (
    `secret #${f.secret} (${f.form}) still present in ${where} at byte ${f.offset}: ` +
    'remove or regenerate this file before sharing the report, or rotate the secret'
  );
}
