/**
 * The `local` platform: the sandbox's reference deployments of both apps on this machine.
 *
 * This folder is the ONLY place in src/ (and config/) that imports sandbox/ (the import-
 * direction self-test, selftest/import-directions.test.ts, fails otherwise); the CLI, the
 * config loader and the orchestrator reach the sandbox through `LocalPlatform` and the few
 * catalogue exports below. It acts and reports state; it never decides. This file only
 * re-exports (sandbox-control.ts, platform.ts, environment.ts), so no file here imports it back.
 */
export { localPlatform, type LocalPlatform, type LocalUpOptions } from './sandbox-control.ts';
export type { ReleaseRecord, SandboxAppState, SandboxState } from './sandbox-control.ts';
/** The fault catalogue and named releases (`postflight faults`, `sandbox up --fault/--release`). */
export { FAULTS, RELEASES, RUNTIME_FAULT_IDS, findFault, normaliseFaultId, type Fault } from '../../../sandbox/faults.ts';
export { AWS_FAULT_IDS } from '../../../sandbox/aws/faults.ts';
/** The `local` environment and its secrets, read from the running sandbox's state. */
export { localEnvironment, localSecretEnv, readLocalEnvironment } from './environment.ts';
/** The sandbox as a deploy `Platform` for one app (what `postflight deploy --env local` acts on). */
export { createLocalPlatform, describeLocal, type LocalDeployPlatform } from './platform.ts';
export type { TableRows } from './rows-since.ts';
