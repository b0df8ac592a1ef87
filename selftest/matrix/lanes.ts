/**
 * The detection matrix in lanes, side by side. Each lane is its own node process running
 * runMatrix (run-matrix.ts) on its own sandbox: its own state dir, Postgres, Redis, moto and
 * apps, so no lane can see another's faults (moto's reset wipes the whole AWS world, which is
 * why lanes never share one). A row is still one full `verify` through the CLI's main(),
 * judged by judge(); the lane only decides which sandbox it runs on. Each lane keeps its own
 * healthy rows first and a control row after every 10 faults.
 *
 * Why lanes: one lane uses less than one core (a row costs ~8-9 CPU seconds for ~11 s of wall
 * time on an idle 2-core machine; the rest is waiting on timeouts the faults provoke, the
 * browser, the apps' delays), so a second lane uses the other core. Measured on a busy machine,
 * 13 faults: one lane 331 s wall, two lanes 245 s.
 * Why this split: all Lighthouse (perf) and load rows sit in the last lane, so no two of them
 * ever run at the same time; the smoke rows, the longest, are dealt over the other two. Row
 * times measured in a whole `npm test` (a file beside the matrix, 2 cores): FR smoke ~27 s,
 * FC smoke ~20 s, perf ~19 s, load ~8 s (the hang rows' 14 s load ~20 s), monitoring 2.5-4 s,
 * db ~3 s, a healthy or control row 20-35 s. Two lanes (FR smoke alone, then the rest) took
 * 14.0 min for 101 rows; the matrix used 550 CPU seconds in 844 s of wall time (0.65 core), so a
 * third lane has room. Estimates: smoke-a (half the smoke rows + FR monitoring) ~12 min,
 * smoke-b (the other half + db) ~11 min, perf-load (+ FC monitoring) ~8 min.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fault } from '../../sandbox/faults.ts';
import type { DetectionRow } from './detection.ts';
import type { MatrixOptions } from './run-matrix.ts';

export interface Lane {
  name: string;
  /** `nth`: the fault's position among the faults of its app and phase (0, 1, 2...), to deal a long group over lanes. */
  takes: (fault: Fault, nth: number) => boolean;
}

const smokeOf = (app: Fault['app'], f: Fault) => f.app === app && f.phase === 'smoke';

/** A fault runs in the first lane that takes it. */
export const LANES: readonly Lane[] = [
  {
    name: 'smoke-a',
    takes: (f, nth) => (smokeOf('financial-rise', f) || smokeOf('flowcomply', f) ? nth % 2 === 0 : f.app === 'financial-rise' && f.phase === 'monitoring'),
  },
  { name: 'smoke-b', takes: (f, nth) => (smokeOf('financial-rise', f) || smokeOf('flowcomply', f) ? nth % 2 === 1 : f.phase === 'db') },
  { name: 'perf-load', takes: () => true },
];

/** Pure: the faults of each lane, in the lanes' order; lanes without a fault are left out. */
export function splitIntoLanes(faults: readonly Fault[], lanes: readonly Lane[] = LANES): Array<{ lane: string; faults: Fault[] }> {
  const split = lanes.map((lane) => ({ lane: lane.name, faults: [] as Fault[] }));
  const seen = new Map<string, number>();
  for (const fault of faults) {
    const group = `${fault.app}/${fault.phase}`;
    const nth = seen.get(group) ?? 0;
    seen.set(group, nth + 1);
    const at = lanes.findIndex((lane) => lane.takes(fault, nth));
    split[at === -1 ? split.length - 1 : at].faults.push(fault);
  }
  return split.filter((s) => s.faults.length > 0);
}

/** What a lane's process gets (lane-child.ts): fault ids, looked up again there. */
export interface LaneRequest {
  ids: string[];
  aws: boolean;
  controlEvery?: number;
  healthyPhases?: string;
  rowsFile: string;
}

const LANE_TIMEOUT_MS = 27 * 60_000;

/**
 * runMatrix over the lanes side by side (one lane: in this process, as before). The rows come
 * back lane by lane, each lane in its own run order; log lines carry the lane's name.
 */
export async function runMatrixInLanes(opts: MatrixOptions & { lanes?: readonly Lane[] } = {}): Promise<DetectionRow[]> {
  const { runMatrix } = await import('./run-matrix.ts');
  const { FAULTS } = await import('../../sandbox/faults.ts');
  const split = splitIntoLanes(opts.faults ?? [...FAULTS], opts.lanes ?? LANES);
  if (split.length <= 1) return runMatrix(opts);
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'postflight-lanes-'));
  try {
    const lanes = await Promise.all(
      split.map(({ lane, faults }) =>
        runLane(
          lane,
          {
            ids: faults.map((f) => f.id),
            aws: Boolean(opts.aws),
            ...(opts.controlEvery ? { controlEvery: opts.controlEvery } : {}),
            ...(opts.healthyPhases ? { healthyPhases: opts.healthyPhases } : {}),
            rowsFile: join(dir, `${lane}.json`),
          },
          log,
        ),
      ),
    );
    const rows = lanes.flat();
    log(`matrix: ${rows.length} rows in ${split.length} lanes in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One lane's process; its log lines (stderr) are passed on with the lane's name. */
function runLane(name: string, request: LaneRequest, log: (line: string) => void): Promise<DetectionRow[]> {
  const env = { ...process.env };
  // The lane is a plain script, not a test file of the runner that started this one.
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, '../../bin/tsrun.mjs'), join(import.meta.dirname, 'lane-child.ts'), JSON.stringify(request)],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: LANE_TIMEOUT_MS,
      killSignal: 'SIGTERM',
    },
  );
  // The lane stops its sandbox on SIGTERM; a test runner that gives up must not leave it running.
  const stop = () => child.kill('SIGTERM');
  process.once('exit', stop);
  let pending = '';
  const forward = (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) log(`[${name}] ${line}`);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', async (code, signal) => {
      process.off('exit', stop);
      if (pending.trim()) log(`[${name}] ${pending}`);
      if (code !== 0) return reject(new Error(`matrix lane ${name} ended with ${signal ?? `exit code ${code}`}`));
      try {
        resolve(JSON.parse(await readFile(request.rowsFile, 'utf8')) as DetectionRow[]);
      } catch (err) {
        reject(err);
      }
    });
  });
}
