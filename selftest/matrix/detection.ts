import type { Fault } from '../../sandbox/faults.ts';
import type { Decision, Status } from '../../src/core/types.ts';

/** The phases a fault's row runs: its own, and those of the checks it must trip. */
export function phasesFor(fault: Pick<Fault, 'phase' | 'trips' | 'mayAlsoTrip'>, phaseOf: (id: string) => string): string[] {
  return [...new Set([fault.phase, ...fault.trips.map(phaseOf)])];
}

/** One row of the detection table: did the gate say NO-GO, with exactly the right checks? */
export interface DetectionRow {
  fault: string;
  phase: string;
  expected: string[];
  decision: Decision | 'ERROR';
  failing: string[];
  /** Checks that failed although the fault does not list them: a gate that cries wolf. */
  unexpected: string[];
  detected: boolean;
  seconds: number;
  /** A wrong row: the messages of the checks concerned (what was measured). */
  why?: string[];
}

/** What each `expect` wants: the verdict, and the status its `trips` must have. */
const WANTED = {
  'no-go': ['NO-GO', 'fail'],
  inconclusive: ['INCONCLUSIVE', 'inconclusive'],
  // The fault removes the evidence (an unreadable log) or refuses the gate's input: the check says so.
  error: ['INCONCLUSIVE', 'error'],
  'gate-error': ['INCONCLUSIVE', 'error'],
  go: ['GO', 'pass'],
} as const;

/**
 * Pure: judges one verify run against what the fault says it must trip. `ERROR` (verify exit 3)
 * is never a detection. A `go` row (just under a threshold) allows nothing to trip: its
 * `mayAlsoTrip` is ignored, since a cascade of a fault that should not fire is a false alarm.
 */
export function judge(
  fault: Pick<Fault, 'id' | 'phase' | 'trips' | 'mayAlsoTrip' | 'expect' | 'failsOn'>,
  decision: Decision | 'ERROR',
  statuses: Record<string, Status>,
  seconds: number,
  /** The names of the failed assertions of the row's `trips` checks (read only with `failsOn`). */
  failedAssertions: readonly string[] = [],
): DetectionRow {
  const [wanted, tripped] = WANTED[fault.expect ?? 'no-go'];
  const base = { fault: fault.id, phase: fault.phase, expected: fault.trips, decision, seconds };
  if (decision === 'ERROR') return { ...base, failing: [], unexpected: [], detected: false };
  const shown: Status = tripped === 'pass' ? 'fail' : tripped;
  const failing = Object.entries(statuses)
    .filter(([, s]) => s === shown)
    .map(([id]) => id)
    .sort();
  const allowed = new Set(fault.expect === 'go' ? fault.trips : [...fault.trips, ...(fault.mayAlsoTrip ?? [])]);
  const unexpected = Object.entries(statuses)
    .filter(([id, s]) => s !== 'pass' && s !== 'skipped' && s !== 'waived' && !allowed.has(id))
    .map(([id, s]) => `${id}(${s})`);
  // A check with several budgets failing for another of them proves nothing about this one.
  if (fault.failsOn && fault.expect !== 'go') {
    const others = failedAssertions.filter((name) => !name.includes(fault.failsOn!));
    if (failedAssertions.length === 0) unexpected.push(`no failed assertion names ${fault.failsOn}`);
    unexpected.push(...others.map((name) => `assertion "${name}"`));
  }
  const detected = decision === wanted && fault.trips.every((id) => statuses[id] === tripped) && unexpected.length === 0;
  return { ...base, failing, unexpected, detected };
}

export function formatTable(rows: DetectionRow[]): string {
  const head = `${'fault'.padEnd(32)} ${'phase'.padEnd(10)} ${'expected check'.padEnd(30)} ${'verdict'.padEnd(12)} detected  (failing / unexpected)`;
  const lines = rows.map(
    (r) =>
      `${r.fault.padEnd(32)} ${r.phase.padEnd(10)} ${r.expected.join(',').padEnd(30)} ${r.decision.padEnd(12)} ${(r.detected ? 'yes' : 'NO').padEnd(9)} ${r.failing.join(',')}${r.unexpected.length ? ` / unexpected: ${r.unexpected.join(',')}` : ''}  ${r.seconds.toFixed(0)}s`,
  );
  const faults = rows.filter((r) => !/^(healthy|control):/.test(r.fault));
  const hit = faults.filter((r) => r.detected).length;
  return [head, ...lines, '', `detected ${hit}/${faults.length} faults (${faults.length ? Math.round((hit / faults.length) * 100) : 0} %)`].join('\n');
}
