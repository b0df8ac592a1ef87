import { assertThat } from '../../core/assertions.ts';
import { peak, total, type MetricSeries } from '../../aws/metrics.ts';
import type { Finding } from '../../core/finding.ts';

/**
 * FlowComply 6.3 "Performance Metrics" as pure rules. The targets are the app profile's
 * `thresholds.metrics` (environment overrides merged in), passed by the caller.
 */

function noData(what: string, s: MetricSeries): Finding {
  const dims = Object.entries(s.query.dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return {
    status: 'inconclusive',
    message: `No datapoints for ${s.query.namespace}/${s.query.metric} (${dims}) in the window — ${what} cannot be judged; check the dimension names in \`aws\` and that the resource publishes metrics`,
    assertions: [],
  };
}

const fmt = (n: number, digits = 1) => Number(n.toFixed(digits));

/** fc.mon.alb-p95: TargetResponseTime p95 < 200 ms (seconds in CloudWatch). 5xx counts go to metrics. */
export function evaluateAlbP95(latency: MetricSeries, budgetMs: number, extra: { requests?: MetricSeries; target5xx?: MetricSeries } = {}): Finding {
  const worst = peak(latency);
  if (worst === undefined) return noData('ALB p95', latency);
  const ms = fmt(worst * 1000);
  const requests = extra.requests ? total(extra.requests) : undefined;
  const errors5xx = extra.target5xx ? (total(extra.target5xx) ?? 0) : undefined;
  const statNote = latency.percentileFallback ? ' (p95 not served by this endpoint: Maximum used, an upper bound of p95)' : '';
  const assertion = assertThat(latency.percentileFallback ? 'ALB TargetResponseTime max (p95 stand-in)' : 'ALB TargetResponseTime p95', ms, '<', budgetMs, {
    unit: ' ms',
    values: latency.points.map((p) => fmt(p.value * 1000)),
  });
  return {
    message: assertion.passed
      ? `ALB ${latency.stat} ${ms} ms < ${budgetMs} ms${statNote}`
      : `ALB ${latency.stat} ${ms} ms >= ${budgetMs} ms${statNote} — slow targets: check target health, ECS CPU and the database`,
    assertions: [assertion],
    metrics: {
      albLatencyMs: ms,
      albStat: latency.stat,
      ...(requests !== undefined ? { requests } : {}),
      ...(errors5xx !== undefined ? { target5xx: errors5xx } : {}),
      ...(requests && errors5xx !== undefined ? { errorRate5xx: fmt(errors5xx / requests, 4) } : {}),
    },
  };
}

/** fc.mon.ecs-util: peak 5-minute average CPU and memory of each service < 80 %. */
export function evaluateEcsUtil(services: readonly { service: string; cpu: MetricSeries; memory: MetricSeries }[], limitPct: number): Finding {
  const empty = services.flatMap((s) => [s.cpu, s.memory]).find((m) => peak(m) === undefined);
  if (empty) return noData('ECS utilisation', empty);
  const assertions = services.flatMap((s) => [
    assertThat(`${s.service} CPU peak`, fmt(peak(s.cpu)!), '<', limitPct, { unit: ' %' }),
    assertThat(`${s.service} memory peak`, fmt(peak(s.memory)!), '<', limitPct, { unit: ' %' }),
  ]);
  const bad = assertions.filter((a) => !a.passed);
  return {
    message: bad.length
      ? `${bad.map((a) => a.message).join('; ')} — scale the service out or find the hot path before more traffic arrives`
      : `ECS utilisation under ${limitPct} %: ${assertions.map((a) => `${a.name} ${a.actual} %`).join(', ')}`,
    assertions,
    metrics: Object.fromEntries(
      services.flatMap((s) => [
        [`${s.service}.cpuPct`, fmt(peak(s.cpu)!)],
        [`${s.service}.memoryPct`, fmt(peak(s.memory)!)],
      ]),
    ),
  };
}

/** fc.mon.rds-connections: peak DatabaseConnections < 50 % of max_connections. */
export function evaluateRdsConnections(connections: MetricSeries, max: { value: number; source: string }, share: number): Finding {
  const worst = peak(connections);
  if (worst === undefined) return noData('RDS connections', connections);
  const limit = fmt(max.value * share, 0);
  const assertion = assertThat('RDS DatabaseConnections peak', worst, '<', limit, { values: connections.points.map((p) => p.value) });
  return {
    message: `RDS connections peak ${worst} ${assertion.passed ? '<' : '>='} ${limit} (${share * 100} % of max_connections ${max.value}, ${max.source})${assertion.passed ? '' : ' — look for connection leaks or raise the pool limit'}`,
    assertions: [assertion],
    metrics: { rdsConnectionsPeak: worst, rdsMaxConnections: max.value },
  };
}

/** fc.mon.redis-hit-rate: CacheHits / (CacheHits + CacheMisses) > 70 % over the window. */
export function evaluateRedisHitRate(hits: MetricSeries, misses: MetricSeries, min: number): Finding {
  const h = total(hits);
  const m = total(misses);
  if (h === undefined && m === undefined) return noData('Redis hit rate', hits);
  const lookups = (h ?? 0) + (m ?? 0);
  if (lookups === 0) return { status: 'inconclusive', message: 'Redis had no cache lookups in the window: the hit rate is undefined', assertions: [] };
  const rate = fmt((h ?? 0) / lookups, 3);
  const assertion = assertThat('Redis hit rate', rate, '>', min);
  return {
    message: `Redis hit rate ${fmt(rate * 100)} % (${h ?? 0} hits, ${m ?? 0} misses) ${assertion.passed ? '>' : '<='} ${min * 100} %${assertion.passed ? '' : ' — check cache keys and TTLs after the deploy'}`,
    assertions: [assertion],
    metrics: { redisHitRate: rate, cacheHits: h ?? 0, cacheMisses: m ?? 0 },
  };
}
