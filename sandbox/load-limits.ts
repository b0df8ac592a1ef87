/**
 * The rate limits the sandbox runs with unless `--contract-limits` (every gate request comes
 * from 127.0.0.1 and the load phase alone sends thousands). The local environment tells the
 * gate's request budget the same numbers (src/platforms/local/environment.ts).
 */
export const LOAD_LIMITS = {
  fr: { registerPerHour: 1000, loginPerMinute: 10000, defaultPerMinute: 1_000_000 },
  fc: { max: 1_000_000, windowMs: 900_000 },
} as const;
