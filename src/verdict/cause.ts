import type { Cause, CheckResult, GateProblem } from '../core/types.ts';

/**
 * Whose fault a non-pass is, for the verdict. A result that does not say (older producers,
 * old run folders) gets the same default as `checkResult()`: could not measure (`error`) is the
 * gate's, a measured fail or inconclusive is about the release.
 */
export function causeOf(r: Pick<CheckResult, 'status' | 'cause'>): Cause {
  return r.cause ?? (r.status === 'error' ? 'gate' : 'target');
}

/** Any non-pass the gate caused, whatever its status: the gate's health, not the release's. */
export function isGateProblem(r: Pick<CheckResult, 'status' | 'cause'>): boolean {
  return r.status !== 'pass' && causeOf(r) === 'gate';
}

/** The "gate health" block of the verdict and the reports, in the order the results came. */
export function gateHealth(results: readonly CheckResult[]): GateProblem[] {
  return results.filter(isGateProblem).map((r) => ({ id: r.id, status: r.status, message: r.message, ...(r.fix ? { fix: r.fix } : {}) }));
}
