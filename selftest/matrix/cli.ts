/**
 * `npm run matrix [-- --phase smoke] [-- --fault fr:x]`: prints the detection table (fault,
 * expected check, verdict, detected yes/no). Exit 1 when any fault goes undetected or a
 * healthy sandbox is not GO.
 */
import { FAULTS } from '../../sandbox/faults.ts';
import { formatTable } from './detection.ts';
import { runMatrix } from './run-matrix.ts';

const args = process.argv.slice(2);
const pick = (flag: string) => args.flatMap((a, i) => (a === flag && args[i + 1] ? args[i + 1].split(',') : []));
const phases = pick('--phase');
const ids = pick('--fault');
const faults = FAULTS.filter((f) => (!phases.length || phases.includes(f.phase)) && (!ids.length || ids.includes(f.id)));
const rows = await runMatrix({ faults, log: (l) => console.error(l), aws: faults.some((f) => f.phase === 'monitoring') });
console.log(formatTable(rows));
process.exitCode = rows.every((r) => r.detected) ? 0 : 1;
