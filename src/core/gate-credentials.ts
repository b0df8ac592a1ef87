import { GateHarnessError } from './harness-error.ts';

/**
 * The gate logs in with accounts of its own (the smoke and admin accounts). When the target
 * refuses one of those logins with 401/403/423 the release is not yet shown to be broken: the
 * account may be locked, deactivated or its password rotated. So the refusal is checked against
 * a second account first (the throwaway, or the account this run registered): if that one logs
 * in, the gate's credentials are wrong (the gate's problem, with the fix, never a NO-GO); if a
 * second, valid account is refused too, the release refuses valid logins (its failure). Without
 * a second account the gate cannot tell, and says so. A 5xx on a login stays evidence about the app.
 */
export const GATE_CREDENTIAL_STATUSES: readonly number[] = [401, 403, 423];

export class GateCredentialError extends GateHarnessError {
  constructor(
    label: string,
    status: number,
    readonly fix: string,
    corroboration = '',
  ) {
    super(
      `the target refused the gate's own ${label} login (HTTP ${status})${corroboration}: a problem with the gate's credentials, not evidence about the release. Fix: ${fix}`,
    );
  }
}

/** A second, valid account refused too: the release's failure (a measured fail, cause target). */
export class ReleaseRefusesLoginError extends Error {
  constructor(label: string, status: number, second: SecondLogin) {
    super(
      `the target refused the ${label} login (HTTP ${status}) and also refused ${second.who} with its valid password (HTTP ${second.status}): the release refuses valid logins`,
    );
    this.name = 'ReleaseRefusesLoginError';
  }
}

/** What the second account's login answered (`status` 200 when it logged in), and whose it is. */
export interface SecondLogin {
  who: string;
  status: number;
  /** True when the account logged in (a token came back), whatever the status. */
  loggedIn: boolean;
}

export type RefusalBlame = 'not-refused' | 'gate' | 'target' | 'gate-uncorroborated';

/** Pure: whose fault a login answer of the gate's own account is, given the second account's. */
export function refusalBlame(status: number, second: SecondLogin | undefined): RefusalBlame {
  if (!GATE_CREDENTIAL_STATUSES.includes(status)) return 'not-refused';
  if (!second) return 'gate-uncorroborated';
  if (second.loggedIn) return 'gate';
  // The second account refused as well (or the login broke for it): valid passwords do not work.
  return 'target';
}

/** What to do, in this project's terms: which variables to unlock or rotate. */
export function gateCredentialFix(account: string, emailEnv: string, passwordEnv: string): string {
  return `the ${account} account is locked, deactivated or its password is wrong: unlock or rotate ${emailEnv}/${passwordEnv}`;
}

/**
 * Throws when `status` refuses the gate's own account: GateCredentialError (the gate's) unless
 * the second account was refused too (ReleaseRefusesLoginError). `second` is asked only after a
 * refusal, so a healthy run spends no extra login (the contracts allow ~5 per minute).
 */
export async function refuseLogin(
  status: number,
  label: string,
  account: string,
  emailEnv: string,
  passwordEnv: string,
  second?: () => Promise<SecondLogin | undefined>,
): Promise<void> {
  if (!GATE_CREDENTIAL_STATUSES.includes(status)) return;
  const other = second ? await second() : undefined;
  const blame = refusalBlame(status, other);
  if (blame === 'target') throw new ReleaseRefusesLoginError(label, status, other!);
  const corroboration = blame === 'gate' ? ` while ${other!.who} logged in` : ' (no second account to check it against in this run)';
  throw new GateCredentialError(label, status, gateCredentialFix(account, emailEnv, passwordEnv), corroboration);
}

/** Throws GateCredentialError when `status` is a refusal of the gate's own account (no corroboration). */
export function refuseGateCredentials(status: number, label: string, account: string, emailEnv: string, passwordEnv: string): void {
  if (GATE_CREDENTIAL_STATUSES.includes(status)) throw new GateCredentialError(label, status, gateCredentialFix(account, emailEnv, passwordEnv));
}
