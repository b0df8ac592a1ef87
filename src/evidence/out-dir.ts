import { constants } from 'node:fs';
import { access, mkdir, stat, statfs, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * `--out` is checked before anything runs, with bounded, non-recursive steps:
 * `fs.mkdir(p, { recursive: true })` was seen never to return under /proc (TOOLING.md), and a
 * file path or a full disk used to surface as a stack trace after every check had run.
 */

/** What the check found: the folder can be used, or one line saying why not and what to do. */
export type OutDirVerdict = { ok: true; existing: string; missing: string[] } | { ok: false; problem: string; hint: string };

/** Below this, a run folder (screenshots, traces, Lighthouse reports) will not fit. */
export const MIN_FREE_BYTES = 50 * 1024 * 1024;
const STEP_TIMEOUT_MS = 3000;
/** Kernel file systems: nothing can be created there, and some calls never return. */
const VIRTUAL_ROOTS = ['/proc', '/sys', '/dev'];

function within<T>(work: Promise<T>, what: string, ms = STEP_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** Read-only inspection (plus one temp file, removed): nothing is created. */
export async function inspectOutDir(raw: string, cwd: string): Promise<OutDirVerdict> {
  const target = resolve(cwd, raw);
  const hint = 'give --out a folder you can write to (it is created if missing), e.g. --out ./reports';
  const virtual = VIRTUAL_ROOTS.find((v) => target === v || target.startsWith(`${v}/`));
  if (virtual) return { ok: false, problem: `${target} is under ${virtual}, a kernel file system where no folder can be created`, hint };
  const missing: string[] = [];
  let at = target;
  for (;;) {
    try {
      const s = await within(stat(at), `stat ${at}`);
      if (!s.isDirectory()) {
        return { ok: false, problem: at === target ? `${target} is a file, not a folder` : `${at} is a file, so ${target} cannot be created under it`, hint };
      }
      break;
    } catch (e) {
      // ENOTDIR: a file is somewhere above; walking up finds it and names it.
      if ((code(e) === 'ENOENT' || code(e) === 'ENOTDIR') && dirname(at) !== at) {
        missing.unshift(at);
        at = dirname(at);
        continue;
      }
      return { ok: false, problem: `cannot inspect ${at}: ${(e as Error).message}`, hint };
    }
  }
  try {
    await within(access(at, constants.W_OK), `access ${at}`);
    const probe = join(at, `.postflight-write-probe-${process.pid}-${Date.now()}`);
    await within(writeFile(probe, 'probe'), `writing a test file in ${at}`);
    await within(unlink(probe), `removing the test file in ${at}`);
  } catch (e) {
    return { ok: false, problem: `${at} is not writable (${code(e) ?? (e as Error).message})`, hint: `${hint}; or fix the folder's permissions` };
  }
  try {
    const fs = await within(statfs(at), `statfs ${at}`);
    const free = fs.bavail * fs.bsize;
    if (free < MIN_FREE_BYTES) {
      return {
        ok: false,
        problem: `only ${Math.round(free / 1024 / 1024)} MB free on the file system of ${at} (a run needs at least ${MIN_FREE_BYTES / 1024 / 1024} MB)`,
        hint: 'free some space (old run folders under reports/ can go) or point --out at another disk',
      };
    }
  } catch (e) {
    return { ok: false, problem: `cannot read the free space of ${at}: ${(e as Error).message}`, hint };
  }
  return { ok: true, existing: at, missing };
}

/** Creates the missing levels one at a time, each with a time limit. Throws a one-line error. */
export async function createOutDir(verdict: Extract<OutDirVerdict, { ok: true }>): Promise<void> {
  for (const level of verdict.missing) {
    try {
      await within(mkdir(level), `creating ${level}`);
    } catch (e) {
      if (code(e) !== 'EEXIST') throw new Error(`cannot create ${level}: ${(e as Error).message}`);
    }
  }
}
