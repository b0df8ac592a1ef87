/**
 * Account lockout policy (contract: 5 failed logins lock an account for 30 minutes). Pure:
 * the auth route reads the user's counters, asks these functions, and writes the result.
 */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 30 * 60_000;

export const LOCKED_MESSAGE = 'Account is locked after too many failed login attempts. Try again in 30 minutes.';

export interface LockState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LockState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** The state after one more failed attempt; the fifth failure starts the lock. */
export function afterFailure(state: LockState, now: Date): LockState {
  // A lock that has expired starts a fresh count rather than re-locking on the next miss.
  const previous = state.lockedUntil && !isLocked(state, now) ? 0 : state.failedAttempts;
  const failedAttempts = previous + 1;
  return {
    failedAttempts,
    lockedUntil: failedAttempts >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MS) : null,
  };
}

export const AFTER_SUCCESS: LockState = { failedAttempts: 0, lockedUntil: null };
