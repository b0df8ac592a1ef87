import type { AwsClients } from '../../aws/clients.ts';
import { getMetric, peak, total } from '../../aws/metrics.ts';
import type { AppAws } from '../../config/environment.ts';
import type { Finding } from '../../core/finding.ts';
import type { GateContext } from '../context.ts';
import { ProbeError } from '../guarded.ts';
import { evaluateAlbErrorRate, evaluateAlbSlowdown, type AlbTraffic, type Baseline } from './production-criteria.ts';

/**
 * The load balancer's traffic since the deploy, read from CloudWatch (I/O only): request count,
 * target 5xx count and the p95 of TargetResponseTime over one period spanning the whole window,
 * so the p95 is CloudWatch's own over every request. The rules (production-criteria.ts) judge it.
 */

/** CloudWatch periods are whole minutes; a window shorter than one still reads one minute. */
const periodOf = (start: Date, end: Date) => Math.max(60, Math.ceil((end.getTime() - start.getTime()) / 60_000) * 60);

function loadBalancerOf(ctx: GateContext, names: AppAws): string {
  if (!names.loadBalancer)
    throw new ProbeError(
      `not run: apps.${ctx.app}.aws.loadBalancer missing from environment ${ctx.env.name}, so the load balancer's traffic cannot be read`,
      `set apps.${ctx.app}.aws.loadBalancer to the ALB's metric name (app/<name>/<id>)`,
    );
  return names.loadBalancer;
}

export async function readAlbTraffic(ctx: GateContext, aws: AwsClients, names: AppAws, withP95: boolean): Promise<AlbTraffic> {
  const start = ctx.deployedAt;
  const now = ctx.now();
  // EndTime is exclusive and CloudWatch (moto too) cuts it to its own resolution: a datapoint
  // from this very second, or this minute in CloudWatch, would fall outside a window that ends
  // "now". Ending at the next whole minute reads everything up to now (nothing later exists).
  const end = new Date(Math.ceil((now.getTime() + 1) / 60_000) * 60_000);
  const base = { namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: loadBalancerOf(ctx, names) }, start, end, periodS: periodOf(start, end) };
  const [requests, target5xx, latency] = await Promise.all([
    getMetric(aws, { ...base, metric: 'RequestCount', stat: 'Sum' }),
    getMetric(aws, { ...base, metric: 'HTTPCode_Target_5XX_Count', stat: 'Sum' }),
    withP95 ? getMetric(aws, { ...base, metric: 'TargetResponseTime', stat: 'p95' }) : Promise.resolve(undefined),
  ]);
  const minutes = Math.round((now.getTime() - start.getTime()) / 60_000);
  const worst = latency ? peak(latency) : undefined;
  const requestCount = total(requests);
  const errors = total(target5xx);
  return {
    ...(requestCount !== undefined ? { requests: requestCount } : {}),
    ...(errors !== undefined ? { target5xx: errors } : {}),
    ...(worst !== undefined ? { p95Ms: worst * 1000 } : {}),
    ...(latency?.percentileFallback ? { p95IsMaximum: true } : {}),
    window: `since the deploy at ${start.toISOString()} (${minutes} min)`,
  };
}

/** The last GO run's p95 to compare with: the same metric (ALB) first, else the load test's, named as such. */
export function slowdownBaseline(ctx: GateContext): Baseline | undefined {
  const { alb, load } = ctx.baselines ?? {};
  if (alb) return { p95Ms: alb.p95Ms, source: `the last GO run ${alb.runId}, ALB p95` };
  if (load) return { p95Ms: load.p95Ms, source: `the last GO run ${load.runId}, load-test p95 (client-side: only roughly comparable)` };
  return undefined;
}

/** fr.mon.error-rate / fc.mon.error-rate. */
export async function albErrorRate(ctx: GateContext, aws: AwsClients, names: AppAws): Promise<Finding> {
  const traffic = await readAlbTraffic(ctx, aws, names, false);
  return evaluateAlbErrorRate(traffic, ctx.profile.rollback, ctx.profile.thresholds.metrics.minRequests);
}

/** fr.mon.slowdown. */
export async function albSlowdown(ctx: GateContext, aws: AwsClients, names: AppAws): Promise<Finding> {
  const traffic = await readAlbTraffic(ctx, aws, names, true);
  return evaluateAlbSlowdown(traffic, ctx.profile.rollback, ctx.profile.thresholds.metrics.minRequests, slowdownBaseline(ctx));
}
