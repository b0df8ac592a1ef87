import type { ApiBudget } from '../../config/app-profile.ts';
import { assertThat } from '../../core/assertions.ts';
import type { Assertion, Status } from '../../core/types.ts';
import { round, spread } from './stats.ts';

/**
 * Judges what the API latency runner measured against the profile's budgets (pure).
 * A request that did not answer 2xx is a failure of the endpoint, never a slow sample: it is
 * kept out of the percentiles and fails its own assertion.
 */

export interface EndpointSamples {
  budget: ApiBudget;
  /** Timed samples of requests that answered 2xx (warm-up excluded). */
  latenciesMs: number[];
  /** One line per request that did not answer 2xx (status and body start). */
  failures: string[];
  /** Set when the measurement could not even be set up (e.g. no completed assessment to report on). */
  setupError?: string;
}

export interface EndpointVerdict {
  status: Status;
  assertions: Assertion[];
  metrics: Record<string, number>;
  /** One line for the check message. */
  summary: string;
}

export function evaluateEndpoint(s: EndpointSamples): EndpointVerdict {
  const { budget } = s;
  if (s.setupError) {
    return { status: 'error', assertions: [], metrics: {}, summary: `${budget.name}: not measured — ${s.setupError}` };
  }
  const assertions: Assertion[] = [];
  const metrics: Record<string, number> = { [`${budget.name} failures`]: s.failures.length };
  if (s.failures.length > 0) {
    const a = assertThat(`${budget.name} non-2xx responses`, s.failures.length, '==', 0);
    assertions.push({ ...a, message: `${a.message}; first: ${s.failures[0]}` });
  }
  const stats = spread(s.latenciesMs);
  if (stats) {
    const actual = round(aggregate(stats, budget.aggregation));
    const a = assertThat(`${budget.name} ${budget.aggregation}`, actual, '<', budget.budgetMs, {
      unit: ' ms',
      values: s.latenciesMs.map((v) => round(v)),
    });
    const detail = `p50 ${round(stats.p50)} ms, p95 ${round(stats.p95)} ms, max ${round(stats.max)} ms over ${stats.count} sample(s)`;
    assertions.push({ ...a, message: `${a.message} (${detail})` });
    Object.assign(metrics, {
      [`${budget.name} p50Ms`]: round(stats.p50),
      [`${budget.name} p95Ms`]: round(stats.p95),
      [`${budget.name} maxMs`]: round(stats.max),
    });
  } else if (s.failures.length === 0) {
    // Nothing answered and nothing failed: the runner took no samples at all.
    return { status: 'error', assertions, metrics, summary: `${budget.name}: no samples were taken` };
  }
  const failed = assertions.filter((a) => !a.passed);
  return {
    status: failed.length > 0 ? 'fail' : 'pass',
    assertions,
    metrics,
    summary: failed.length > 0 ? failed.map((a) => a.message).join('; ') : assertions.map((a) => a.message).join('; '),
  };
}

function aggregate(stats: NonNullable<ReturnType<typeof spread>>, how: ApiBudget['aggregation']): number {
  return how === 'p50' ? stats.p50 : how === 'p95' ? stats.p95 : stats.max;
}
