import { execFile } from 'node:child_process';
import { ProbeError } from '../../guarded.ts';

/** Tag names a release may be tagged with: as given, and with/without a leading `v`. */
export function tagCandidates(release: string): string[] {
  return release.startsWith('v') ? [release, release.slice(1)] : [release, `v${release}`];
}

/**
 * The release's tags present in `repo` (a path or a URL), by `git ls-remote --tags`: the same
 * command works for a local clone and for the remote, and needs no checkout.
 */
export function findReleaseTags(repo: string, release: string, opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string[]> {
  const refs = tagCandidates(release).map((t) => `refs/tags/${t}`);
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['ls-remote', '--tags', repo, ...refs],
      {
        timeout: opts.timeoutMs ?? 15_000,
        // Never prompt for credentials: the gate runs unattended.
        env: { ...(opts.env ?? process.env), GIT_TERMINAL_PROMPT: '0' },
      },
      (err, stdout, stderr) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT')
            return reject(
              new ProbeError('git is not installed, so the release tag cannot be checked', 'install git (apt-get install git) and run again', { cause: err }),
            );
          return reject(
            new ProbeError(
              `git ls-remote ${repo} failed: ${stderr.trim().split('\n').pop() ?? err.message}`,
              'check the repository path/URL and read access (POSTFLIGHT_*_RELEASE_REPO)',
              { cause: err },
            ),
          );
        }
        const found = stdout
          .split('\n')
          .map((l) => l.split('\t')[1])
          .filter((r): r is string => Boolean(r))
          .map((r) => r.replace(/^refs\/tags\//, '').replace(/\^\{\}$/, ''));
        resolve([...new Set(found)]);
      },
    );
  });
}
