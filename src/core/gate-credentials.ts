import { GateHarnessError } from './harness-error.ts';

/**
 * The gate logs in with accounts of its own (the smoke and admin accounts). When the target
 * refuses one of those logins with 401/403/423 the release is not shown to be broken: the
 * account is locked, deactivated or its password was rotated. That is the gate's problem,
 * reported with the fix, never a NO-GO (a 5xx on the same login stays evidence about the app).
 */
export const GATE_CREDENTIAL_STATUSES: readonly number[] = [401, 403, 423];

export class GateCredentialError extends GateHarnessError {
  constructor(label: string, status: number, readonly fix: string) {
    super(`the target refused the gate's own ${label} login (HTTP ${status}): a problem with the gate's credentials, not evidence about the release. Fix: ${fix}`);
  }
}

/** What to do, in this project's terms: which variables to unlock or rotate. */
export function gateCredentialFix(account: string, emailEnv: string, passwordEnv: string): string {
  return `the ${account} account is locked, deactivated or its password is wrong: unlock or rotate ${emailEnv}/${passwordEnv}`;
}

/** Throws GateCredentialError when `status` is a refusal of the gate's own account. */
export function refuseGateCredentials(status: number, label: string, account: string, emailEnv: string, passwordEnv: string): void {
  if (GATE_CREDENTIAL_STATUSES.includes(status)) throw new GateCredentialError(label, status, gateCredentialFix(account, emailEnv, passwordEnv));
}
