import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every regular file under `dir`, as sorted POSIX paths relative to `dir` (the form the
 * manifest and the evidence links use). Symbolic links are not followed: redaction and the
 * manifest must never reach outside the run folder.
 */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  async function visit(rel: string): Promise<void> {
    const entries = await readdir(join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await visit(child);
      else if (entry.isFile()) files.push(child);
    }
  }
  await visit('');
  return files.sort();
}
