import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAULTS, type Fault } from '../../sandbox/faults.ts';
import { sandboxDeploy, sandboxDown, sandboxUp } from '../../sandbox/control.ts';
import { readState } from '../../sandbox/state.ts';
import { localEnvironment, localSecretEnv } from '../../src/platforms/local/environment.ts';
import { main } from '../../src/cli.ts';
import type { AppId, Decision, Status } from '../../src/core/types.ts';
import { checkDef } from '../../config/checks.ts';
import { judge, phasesFor, type DetectionRow } from './detection.ts';

/** Flags that keep the matrix quick; the verdict logic is the same as a full run. */
const QUICK = ['--lighthouse-runs', '1', '--load-duration', '5', '--load-engine', 'embedded'];
/** A healthy control row after every this many faults: a fault leaking into later rows shows there. */
export const CONTROL_EVERY = 10;

interface VerifyOutcome {
  decision: Decision | 'ERROR';
  statuses: Record<string, Status>;
  /** The names of every failed assertion, by check id. */
  failed: Record<string, string[]>;
  /** Each check's message, by id: a wrong row shows what was measured. */
  messages: Record<string, string>;
}

async function verify(app: AppId, phases: string, env: NodeJS.ProcessEnv, outRoot: string, extra: string[] = [], envArg = 'local'): Promise<VerifyOutcome> {
  let out = '';
  const io = { out: (t: string) => void (out += `${t}\n`), err: () => {}, env, cwd: process.cwd() };
  const code = await main(['verify', '--app', app, '--env', envArg, '--only', phases, '--out', outRoot, '--json', ...QUICK, ...extra], io);
  if (code === 3) return { decision: 'ERROR', statuses: {}, failed: {}, messages: {} };
  const [run] = JSON.parse(out) as Array<{ decision: Decision; runDir: string }>;
  const verdict = JSON.parse(readFileSync(join(run.runDir, 'verdict.json'), 'utf8')) as {
    checks: Array<{ id: string; status: Status; message: string; assertions?: Array<{ name: string; passed: boolean }> }>;
  };
  return {
    decision: run.decision,
    statuses: Object.fromEntries(verdict.checks.map((c) => [c.id, c.status])),
    failed: Object.fromEntries(verdict.checks.map((c) => [c.id, (c.assertions ?? []).filter((a) => !a.passed).map((a) => a.name)])),
    messages: Object.fromEntries(verdict.checks.map((c) => [c.id, c.message])),
  };
}

/**
 * Rows run grouped by app, then by phase (stable within a group): a block of 10 then spans few
 * phases, so its control row runs few (Lighthouse only after perf rows), and consecutive rows of
 * one app need no restore in between.
 */
const PHASE_ORDER: readonly string[] = ['pre', 'smoke', 'db', 'load', 'perf', 'monitoring'];
const runOrder = (faults: readonly Fault[]) =>
  [...faults].sort((a, b) => a.app.localeCompare(b.app) || PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase));

/**
 * A row whose fault sets thresholds (Fault.envThresholds) runs on the sandbox's own environment
 * with those laid over its app, written as an environment file the way a user would write one;
 * the sandbox's secrets go in as the variables a real deployment's would.
 */
async function rowEnvironment(stateDir: string, fault: Fault, root: string, env: NodeJS.ProcessEnv): Promise<{ envArg: string; env: NodeJS.ProcessEnv }> {
  if (!fault.envThresholds) return { envArg: 'local', env };
  const state = await readState(stateDir);
  if (state?.status !== 'ready') throw new Error(`matrix: the sandbox in ${stateDir} is not ready`);
  const input = localEnvironment(state);
  const apps = input.apps as Record<AppId, Record<string, unknown>>;
  apps[fault.app] = { ...apps[fault.app], thresholds: fault.envThresholds };
  const file = join(root, 'environment.json');
  await writeFile(file, JSON.stringify(input, null, 2));
  return { envArg: file, env: { ...env, ...localSecretEnv(state) } };
}

const phasesOf = (faults: readonly Fault[]) => [...new Set(faults.flatMap((f) => phasesFor(f, (id) => checkDef(id).phase)))];
const secondsSince = (t: number) => (Date.now() - t) / 1000;

/**
 * Starts one sandbox (its own state dir), then for each fault: deploy the healthy release
 * with that fault, run `verify --only <phases>` for its app, judge. Healthy rows first: every
 * phase of every app must be GO before a NO-GO means anything; and a healthy control row after
 * every CONTROL_EVERY faults (the phases of that block, for its apps), so a fault that leaks
 * past its own row (a process left hung, a counter, a moto leftover) is caught there.
 */
export interface MatrixOptions {
  faults?: Fault[];
  healthyPhases?: string;
  log?: (line: string) => void;
  aws?: boolean;
  controlEvery?: number;
  /** Aborted: no further row starts, and the sandbox is stopped (a lane's SIGTERM, lanes.ts). */
  signal?: AbortSignal;
}

export async function runMatrix(opts: MatrixOptions = {}): Promise<DetectionRow[]> {
  const faults = runOrder(opts.faults ?? [...FAULTS]);
  const log = opts.log ?? (() => {});
  const wallStarted = Date.now();
  const stateDir = await mkdtemp(join(tmpdir(), 'postflight-matrix-'));
  const env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  await sandboxUp({ stateDir, env, aws: Boolean(opts.aws) });
  const rows: DetectionRow[] = [];
  // The local environment is its own staging: the pre checks read the last staging verdicts.
  // One healthy smoke run per app is that history; every row starts from a copy of it, so
  // one fault's NO-GO can never leak into the next row's "staging was GO" check.
  const historyRoot = join(stateDir, 'history');
  let rowCount = 0;
  const freshRoot = async () => {
    const root = join(stateDir, `row-${++rowCount}`);
    await cp(historyRoot, root, { recursive: true, filter: (src) => !/\/(playwright|allure-results|lighthouse)(\/|$)/.test(src) });
    return root;
  };
  // An app keeps its fault until a row of the other app or a control row needs it healthy:
  // the next row's deploy replaces the fault anyway, so restoring after every row was one
  // app restart per row for nothing.
  const faulty = new Set<AppId>();
  const restore = async (apps: Iterable<AppId>) => {
    for (const app of [...apps]) if (faulty.delete(app)) await sandboxDeploy(stateDir, app, '1.0.0', []);
  };
  const healthy = async (label: string, app: AppId, phases: string, root: string) => {
    const started = Date.now();
    const outcome = await verify(app, phases, env, root);
    const failing = Object.entries(outcome.statuses)
      .filter(([, s]) => s !== 'pass' && s !== 'skipped' && s !== 'waived')
      .map(([id, s]) => `${id}(${s})`);
    rows.push({
      fault: `${label}:${app}`,
      phase: phases,
      expected: [],
      decision: outcome.decision,
      failing,
      unexpected: failing,
      detected: outcome.decision === 'GO',
      seconds: secondsSince(started),
    });
    log(`${label} ${app} (${phases}): ${outcome.decision}${failing.length ? ` (${failing.join(', ')})` : ''} ${secondsSince(started).toFixed(0)}s`);
  };
  // The apps the faults concern (both when there is none): a lane of one app's rows needs no
  // history and no healthy row of the other.
  const both: AppId[] = ['financial-rise', 'flowcomply'];
  const apps = faults.length ? both.filter((app) => faults.some((f) => f.app === app)) : both;
  try {
    for (const app of apps) await verify(app, 'smoke', env, historyRoot);
    const healthyPhases = opts.healthyPhases ?? phasesOf(faults).join(',');
    for (const app of apps) await healthy('healthy', app, healthyPhases, await freshRoot());
    let block: Fault[] = [];
    for (const fault of faults) {
      opts.signal?.throwIfAborted();
      const started = Date.now();
      await restore(faulty.has(fault.app) ? [] : faulty);
      await sandboxDeploy(stateDir, fault.app, '1.0.0', [fault.id]);
      faulty.add(fault.app);
      const deployed = secondsSince(started);
      const phases = phasesFor(fault, (id) => checkDef(id).phase).join(',');
      // A row's own load duration wins over QUICK's (the later flag counts).
      const extra = fault.loadDurationS ? ['--load-duration', String(fault.loadDurationS)] : [];
      const root = await freshRoot();
      const rowEnv = await rowEnvironment(stateDir, fault, root, env);
      const outcome = await verify(fault.app, phases, rowEnv.env, root, extra, rowEnv.envArg);
      const failedOfTrips = fault.trips.flatMap((id) => outcome.failed[id] ?? []);
      const judged = judge(fault, outcome.decision, outcome.statuses, secondsSince(started), failedOfTrips);
      // A wrong row says what was measured: the messages of its own checks and of the unexpected ones.
      const shownIds = [...fault.trips, ...judged.unexpected.map((u) => u.replace(/\(.*$/, ''))];
      const why = judged.detected ? [] : [...new Set(shownIds)].filter((id) => outcome.messages[id]).map((id) => `${id}: ${outcome.messages[id]}`);
      const row = { ...judged, phase: phases, ...(why.length ? { why } : {}) };
      rows.push(row);
      const wanted = fault.expect === 'go' ? 'held' : 'detected';
      log(
        `${fault.id}${fault.expect === 'go' ? ' (under)' : ''}: ${row.decision} ${row.detected ? wanted : fault.expect === 'go' ? 'FALSE ALARM' : 'NOT DETECTED'} ${row.failing.join(',')}${row.unexpected.length ? ` unexpected ${row.unexpected.join(',')}` : ''} ${row.seconds.toFixed(0)}s (deploy ${deployed.toFixed(0)}s)`,
      );
      for (const w of row.why ?? []) log(`  ${w}`);
      block.push(fault);
      if (block.length === (opts.controlEvery ?? CONTROL_EVERY)) {
        await restore(faulty);
        for (const app of [...new Set(block.map((f) => f.app))])
          await healthy('control', app, phasesOf(block.filter((f) => f.app === app)).join(','), await freshRoot());
        block = [];
      }
    }
    await restore(faulty);
  } finally {
    await sandboxDown(stateDir);
  }
  // Every row right: the state dir (row folders, sandbox data, its test CA key) goes. A wrong
  // row keeps it, named, for its verdict.json and evidence.
  if (rows.every((r) => r.detected)) await rm(stateDir, { recursive: true, force: true });
  else log(`matrix: row folders kept in ${stateDir} (a row was wrong)`);
  const minutes = secondsSince(wallStarted) / 60;
  log(`matrix: ${rows.length} rows in ${minutes.toFixed(1)} min (${(rows.length / minutes).toFixed(1)} rows/min)`);
  return rows;
}
