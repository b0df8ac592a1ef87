import { acquireDeployLock, LockRefusedError } from './lock.ts';
import type { DeployTarget } from './target.ts';

/**
 * The deploy lock of `deploy` and `rollback`, one of each per app and environment at a time:
 * the lock, or the line to print when another run (on this machine, or a deployment already
 * in progress on the platform) holds it. Any other failure is thrown.
 */
export async function takeDeployLock(
  target: DeployTarget,
  runId: string,
  command: 'deploy' | 'rollback',
): Promise<{ lock: Awaited<ReturnType<typeof acquireDeployLock>> } | { refused: string }> {
  try {
    return {
      lock: await acquireDeployLock({
        stateDir: target.stateDir,
        app: target.app,
        env: target.envName,
        runId,
        deploymentInProgress: () => target.platform.deploymentInProgress(),
      }),
    };
  } catch (err) {
    if (!(err instanceof LockRefusedError)) throw err;
    return { refused: `postflight ${command}: ${err.message} Nothing was done.` };
  }
}
