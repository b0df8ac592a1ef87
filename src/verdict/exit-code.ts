import { EXIT, type Decision, type ExitCode } from '../core/types.ts';

/**
 * Decision -> process exit code, and the combination of several apps' decisions into one.
 * The CLI returns the code; nothing here calls process.exit.
 */

const CODE: Record<Decision, ExitCode> = { GO: EXIT.GO, 'NO-GO': EXIT.NO_GO, INCONCLUSIVE: EXIT.INCONCLUSIVE };

/** NO-GO > INCONCLUSIVE > GO: a known failure outranks "could not tell". */
const RANK: Record<Decision, number> = { GO: 0, INCONCLUSIVE: 1, 'NO-GO': 2 };

export function exitCodeOf(decision: Decision): ExitCode {
  return CODE[decision];
}

/** The worst decision wins. No decision at all is INCONCLUSIVE: nothing said GO. */
export function combineDecisions(decisions: Iterable<Decision>): Decision {
  let result: Decision | undefined;
  for (const d of decisions) if (result === undefined || RANK[d] > RANK[result]) result = d;
  return result ?? 'INCONCLUSIVE';
}

/** Exit code of a run that gated several apps. */
export function combinedExitCode(verdicts: Iterable<{ decision: Decision }>): ExitCode {
  return exitCodeOf(combineDecisions([...verdicts].map((v) => v.decision)));
}
