import type { AppId } from '../../core/types.ts';
import { findMotoServer } from '../../../sandbox/aws/moto.ts';
import {
  sandboxDeploy,
  sandboxDown,
  sandboxFault,
  sandboxHistory,
  sandboxRestore,
  sandboxSnapshot,
  sandboxStatus,
  sandboxUp,
  type UpOptions,
} from '../../../sandbox/control.ts';
import type { ReleaseRecord } from '../../../sandbox/sandbox.ts';
import { defaultStateDir, type SandboxAppState, type SandboxState } from '../../../sandbox/state.ts';

/**
 * The sandbox as this machine runs it (start, stop, deploy a release, snapshot, restore), seen
 * from an environment. index.ts re-exports it; platform.ts builds the deploy `Platform` on it.
 */
export interface LocalPlatform {
  /** Where the sandbox keeps its state file: `.postflight/`, or POSTFLIGHT_STATE_DIR. */
  readonly stateDir: string;
  /** The running sandbox's state, or undefined when none runs (a stale file is removed). */
  status(): Promise<SandboxState | undefined>;
  /** Starts the sandbox and returns once every app answers, or throws with the daemon's error. */
  up(opts?: LocalUpOptions): Promise<SandboxState>;
  /** Stops everything the sandbox started. */
  down(): Promise<{ wasRunning: boolean }>;
  /** Restarts one app on a named release with extra faults (the local platform's deploy). */
  deploy(app: AppId, release: string, faults?: string[]): Promise<SandboxAppState>;
  /** The moto_server binary (AWS emulator) when installed, else undefined. */
  findMoto(): Promise<string | undefined>;
  /** Snapshot of the app's database (`CREATE DATABASE ... TEMPLATE`): the local RDS snapshot. */
  snapshot(app: AppId, name: string): Promise<{ snapshot: string; database: string }>;
  /** Replaces the app's database with the snapshot and restarts the app (procedure B / option 2). */
  restore(app: AppId, name: string): Promise<SandboxAppState>;
  /** Every deploy of each app, oldest first: the local "task definition revisions". */
  history(): Promise<Record<AppId, ReleaseRecord[]>>;
  /** Flips a runtime fault of the running app in place (no restart, not a deploy). */
  switchFault(app: AppId, fault: string, on: boolean): Promise<SandboxAppState>;
}

/** What `up` takes: releases, faults, --aws, database/redis URLs, rate limits, timeout. */
export type LocalUpOptions = Omit<UpOptions, 'stateDir' | 'env'>;

/** The local platform as seen from an environment (POSTFLIGHT_STATE_DIR, PATH, ...). */
export function localPlatform(env: NodeJS.ProcessEnv = process.env): LocalPlatform {
  const stateDir = defaultStateDir(env);
  return {
    stateDir,
    status: () => sandboxStatus(stateDir),
    up: (opts = {}) => sandboxUp({ ...opts, stateDir, env }),
    down: () => sandboxDown(stateDir),
    deploy: (app, release, faults = []) => sandboxDeploy(stateDir, app, release, faults),
    findMoto: () => findMotoServer(env),
    snapshot: (app, name) => sandboxSnapshot(stateDir, app, name),
    restore: (app, name) => sandboxRestore(stateDir, app, name),
    history: () => sandboxHistory(stateDir),
    switchFault: (app, fault, on) => sandboxFault(stateDir, app, fault, on),
  };
}

export type { ReleaseRecord, SandboxAppState, SandboxState };
