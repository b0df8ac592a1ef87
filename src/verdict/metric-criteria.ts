import type { RollbackPolicy } from '../config/app-profile.ts';
import type { RollbackRecommendation } from '../core/types.ts';

/**
 * The runbooks' numeric rollback criteria (error rate, performance degradation against the
 * last GO baseline) as a pure function of the policy. Thresholds are "at or above", as the
 * RollbackPolicy fields document. A metric that was not measured (absent, NaN, or a baseline
 * of 0) yields no finding: it can neither trigger nor clear a rollback. Nor does a slowdown
 * below the policy's `minDegradationMs`: noise, not degradation.
 */

export interface MetricInput {
  /** The last GO run's measurements, the reference for "degradation". */
  baseline?: { p95Ms?: number };
  /** This run's measurements: error rate 0..1, p95 latency in ms. */
  observed?: { errorRate?: number; p95Ms?: number };
  /**
   * The production traffic since the deploy (CloudWatch ALB: 5xx share of requests, target
   * response time p95), judged by the same bands; its slowdown is measured against its own
   * baseline (`baselineP95Ms`, the last GO run's). Production sends no load, so this is its criterion.
   */
  production?: { errorRate?: number; p95Ms?: number; baselineP95Ms?: number };
}

export interface MetricFinding {
  recommendation: Exclude<RollbackRecommendation, 'none'>;
  /** One line for the meeting: what was measured, against which threshold, what follows. */
  reason: string;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** 0.125 -> "12.5%"; one decimal at most so "10%" stays readable. */
export const percent = (ratio: number): string => `${Number((ratio * 100).toFixed(1))}%`;

/** Which band a value falls in: immediate is checked first, so equal thresholds (FlowComply) mean "immediate". */
function band(value: number, immediate: number, consider: number): MetricFinding['recommendation'] | undefined {
  if (value >= immediate) return 'immediate';
  if (value >= consider) return 'consider';
  return undefined;
}

export function metricFindings(policy: RollbackPolicy, input: MetricInput): MetricFinding[] {
  const production = input.production;
  return [
    ...bandFindings(policy, input.observed ?? {}, input.baseline?.p95Ms, ''),
    ...(production ? bandFindings(policy, production, production.baselineP95Ms, 'ALB traffic since the deploy: ') : []),
  ];
}

/** The error-rate and slowdown bands applied to one source of measurements; `label` names the source in each reason. */
function bandFindings(policy: RollbackPolicy, observed: { errorRate?: number; p95Ms?: number }, base: number | undefined, label: string): MetricFinding[] {
  const findings: MetricFinding[] = [];

  const errorRate = observed.errorRate;
  if (isNumber(errorRate)) {
    const rec = band(errorRate, policy.immediateErrorRate, policy.considerErrorRate);
    if (rec) {
      const limit = rec === 'immediate' ? policy.immediateErrorRate : policy.considerErrorRate;
      findings.push({
        recommendation: rec,
        reason: `${label}error rate ${percent(errorRate)} >= ${percent(limit)}: ${rec} rollback (runbook rollback criteria)`,
      });
    }
  }

  const now = observed.p95Ms;
  if (isNumber(base) && isNumber(now) && base > 0 && now - base >= policy.minDegradationMs) {
    const degradation = (now - base) / base;
    const rec = band(degradation, policy.immediateDegradation, policy.considerDegradation);
    if (rec) {
      const limit = rec === 'immediate' ? policy.immediateDegradation : policy.considerDegradation;
      findings.push({
        recommendation: rec,
        reason: `${label}p95 ${Math.round(now)} ms is ${percent(degradation)} slower than the last GO baseline (${Math.round(base)} ms), >= ${percent(limit)}: ${rec} rollback`,
      });
    }
  }

  return findings;
}
