import { assertThat } from '../../core/assertions.ts';
import type { Finding } from '../../core/finding.ts';
import type { RollbackPolicy } from '../../config/app-profile.ts';
import { metricFindings, percent, type MetricFinding } from '../../verdict/metric-criteria.ts';

/**
 * The runbooks' numeric rollback criteria judged on production traffic (CloudWatch ALB since
 * the deploy) instead of a load test, which production refuses. Pure, and it decides nothing of
 * its own: the bands are `metricFindings` (src/verdict/metric-criteria.ts), the very rule the
 * verdict applies to the load test's error rate and p95, with the app's rollback policy.
 *
 * Band -> status: "immediate" is a `fail` (target); "consider" is `inconclusive` (target): the
 * runbook leaves that call to a person, exactly as the verdict does for a load test in that band;
 * below the bands is a `pass`. Too few requests is not enough data: `inconclusive` (gate), never a pass.
 */

/** What CloudWatch said about the load balancer's traffic since the deploy. */
export interface AlbTraffic {
  /** Sum of RequestCount; undefined when CloudWatch returned no datapoint. */
  requests?: number;
  /** Sum of HTTPCode_Target_5XX_Count (no datapoint = none: the ALB publishes only non-zero counts). */
  target5xx?: number;
  /** p95 of TargetResponseTime in ms (worst period when the window spans more than one). */
  p95Ms?: number;
  /** The endpoint served no percentile: `p95Ms` is the Maximum, an upper bound of p95. */
  p95IsMaximum?: boolean;
  /** "since the deploy at 2026-12-04T21:00Z (62 min)", for messages. */
  window: string;
}

export interface Baseline {
  p95Ms: number;
  /** Where it came from: "run 2026...-ab12 (ALB p95)". */
  source: string;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** Not enough requests to judge a rate or a percentile: the gate's "could not measure", named. */
function tooFew(traffic: AlbTraffic, minRequests: number, what: string): Finding | undefined {
  const n = traffic.requests ?? 0;
  if (n >= minRequests) return undefined;
  return {
    status: 'inconclusive',
    cause: 'gate',
    message: `not enough data: ${n} request(s) through the load balancer ${traffic.window}, fewer than the ${minRequests} needed to judge ${what} — nothing was judged`,
    fix: 'run the check again when more traffic has arrived (or give the deploy time with --deployed-at); the minimum is thresholds.metrics.minRequests',
    assertions: [],
    metrics: { albRequests: n },
  };
}

/** A band's finding as the check's status and message. */
function banded(found: MetricFinding | undefined, passLine: string): Pick<Finding, 'status' | 'cause' | 'message'> {
  if (!found) return { message: passLine };
  if (found.recommendation === 'immediate') return { status: 'fail', cause: 'target', message: found.reason };
  return { status: 'inconclusive', cause: 'target', message: `${found.reason} — the runbook leaves this call to a person: the gate does not say GO` };
}

/** fr.mon.error-rate / fc.mon.error-rate: HTTPCode_Target_5XX_Count / RequestCount against the rollback error-rate bands. */
export function evaluateAlbErrorRate(traffic: AlbTraffic, policy: RollbackPolicy, minRequests: number): Finding {
  const few = tooFew(traffic, minRequests, 'a 5xx rate');
  if (few) return few;
  const requests = traffic.requests!;
  const errors = traffic.target5xx ?? 0;
  const rate = round(errors / requests, 4);
  const [found] = metricFindings(policy, { observed: { errorRate: rate } });
  const assertion = assertThat('ALB target 5xx rate', rate, '<', policy.immediateErrorRate, { values: [errors, requests] });
  const outcome = banded(
    found,
    `ALB 5xx rate ${percent(rate)} (${errors} of ${requests} requests ${traffic.window}) < ${percent(policy.considerErrorRate)}: no rollback criterion met`,
  );
  return {
    ...outcome,
    message: found ? `ALB 5xx ${errors} of ${requests} requests ${traffic.window}: ${outcome.message}` : outcome.message,
    assertions: [assertion],
    metrics: { albRequests: requests, albTarget5xx: errors, albErrorRate: rate },
  };
}

/** fr.mon.slowdown: p95 of TargetResponseTime since the deploy against the last GO baseline, by the degradation bands. */
export function evaluateAlbSlowdown(traffic: AlbTraffic, policy: RollbackPolicy, minRequests: number, baseline: Baseline | undefined): Finding {
  const few = tooFew(traffic, minRequests, 'a p95');
  if (few) return few;
  if (traffic.p95Ms === undefined)
    return {
      status: 'inconclusive',
      cause: 'gate',
      message: `no TargetResponseTime datapoints ${traffic.window} although ${traffic.requests} requests were counted — the slowdown cannot be judged; check aws.loadBalancer`,
      fix: 'check that aws.loadBalancer names the load balancer (app/<name>/<id>) whose metrics are read',
      assertions: [],
    };
  const p95 = round(traffic.p95Ms);
  const stat = traffic.p95IsMaximum ? 'max (p95 not served by this endpoint: the maximum, an upper bound of p95)' : 'p95';
  const metrics = { albP95Ms: p95, albRequests: traffic.requests!, ...(baseline ? { albBaselineP95Ms: baseline.p95Ms } : {}) };
  if (!baseline)
    return {
      status: 'skipped',
      message: `not judged: no baseline — no earlier GO run on this environment recorded an ALB p95 (or a load-test p95); ALB ${stat} ${p95} ms ${traffic.window} is recorded and becomes the baseline once a run says GO`,
      assertions: [],
      metrics,
    };
  const [found] = metricFindings(policy, { baseline: { p95Ms: baseline.p95Ms }, observed: { p95Ms: p95 } });
  const limit = baseline.p95Ms * (1 + policy.immediateDegradation);
  const assertion = assertThat(
    `ALB TargetResponseTime ${traffic.p95IsMaximum ? 'max (p95 stand-in)' : 'p95'}`,
    p95,
    '<',
    round(Math.max(limit, baseline.p95Ms + policy.minDegradationMs)),
    {
      unit: ' ms',
    },
  );
  const change = round(((p95 - baseline.p95Ms) / baseline.p95Ms) * 100);
  const outcome = banded(
    found,
    `ALB ${stat} ${p95} ms ${traffic.window}, ${change >= 0 ? '+' : ''}${change} % against the baseline ${round(baseline.p95Ms)} ms (${baseline.source}): under the ${percent(policy.considerDegradation)} "consider rollback" band`,
  );
  return {
    ...outcome,
    message: found ? `ALB ${stat} ${traffic.window}, baseline ${baseline.source}: ${outcome.message}` : outcome.message,
    assertions: [assertion],
    metrics,
  };
}
