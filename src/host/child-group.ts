import { spawn, type SpawnOptions } from 'node:child_process';

/**
 * Runs an external tool (Playwright, k6) in its own process group with a time limit, and
 * kills the whole group — the tool and every browser or worker it started — on timeout, on
 * abort (the run's deadline) and when this process exits. A tool that hangs on a frozen
 * target must never outlive the gate or keep it waiting.
 */

export interface GroupRun {
  command: string;
  args: string[];
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** Kill the group after this long. */
  timeoutMs: number;
  /** Kill the group when this fires (the run's overall deadline). */
  signal?: AbortSignal;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Between SIGTERM and SIGKILL: lets the tool write what it has (reporters, summaries). */
  graceMs?: number;
}

export interface GroupOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Killed because `timeoutMs` passed. */
  timedOut: boolean;
  /** Killed because `signal` fired. */
  aborted: boolean;
  durationMs: number;
}

/** Live process groups: killed synchronously if the gate exits while they run. */
const live = new Set<number>();
let exitHookInstalled = false;

function killGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    // already gone
  }
}

/** Kills every group still running (exit hook, SIGTERM handler of the CLI). */
export function killAllGroups(): void {
  for (const pgid of live) killGroup(pgid, 'SIGKILL');
  live.clear();
}

export function runInGroup(run: GroupRun): Promise<GroupOutcome> {
  if (!exitHookInstalled) {
    process.on('exit', killAllGroups);
    exitHookInstalled = true;
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const options: SpawnOptions = { cwd: run.cwd, env: run.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true };
    const child = spawn(run.command, run.args, options);
    let timedOut = false;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const pgid = child.pid;
    if (pgid) live.add(pgid);
    const stop = () => {
      if (!pgid) return;
      killGroup(pgid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pgid, 'SIGKILL'), run.graceMs ?? 3000);
      killTimer.unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, run.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    if (run.signal?.aborted) onAbort();
    else run.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', (d: Buffer) => run.onStdout?.(d));
    child.stderr?.on('data', (d: Buffer) => run.onStderr?.(d));
    const done = () => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      // The leader is gone; whatever it left in its group (a browser) goes with it.
      if (pgid) {
        killGroup(pgid, 'SIGKILL');
        live.delete(pgid);
      }
      if (killTimer) clearTimeout(killTimer);
    };
    child.on('error', (error) => {
      done();
      reject(new Error(`could not start ${run.command}: ${error.message}`, { cause: error }));
    });
    // Anything the leader left behind holds our pipes open and would delay 'close' forever.
    child.on('exit', () => pgid && killGroup(pgid, 'SIGKILL'));
    child.on('close', (exitCode, signal) => {
      done();
      resolve({ exitCode, signal, timedOut, aborted, durationMs: Date.now() - started });
    });
  });
}
