import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * One deploy or rollback of an app on an environment at a time. On this host: a lock file
 * created with O_EXCL (`wx`) in the state folder, holding pid, host and run id; a lock whose
 * pid is dead on this host is stale and taken over. Across machines (a CI runner and a laptop)
 * the file cannot see the other: the caller also asks the platform whether a deployment is
 * already under way (`Platform.deploymentInProgress`), see `acquireDeployLock`.
 */

export interface LockHolder {
  pid: number;
  host: string;
  runId: string;
  since: string;
}

export interface HeldLock {
  path: string;
  holder: LockHolder;
  release(): void;
}

export class LockRefusedError extends Error {
  override readonly name = 'LockRefusedError';
  constructor(
    message: string,
    readonly holder?: LockHolder,
  ) {
    super(message);
  }
}

/** Whether a pid is alive on this host (signal 0 tests without signalling). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
}

export interface LockOptions {
  stateDir: string;
  app: string;
  env: string;
  runId: string;
  pid?: number;
  host?: string;
  now?: () => Date;
  isAlive?: (pid: number) => boolean;
}

export const lockPath = (stateDir: string, app: string, env: string): string => join(stateDir, `deploy-${app}-${env.replace(/[^A-Za-z0-9._-]+/g, '-')}.lock`);

function readHolder(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return undefined; // torn or empty: the writer died between open and write
  }
}

export function acquireLock(o: LockOptions): HeldLock {
  const path = lockPath(o.stateDir, o.app, o.env);
  const holder: LockHolder = { pid: o.pid ?? process.pid, host: o.host ?? hostname(), runId: o.runId, since: (o.now ?? (() => new Date()))().toISOString() };
  const alive = o.isAlive ?? pidAlive;
  mkdirSync(o.stateDir, { recursive: true });
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify(holder));
      } finally {
        closeSync(fd);
      }
      return {
        path,
        holder,
        release: () => {
          if (readHolder(path)?.runId === holder.runId) unlinkSync(path);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new Error(`Could not create the deploy lock ${path}: ${(err as Error).message}. Check that the state folder is writable.`, { cause: err });
    }
    const other = readHolder(path);
    const stale = !other || (other.host === holder.host && !alive(other.pid));
    if (!stale) {
      throw new LockRefusedError(
        `Another deploy of ${o.app} on ${o.env} is running: run ${other.runId}, pid ${other.pid} on ${other.host}, since ${other.since}. ` +
          `Wait for it to finish. If it is dead on another machine, remove ${path} by hand.`,
        other,
      );
    }
    try {
      unlinkSync(path);
    } catch {
      /* another process took it over first; the next open decides */
    }
  }
  throw new LockRefusedError(`Another process took over the stale deploy lock ${path} at the same moment: try again.`);
}

/**
 * The lock file, then the platform's view: a deployment already under way on the service
 * (started from another machine or the console) refuses too, and the file lock is let go.
 */
export async function acquireDeployLock(o: LockOptions & { deploymentInProgress: () => Promise<string | undefined> }): Promise<HeldLock> {
  const lock = acquireLock(o);
  try {
    const busy = await o.deploymentInProgress();
    if (busy) throw new LockRefusedError(`Refusing to deploy ${o.app} on ${o.env}: ${busy}`);
    return lock;
  } catch (err) {
    lock.release();
    throw err;
  }
}
