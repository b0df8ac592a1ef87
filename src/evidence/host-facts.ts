import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * What ran the gate, for the report's manifest box: postflight's git sha, the tool versions
 * that measured (timings depend on them) and the host's cores (timings depend on those too).
 * Read once when a run starts; anything unreadable is left out, never guessed.
 */

export interface HostFacts {
  gitSha?: string;
  node: string;
  playwright?: string;
  lighthouse?: string;
  cores: number;
}

const packageVersion = (name: string): string | undefined => {
  try {
    return (JSON.parse(readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
};

function gitSha(): string | undefined {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: new URL('../..', import.meta.url), timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

let cached: HostFacts | undefined;

export function hostFacts(): HostFacts {
  cached ??= {
    ...(gitSha() ? { gitSha: gitSha()! } : {}),
    node: process.version,
    ...(packageVersion('@playwright/test') ? { playwright: packageVersion('@playwright/test')! } : {}),
    ...(packageVersion('lighthouse') ? { lighthouse: packageVersion('lighthouse')! } : {}),
    cores: cpus().length,
  };
  return cached;
}
