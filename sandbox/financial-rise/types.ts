import type { AppDeps, FinancialRiseAccounts } from '../kit/types.ts';

/**
 * Per-IP, per-route request budgets. The defaults are the deployed app's (contract); the
 * supervisor raises them for gate runs because every gate request comes from 127.0.0.1 and
 * the load phase alone sends thousands.
 */
export interface RateLimits {
  /** POST /auth/register per hour (default 3). */
  registerPerHour?: number;
  /** POST /auth/login per minute (default 5). */
  loginPerMinute?: number;
  /** Every other route per minute (default 100). */
  defaultPerMinute?: number;
}

/** The kit's deps plus the one option only this app understands. */
export interface FinancialRiseDeps extends AppDeps<FinancialRiseAccounts> {
  rateLimits?: RateLimits;
}

export const DEFAULT_RATE_LIMITS: Required<RateLimits> = {
  registerPerHour: 3,
  loginPerMinute: 5,
  defaultPerMinute: 100,
};

export type Log = FinancialRiseDeps['log'];
