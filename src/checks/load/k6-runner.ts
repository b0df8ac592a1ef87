import { constants } from 'node:fs';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppId } from '../../core/types.ts';
import { runInGroup } from '../../host/child-group.ts';

/**
 * Finds and runs the k6 binary on one of the TypeScript scripts in `load/`. It returns what
 * happened (exit code, summary text, log tail) and never judges it: exit 99 ("thresholds
 * crossed") is data for the check, any other non-zero exit is for the check to call an error.
 */

/** `load/` at the repository root, next to `src/`. */
export const LOAD_DIR = fileURLToPath(new URL('../../../load/', import.meta.url));

export function scriptFor(app: AppId): string {
  return path.join(LOAD_DIR, `${app}.ts`);
}

const isExecutable = (file: string) =>
  access(file, constants.X_OK).then(
    () => true,
    () => false,
  );

/** K6_BIN first (must be executable), then every PATH entry. */
export async function findK6(env: NodeJS.ProcessEnv = process.env): Promise<{ path?: string; looked: string }> {
  if (env.K6_BIN) {
    return (await isExecutable(env.K6_BIN))
      ? { path: env.K6_BIN, looked: `K6_BIN=${env.K6_BIN}` }
      : { looked: `K6_BIN=${env.K6_BIN} (not an executable file)` };
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'k6');
    if (await isExecutable(candidate)) return { path: candidate, looked: 'PATH' };
  }
  return { looked: 'K6_BIN (unset) and PATH' };
}

export interface K6Invocation {
  bin: string;
  script: string;
  /** Passed as `-e NAME=value`: visible in the process list, so never secrets. */
  vars: Record<string, string>;
  /** The child's environment (secrets go here: k6 puts system variables in __ENV). */
  env: NodeJS.ProcessEnv;
  /** Folder for the summaries and the log; created if missing. */
  outDir: string;
  /** Kill k6 after this long (the scenario's duration plus setup and graceful stop). */
  timeoutMs: number;
  /** Kill k6 when this fires (the run's overall deadline). */
  signal?: AbortSignal;
  /** `--address host:port` for k6's REST API (the live figures); without it k6 >= 2.0 serves none. */
  address?: string;
}

export interface K6Outcome {
  exitCode: number | null;
  timedOut: boolean;
  /** Killed because the run's deadline passed. */
  aborted?: boolean;
  /** Written by `--summary-export` (legacy or machine-readable format). */
  exportPath: string;
  /** Written by the script's handleSummary() (SUMMARY_PATH). */
  handleSummaryPath: string;
  /** Contents of whichever summary exists, handleSummary's first (it keeps thresholds' `ok`). */
  summaryText?: string;
  summarySource?: string;
  logPath: string;
  /** Last lines of k6's output, for error messages. */
  tail: string;
}

export async function runK6(inv: K6Invocation): Promise<K6Outcome> {
  await mkdir(inv.outDir, { recursive: true });
  const exportPath = path.join(inv.outDir, 'k6-summary-export.json');
  const handleSummaryPath = path.join(inv.outDir, 'k6-summary.json');
  const logPath = path.join(inv.outDir, 'k6.log');
  const vars = { ...inv.vars, SUMMARY_PATH: handleSummaryPath };
  const args = [
    'run',
    '--quiet',
    '--no-color',
    '--summary-export',
    exportPath,
    ...(inv.address ? ['--address', inv.address] : []),
    ...Object.entries(vars).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    inv.script,
  ];

  const output: string[] = [];
  // Its own process group: on timeout or deadline k6 and anything it started are killed.
  const { exitCode, timedOut, aborted } = await runInGroup({
    command: inv.bin,
    args,
    env: inv.env,
    timeoutMs: inv.timeoutMs,
    ...(inv.signal ? { signal: inv.signal } : {}),
    onStdout: (b) => output.push(b.toString()),
    onStderr: (b) => output.push(b.toString()),
    graceMs: 5000,
  }).catch((error: Error) => {
    throw new Error(`could not start k6 at ${inv.bin}: ${(error.cause as Error | undefined)?.message ?? error.message}`, { cause: error });
  });

  // k6 copies setup()'s return value (our bearer token) into both summaries as `setup_data`;
  // the legacy --summary-export keeps it even when handleSummary() drops it. Scrub it on disk
  // before anything reads or keeps these files.
  await Promise.all([handleSummaryPath, exportPath].map(scrubSetupData));
  const log = output.join('');
  await writeFile(logPath, `$ ${inv.bin} ${args.join(' ')}\n${log}`);
  const tail = log.trim().split('\n').slice(-8).join('\n');
  for (const candidate of [handleSummaryPath, exportPath]) {
    const text = await readFile(candidate, 'utf8').catch(() => undefined);
    if (text?.trim()) return { exitCode, timedOut, aborted, exportPath, handleSummaryPath, summaryText: text, summarySource: candidate, logPath, tail };
  }
  return { exitCode, timedOut, aborted, exportPath, handleSummaryPath, logPath, tail };
}

async function scrubSetupData(file: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (!text) return;
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    if (data && typeof data === 'object' && 'setup_data' in data) {
      delete data.setup_data;
      await writeFile(file, JSON.stringify(data, null, 2));
    }
  } catch {
    // Not JSON: the parser will say so; nothing to scrub.
  }
}
