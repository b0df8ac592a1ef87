import { GetMetricStatisticsCommand, type Datapoint, type Statistic } from '@aws-sdk/client-cloudwatch';
import { awsCall } from './errors.ts';
import type { AwsClients } from './clients.ts';

export type MetricStat = 'Average' | 'Maximum' | 'Minimum' | 'Sum' | 'SampleCount' | `p${number}`;

export interface MetricQuery {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  start: Date;
  end: Date;
  /** Seconds; a multiple of 60. */
  periodS: number;
  stat: MetricStat;
}

/** Datapoints of one statistic, oldest first. `stat` says what was actually returned. */
export interface MetricSeries {
  query: MetricQuery;
  /** The statistic the values are: the asked one, or `Maximum` when a percentile was not served. */
  stat: MetricStat;
  /** True when a percentile was asked and the endpoint returned none (moto). */
  percentileFallback: boolean;
  points: { at: Date; value: number }[];
}

function describe(q: MetricQuery): string {
  const dims = Object.entries(q.dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `get ${q.stat} of ${q.namespace}/${q.metric} {${dims}} over ${Math.round((q.end.getTime() - q.start.getTime()) / 60000)} min`;
}

async function fetchPoints(aws: AwsClients, q: MetricQuery, extended: boolean): Promise<Datapoint[]> {
  const out = await awsCall(aws.site('CloudWatch', describe(q)), () =>
    aws.cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: q.namespace,
        MetricName: q.metric,
        Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })),
        StartTime: q.start,
        EndTime: q.end,
        Period: q.periodS,
        ...(extended ? { ExtendedStatistics: [q.stat] } : { Statistics: [q.stat as Statistic] }),
      }),
    ),
  );
  return [...(out.Datapoints ?? [])].sort((a, b) => (a.Timestamp?.getTime() ?? 0) - (b.Timestamp?.getTime() ?? 0));
}

/**
 * One statistic of one metric. Percentiles (`p95`) are asked as ExtendedStatistics; when the
 * endpoint returns datapoints without them (moto 5 does), the series falls back to `Maximum`
 * and says so: the maximum is an upper bound of any percentile, so "max < budget" proves
 * "p95 < budget", and the evaluator reports that it used the stand-in.
 */
export async function getMetric(aws: AwsClients, q: MetricQuery): Promise<MetricSeries> {
  const percentile = /^p\d+(\.\d+)?$/.test(q.stat);
  if (!percentile) {
    const points = await fetchPoints(aws, q, false);
    const key = q.stat as keyof Datapoint;
    return {
      query: q,
      stat: q.stat,
      percentileFallback: false,
      points: points.filter((p) => typeof p[key] === 'number').map((p) => ({ at: p.Timestamp ?? q.end, value: p[key] as number })),
    };
  }
  const ext = await fetchPoints(aws, q, true);
  const withPct = ext.filter((p) => typeof p.ExtendedStatistics?.[q.stat] === 'number');
  if (withPct.length > 0 || ext.length === 0) {
    return {
      query: q,
      stat: q.stat,
      percentileFallback: false,
      points: withPct.map((p) => ({ at: p.Timestamp ?? q.end, value: p.ExtendedStatistics![q.stat]! })),
    };
  }
  const max = await getMetric(aws, { ...q, stat: 'Maximum' });
  return { ...max, query: q, percentileFallback: true };
}

/** Sum of a Sum series (e.g. request or cache-hit counts over the window). */
export function total(series: MetricSeries): number | undefined {
  return series.points.length ? series.points.reduce((s, p) => s + p.value, 0) : undefined;
}

/** Largest value of a series (peak of 5-minute averages, worst p95, ...). */
export function peak(series: MetricSeries): number | undefined {
  return series.points.length ? Math.max(...series.points.map((p) => p.value)) : undefined;
}
