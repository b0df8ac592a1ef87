import { spawn } from 'node:child_process';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppId } from '../src/core/types.ts';
import type { ReleaseRecord, SandboxOptions } from './sandbox.ts';
import { PROJECT_ROOT, isAlive, readState, statePath, type SandboxAppState, type SandboxState } from './state.ts';

/** Client side of the sandbox daemon: what `postflight sandbox up|down|status` call. */

export interface UpOptions extends Omit<SandboxOptions, 'logDir' | 'env'> {
  stateDir: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Starts the daemon and returns once every app answers, or throws with the daemon's error. */
export async function sandboxUp(opts: UpOptions): Promise<SandboxState> {
  const existing = await sandboxStatus(opts.stateDir);
  if (existing) throw new Error(`the sandbox is already running (pid ${existing.pid}); run \`postflight sandbox down\` first`);
  await mkdir(opts.stateDir, { recursive: true });
  await rm(statePath(opts.stateDir), { force: true });
  const logPath = join(opts.stateDir, 'sandbox.log');
  const log = await open(logPath, 'a');
  const { stateDir, timeoutMs = 60_000, env = process.env, ...rest } = opts;
  const daemonArgs = { ...rest, stateDir, logDir: join(stateDir, 'logs') };
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/tsrun.mjs'), join(PROJECT_ROOT, 'sandbox/daemon.ts'), JSON.stringify(daemonArgs)], {
    detached: true,
    stdio: ['ignore', log.fd, log.fd],
    env,
    cwd: PROJECT_ROOT,
  });
  child.unref();
  await log.close();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = await readState(stateDir);
    if (state?.status === 'ready') return state;
    if (state?.status === 'failed') {
      await rm(statePath(stateDir), { force: true });
      throw new Error(`the sandbox failed to start: ${state.error ?? 'unknown error'} (log: ${logPath})`);
    }
    if (child.exitCode !== null) throw new Error(`the sandbox daemon exited with code ${child.exitCode} (log: ${logPath})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.pid) killTree(child.pid);
  throw new Error(`the sandbox did not become ready within ${timeoutMs / 1000} s (log: ${logPath})`);
}

/** Live state, or undefined when nothing runs (a stale file of a dead daemon is removed). */
export async function sandboxStatus(stateDir: string): Promise<SandboxState | undefined> {
  const state = await readState(stateDir);
  if (!state) return undefined;
  if (!isAlive(state.pid)) {
    await rm(statePath(stateDir), { force: true });
    return undefined;
  }
  return state;
}

/** Asks the daemon to stop, then makes sure: SIGTERM, then SIGKILL of its process group. */
export async function sandboxDown(stateDir: string, timeoutMs = 20_000): Promise<{ wasRunning: boolean }> {
  const state = await readState(stateDir);
  if (!state) return { wasRunning: false };
  if (state.controlUrl) await fetch(`${state.controlUrl}/shutdown`, { method: 'POST', signal: AbortSignal.timeout(3000) }).catch(() => {});
  else if (isAlive(state.pid)) process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(state.pid)) killTree(state.pid);
  await rm(statePath(stateDir), { force: true });
  return { wasRunning: true };
}

/** The local platform's deploy: restart one app on a release with faults. */
export async function sandboxDeploy(stateDir: string, app: AppId, release: string, faults: string[] = []): Promise<SandboxAppState> {
  const state = await sandboxStatus(stateDir);
  if (!state?.controlUrl) throw new Error('the sandbox is not running: run `postflight sandbox up` first');
  const res = await fetch(`${state.controlUrl}/deploy`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app, release, faults }),
    signal: AbortSignal.timeout(60_000),
  });
  const data = (await res.json()) as SandboxAppState & { error?: string };
  if (!res.ok) throw new Error(`sandbox deploy of ${app} ${release} failed: ${data.error}`);
  return data;
}

/** Sends one request to the running daemon's control server, bounded in time. */
async function control<T>(stateDir: string, method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = 60_000): Promise<T> {
  const state = await sandboxStatus(stateDir);
  if (!state?.controlUrl) throw new Error('the sandbox is not running: run `postflight sandbox up` first');
  const res = await fetch(`${state.controlUrl}${path}`, {
    method,
    ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const data = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`sandbox ${path.slice(1)} failed: ${data.error}`);
  return data;
}

/** The local platform's database snapshot: a template copy of the app's database. */
export const sandboxSnapshot = (stateDir: string, app: AppId, name: string) =>
  control<{ snapshot: string; database: string }>(stateDir, 'POST', '/snapshot', { app, name });

/** Replaces the app's database with its snapshot `name` and restarts the app. */
export const sandboxRestore = (stateDir: string, app: AppId, name: string) => control<SandboxAppState>(stateDir, 'POST', '/restore', { app, name });

/** Flips a runtime fault of the running app in place (no restart); refused for any other fault. */
export async function sandboxFault(stateDir: string, app: AppId, fault: string, on: boolean): Promise<SandboxAppState> {
  const state = await sandboxStatus(stateDir);
  if (!state?.controlUrl || !state.controlToken) throw new Error('the sandbox is not running: run `postflight sandbox up` first');
  const res = await fetch(`${state.controlUrl}/fault`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${state.controlToken}` },
    body: JSON.stringify({ app, fault, on }),
    signal: AbortSignal.timeout(10_000),
  });
  const data = (await res.json()) as SandboxAppState & { error?: string };
  if (!res.ok) throw new Error(`sandbox fault switch failed: ${data.error}`);
  return data;
}

/** Every deploy of each app, oldest first: the local platform's "task definition revisions". */
export const sandboxHistory = (stateDir: string) => control<Record<AppId, ReleaseRecord[]>>(stateDir, 'GET', '/history');

function killTree(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
