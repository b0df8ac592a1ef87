import { readFile, writeFile, mkdir, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppId } from '../src/core/types.ts';
import { PROJECT_ROOT } from '../src/host/project-root.ts';
import type { AppAws } from '../src/config/environment.ts';
import type { FinancialRiseAccounts, FlowComplyAccounts } from './kit/types.ts';

/** What `postflight sandbox up` leaves in `.postflight/sandbox.json` for every other command. */
export interface SandboxAppState {
  apiUrl: string;
  webUrl: string;
  release: string;
  faults: string[];
  databaseUrl: string;
  logFile: string;
  /** The app's HTTPS face (sandbox/https-face.ts): its certificate is what `*.pre.tls` checks. */
  httpsUrl?: string;
  /** When this release was deployed: the gate's "since the deploy" for logs and alarms. */
  deployedAt: string;
  /** The previous release's schema (what was there before the deploy): sandbox/schema-files.ts. */
  previousSchemaFile?: string;
  /** The release's own schema file, when its code expects more than the profile says. */
  schemaFile?: string;
}

export interface SandboxState {
  version: 1;
  pid: number;
  status: 'starting' | 'ready' | 'failed' | 'stopping';
  error?: string;
  startedAt: string;
  controlUrl?: string;
  /** Bearer token of the control server's fault switch (this file is 0600; never printed). */
  controlToken?: string;
  database: { kind: 'embedded' | 'external' };
  mail?: { apiUrl: string; smtp: { host: string; port: number } };
  redis?: { url: string; managed: boolean };
  aws?: { endpoint: string; region: string; faults: string[]; names: Record<AppId, AppAws> };
  /** The sandbox's status page ("All Systems Operational" when both apps are healthy). */
  statusPageUrl?: string;
  /** The sandbox test CA's certificate (never its key): the gate trusts the HTTPS faces through it. */
  tlsCaFile?: string;
  /** A git repository holding a tag for every named release (the release-tag check). */
  releaseRepo?: string;
  apps?: Record<AppId, SandboxAppState>;
  accounts?: { 'financial-rise': FinancialRiseAccounts; flowcomply: FlowComplyAccounts };
  /** Rate limits: `load` lifts them for gate runs (see README); `contract` is production's. */
  rateLimits: 'load' | 'contract';
}

/** Where package.json is; it lives in src/host so the product never has to import sandbox/. */
export { PROJECT_ROOT };

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.POSTFLIGHT_STATE_DIR ? resolve(env.POSTFLIGHT_STATE_DIR) : join(PROJECT_ROOT, '.postflight');
}

export function statePath(stateDir: string): string {
  return join(stateDir, 'sandbox.json');
}

export async function readState(stateDir: string): Promise<SandboxState | undefined> {
  const path = statePath(stateDir);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(await readFile(path, 'utf8')) as SandboxState;
  } catch {
    return undefined;
  }
}

/** Written atomically (tmp + rename) with mode 0600: it holds the sandbox's generated passwords. */
export async function writeState(stateDir: string, state: SandboxState): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const path = statePath(stateDir);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
  await rename(tmp, path);
}

/** True when the process that wrote the state is still alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
