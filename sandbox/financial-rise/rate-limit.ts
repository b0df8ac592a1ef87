import { DEFAULT_RATE_LIMITS, type RateLimits } from './types.ts';

/**
 * In-memory fixed-window rate limiting per IP and per route, like the deployed app's
 * ThrottlerGuard. Every request counts, failed ones included (the contract says so: a smoke run
 * that retries a bad login burns its budget). The clock is injectable for tests.
 */
export interface Budget {
  limit: number;
  windowMs: number;
  /** Human wording for the 429 message, e.g. "5 per minute". */
  label: string;
}

export interface Verdict {
  allowed: boolean;
  budget: Budget;
  retryAfterS: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Which budget a route gets: register and login have their own, the rest share the default. */
export function budgetFor(route: string, limits: RateLimits = {}): Budget {
  const l = { ...DEFAULT_RATE_LIMITS, ...limits };
  if (route === 'POST /api/v1/auth/register') return { limit: l.registerPerHour, windowMs: HOUR, label: `${l.registerPerHour} per hour` };
  if (route === 'POST /api/v1/auth/login') return { limit: l.loginPerMinute, windowMs: MINUTE, label: `${l.loginPerMinute} per minute` };
  return { limit: l.defaultPerMinute, windowMs: MINUTE, label: `${l.defaultPerMinute} per minute` };
}

export function tooManyMessage(route: string, v: Verdict): string {
  return `Too many requests: ${route} allows ${v.budget.label} per client. Retry after ${v.retryAfterS} s.`;
}

export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limits: RateLimits = {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request from `ip` on `route` (e.g. `POST /api/v1/auth/login`). */
  hit(ip: string, route: string): Verdict {
    const budget = budgetFor(route, this.limits);
    const t = this.now();
    const key = `${ip} ${route}`;
    let w = this.windows.get(key);
    if (!w || w.resetAt <= t) {
      if (this.windows.size > 10_000) this.prune(t);
      w = { count: 0, resetAt: t + budget.windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { allowed: w.count <= budget.limit, budget, retryAfterS: Math.max(1, Math.ceil((w.resetAt - t) / 1000)) };
  }

  /** Drops expired windows so a long load run cannot grow the map without bound (no timer to leak). */
  private prune(t: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= t) this.windows.delete(key);
  }
}
