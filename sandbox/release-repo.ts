import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A git repository with one tag per named release (`v1.0.0`, ...): what the release-tag
 * check looks for. Returns undefined when git is not installed (the check then says so).
 */
export async function createReleaseRepo(dir: string, releases: string[]): Promise<string | undefined> {
  try {
    await mkdir(dir, { recursive: true });
    const git = (...args: string[]) => run('git', ['-C', dir, '-c', 'user.name=postflight', '-c', 'user.email=sandbox@postflight.test', ...args]);
    await git('init', '-q');
    await git('commit', '-q', '--allow-empty', '-m', 'sandbox release history');
    for (const release of [...new Set(releases)]) await git('tag', `v${release}`);
    return dir;
  } catch {
    return undefined;
  }
}
