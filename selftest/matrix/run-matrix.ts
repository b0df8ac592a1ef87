import { readFileSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAULTS, type Fault } from '../../sandbox/faults.ts';
import { sandboxDeploy, sandboxDown, sandboxUp } from '../../sandbox/control.ts';
import { main } from '../../src/cli.ts';
import type { AppId, Decision, Status } from '../../src/core/types.ts';
import { checkDef } from '../../config/checks.ts';
import { judge, phasesFor, type DetectionRow } from './detection.ts';

/** Flags that keep the matrix quick; the verdict logic is the same as a full run. */
const QUICK = ['--lighthouse-runs', '1', '--load-duration', '5', '--load-engine', 'embedded'];

interface VerifyOutcome {
  decision: Decision | 'ERROR';
  statuses: Record<string, Status>;
}

async function verify(app: AppId, phases: string, env: NodeJS.ProcessEnv, outRoot: string): Promise<VerifyOutcome> {
  let out = '';
  const io = { out: (t: string) => void (out += `${t}\n`), err: () => {}, env, cwd: process.cwd() };
  const code = await main(['verify', '--app', app, '--env', 'local', '--only', phases, '--out', outRoot, '--json', ...QUICK], io);
  if (code === 3) return { decision: 'ERROR', statuses: {} };
  const [run] = JSON.parse(out) as Array<{ decision: Decision; runDir: string }>;
  const verdict = JSON.parse(readFileSync(join(run.runDir, 'verdict.json'), 'utf8')) as { checks: Array<{ id: string; status: Status }> };
  return { decision: run.decision, statuses: Object.fromEntries(verdict.checks.map((c) => [c.id, c.status])) };
}

/**
 * Starts one sandbox (its own state dir), then for each fault: deploy the healthy release
 * with that fault, run `verify --only <phase>` for its app, judge. Healthy rows first: every
 * phase of every app must be GO before a NO-GO means anything.
 */
export async function runMatrix(opts: { faults?: Fault[]; healthyPhases?: string; log?: (line: string) => void; aws?: boolean } = {}): Promise<DetectionRow[]> {
  const faults = opts.faults ?? [...FAULTS];
  const log = opts.log ?? (() => {});
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
  try {
    for (const app of ['financial-rise', 'flowcomply'] as AppId[]) await verify(app, 'smoke', env, historyRoot);
    const healthyPhases = opts.healthyPhases ?? [...new Set(faults.flatMap((f) => phasesFor(f, (id) => checkDef(id).phase)))].join(',');
    for (const app of ['financial-rise', 'flowcomply'] as AppId[]) {
      const started = Date.now();
      const outcome = await verify(app, healthyPhases, env, await freshRoot());
      const failing = Object.entries(outcome.statuses).filter(([, s]) => s !== 'pass' && s !== 'skipped').map(([id, s]) => `${id}(${s})`);
      rows.push({ fault: `healthy:${app}`, phase: healthyPhases, expected: [], decision: outcome.decision, failing, unexpected: failing, detected: outcome.decision === 'GO', seconds: (Date.now() - started) / 1000 });
      log(`healthy ${app}: ${outcome.decision}${failing.length ? ` (${failing.join(', ')})` : ''}`);
    }
    for (const fault of faults) {
      const started = Date.now();
      await sandboxDeploy(stateDir, fault.app, '1.0.0', [fault.id]);
      const phases = phasesFor(fault, (id) => checkDef(id).phase).join(',');
      const outcome = await verify(fault.app, phases, env, await freshRoot());
      const row = { ...judge(fault, outcome.decision, outcome.statuses, (Date.now() - started) / 1000), phase: phases };
      rows.push(row);
      log(`${fault.id}: ${row.decision} ${row.detected ? 'detected' : 'NOT DETECTED'} ${row.failing.join(',')}${row.unexpected.length ? ` unexpected ${row.unexpected.join(',')}` : ''}`);
      await sandboxDeploy(stateDir, fault.app, '1.0.0', []);
    }
  } finally {
    await sandboxDown(stateDir);
  }
  return rows;
}
