import type { AppId } from '../../core/types.ts';
import { findMotoServer } from '../../../sandbox/aws/moto.ts';
import { sandboxDeploy, sandboxDown, sandboxHistory, sandboxRestore, sandboxSnapshot, sandboxStatus, sandboxUp, type UpOptions } from '../../../sandbox/control.ts';
import type { ReleaseRecord } from '../../../sandbox/sandbox.ts';
import { defaultStateDir, type SandboxAppState, type SandboxState } from '../../../sandbox/state.ts';

/**
 * The `local` platform: the sandbox's reference deployments of both apps on this machine.
 *
 * This folder is the ONLY place in src/ (and config/) that imports sandbox/ (the import-
 * direction self-test, selftest/import-directions.test.ts, fails otherwise); the CLI, the
 * config loader and, later, the orchestrator reach the sandbox through `LocalPlatform` and
 * the few catalogue exports below. It acts and reports state; it never decides.
 * The orchestrator will extend it (deploy a release, snapshot and restore the database), in
 * the shape of the `Platform` sketched in ARCHITECTURE.md.
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
  };
}

export type { ReleaseRecord, SandboxAppState, SandboxState };
/** The fault catalogue and named releases (`postflight faults`, `sandbox up --fault/--release`). */
export { FAULTS, RELEASES, findFault, normaliseFaultId, type Fault } from '../../../sandbox/faults.ts';
export { AWS_FAULT_IDS } from '../../../sandbox/aws/faults.ts';
/** The `local` environment and its secrets, read from the running sandbox's state. */
export { localEnvironment, localSecretEnv } from './environment.ts';
/** The sandbox as a deploy `Platform` for one app (what `postflight deploy --env local` acts on). */
export { createLocalPlatform, describeLocal, type LocalDeployPlatform } from './platform.ts';
export type { TableRows } from './rows-since.ts';
