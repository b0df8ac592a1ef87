/**
 * "Could not measure" raised by the gate's own code where the smoke suites run: a secret or the
 * suite context is missing, no inbox is configured, the target refused the gate's own account
 * or rate-limited it. Such a check is an `error` (the gate's), never a `fail` of the release.
 *
 * The reporter reads this from the error's class, not from its wording. A test's error reaches
 * the reporter process serialized by Playwright as `{ message: "<name>: <message>", stack,
 * cause }`; the class travels as its name, so every harness error keeps the one name below
 * (subclasses say more in their message, not in their name).
 */
export const HARNESS_ERROR_NAME = 'GateHarnessError';

export class GateHarnessError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = HARNESS_ERROR_NAME;
  }
}

/** An error as Playwright hands it to a reporter (TestError), or any error in its `cause` chain. */
export interface SerializedError {
  message?: string;
  cause?: SerializedError;
}

/** True when the error, or one it was caused by, was a GateHarnessError. */
export function isHarnessError(error: SerializedError | undefined): boolean {
  for (let e = error; e; e = e.cause) if (e.message?.startsWith(`${HARNESS_ERROR_NAME}: `)) return true;
  return false;
}
