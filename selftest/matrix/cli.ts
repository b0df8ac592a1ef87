/**
 * `npm run matrix [-- --phase smoke] [-- --fault fr:x] [-- --edges-only]`: prints the detection
 * table (fault, expected check, verdict, detected yes/no). `--edges-only` runs only the
 * threshold-edge rows (threshold-edges.ts); `--fault` also picks edge rows by their valued id
 * (`fr:report-slow=5500`), or with `--edges-only` all of a fault's edges by its plain id. Exit 1 when any fault goes
 * undetected, an under-the-threshold row is not GO, or a healthy row is not GO.
 * `--control-every N` puts the healthy control row after every N faults (default 10).
 * `--one-lane` runs every row on one sandbox in this process (lanes.ts: by default two side by side).
 */
import { FAULTS } from '../../sandbox/faults.ts';
import { plainFaultId } from '../../sandbox/fault-values.ts';
import { formatTable } from './detection.ts';
import { runMatrixInLanes } from './lanes.ts';
import { edgeFaults, matrixFaults } from './threshold-edges.ts';

const args = process.argv.slice(2);
const pick = (flag: string) => args.flatMap((a, i) => (a === flag && args[i + 1] ? args[i + 1].split(',') : []));
const phases = pick('--phase');
const ids = pick('--fault');
const edgesOnly = args.includes('--edges-only');
// A named fault runs even where the whole matrix replaces its default row with its edge rows.
const all = edgesOnly ? edgeFaults() : ids.length ? [...FAULTS, ...edgeFaults()] : matrixFaults(FAULTS);
const chosen = (id: string) => !ids.length || ids.includes(id) || (edgesOnly && ids.includes(plainFaultId(id)));
const faults = all.filter((f) => (!phases.length || phases.includes(f.phase)) && chosen(f.id));
const controlEvery = Number(pick('--control-every')[0] ?? 0) || undefined;
const rows = await runMatrixInLanes({
  faults,
  log: (l) => console.error(l),
  // The pre phase's other checks (infra, secrets, SES) read the AWS world: without it they are errors, never GO.
  aws: faults.some((f) => f.phase === 'monitoring' || f.phase === 'pre'),
  ...(controlEvery ? { controlEvery } : {}),
  ...(args.includes('--one-lane') ? { lanes: [{ name: 'one', takes: () => true }] } : {}),
});
console.log(formatTable(rows));
process.exitCode = rows.every((r) => r.detected) ? 0 : 1;
