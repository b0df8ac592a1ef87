import { accessSync, constants } from 'node:fs';
import { delimiter, join, isAbsolute } from 'node:path';

/** Finds an executable on PATH (or checks an absolute path); undefined when absent. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = isAbsolute(name)
    ? [name]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
