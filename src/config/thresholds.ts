import { z } from 'zod';

/**
 * The runbooks' numeric limits that the AWS and TLS checks apply, as profile data (config/apps)
 * rather than constants in the rules: an environment may override any of them (its app target's
 * `thresholds`), and the verdict records the values it applied. Error-line patterns and other
 * matchers stay in code; only numbers live here.
 */

/** Alarms the runbook requires, by key; the rules know how to recognise each (alarm-rules.ts). */
export const ALARM_KEYS = ['5xx', 'response-time', 'db-cpu', 'memory'] as const;
export type AlarmKey = (typeof ALARM_KEYS)[number];

export interface AlarmThreshold {
  key: AlarmKey;
  label: string;
  /** In the metric's CloudWatch unit (TargetResponseTime is in seconds). */
  threshold: number;
  unit: string;
  /** period x datapoints-to-alarm, in seconds: "for 5 minutes" = 300. */
  windowS: number;
}

export interface Thresholds {
  /** A served or ACM certificate must have more days left than this. */
  tls: { minDaysLeft: number };
  logs: {
    /** "Verify log retention set to 30 days": shorter loses evidence; longer (or never) is fine. */
    retentionDays: number;
    /** "Logs receiving data": at least one event this recent in each group. */
    freshMinutes: number;
  };
  metrics: {
    /** Window the metrics are read over (runbook Phase 6 is "T+1 hour"). */
    windowMinutes: number;
    albP95Ms: number;
    ecsUtilPct: number;
    /** RDS connections must stay under this share of max_connections. */
    rdsConnectionShare: number;
    /** Used when neither the environment nor the instance class gives max_connections. */
    rdsDefaultMaxConnections: number;
    redisHitRate: number;
    /**
     * Requests through the load balancer since the deploy below which its 5xx rate and p95 are
     * not judged (not enough data: inconclusive, never a pass): on a handful of requests one
     * error reads as "10 %".
     */
    minRequests: number;
  };
  /** Alarms that must exist and be at least this strict (fr.pre.alarms-configured). */
  alarms: AlarmThreshold[];
  /**
   * Smoke 2 / 5.1 frontend: how long each page is still watched after it loaded, so an error it
   * throws a moment later (a widget starting, a deferred fetch) counts. Bounded by the schema.
   */
  frontend: { settleMs: number };
}

/** The longest settle window an environment may ask for: each page costs it once per run. */
export const MAX_SETTLE_MS = 10_000;

const positive = z.number().positive();
const ratio = z.number().min(0).max(1);

/** An environment's override: any subset, every key known (a typo is a config error, not a silent default). */
export const thresholdsOverrideSchema = z.strictObject({
  tls: z
    .strictObject({ minDaysLeft: z.number().int().min(0) })
    .partial()
    .optional(),
  logs: z.strictObject({ retentionDays: z.number().int().positive(), freshMinutes: positive }).partial().optional(),
  metrics: z
    .strictObject({
      windowMinutes: positive,
      albP95Ms: positive,
      ecsUtilPct: z.number().min(0).max(100),
      rdsConnectionShare: ratio,
      rdsDefaultMaxConnections: z.number().int().positive(),
      redisHitRate: ratio,
      minRequests: z.number().int().positive(),
    })
    .partial()
    .optional(),
  /** By alarm key: the threshold and window that alarm must meet on this deployment. */
  alarms: z.partialRecord(z.enum(ALARM_KEYS), z.strictObject({ threshold: z.number(), windowS: z.number().int().positive() }).partial()).optional(),
  frontend: z
    .strictObject({ settleMs: z.number().int().min(0).max(MAX_SETTLE_MS) })
    .partial()
    .optional(),
  /**
   * The page-load budgets (`perf.lighthouse`) by metric: the score 0..1, the times in ms. Only
   * the runbooks' three can be set: a new budget is a profile change, not an override.
   */
  lighthouse: z.strictObject({ performance: ratio, 'first-contentful-paint': positive, interactive: positive }).partial().optional(),
});
export type ThresholdsOverride = z.infer<typeof thresholdsOverrideSchema>;

/** The profile's thresholds with an environment's override laid over them. Pure. */
export function mergeThresholds(base: Thresholds, override: ThresholdsOverride | undefined): Thresholds {
  if (!override) return base;
  return {
    tls: { ...base.tls, ...override.tls },
    logs: { ...base.logs, ...override.logs },
    metrics: { ...base.metrics, ...override.metrics },
    alarms: base.alarms.map((a) => ({ ...a, ...override.alarms?.[a.key] })),
    frontend: { ...base.frontend, ...override.frontend },
  };
}

/**
 * A page-load budget as far as an override sees it (app-profile.ts's LighthouseBudget, which
 * imports this file: named structurally here so the two stay out of an import circle).
 */
interface PageBudget {
  metric: string;
  value: number;
}

/** The page-load budgets with an environment's values laid over them, metric by metric. Pure. */
export function mergeLighthouse<B extends PageBudget>(base: readonly B[], override: ThresholdsOverride['lighthouse']): B[] {
  return base.map((b) => {
    const value = override?.[b.metric as keyof NonNullable<ThresholdsOverride['lighthouse']>];
    return value === undefined ? b : { ...b, value };
  });
}

/** The profile as the gate applies it: the environment's threshold overrides merged in. */
export function withThresholds<P extends { thresholds: Thresholds; perf: { lighthouse: PageBudget[] } }>(
  profile: P,
  override: ThresholdsOverride | undefined,
): P {
  if (!override) return profile;
  const thresholds = mergeThresholds(profile.thresholds, override);
  return override.lighthouse
    ? { ...profile, thresholds, perf: { ...profile.perf, lighthouse: mergeLighthouse(profile.perf.lighthouse, override.lighthouse) } }
    : { ...profile, thresholds };
}
