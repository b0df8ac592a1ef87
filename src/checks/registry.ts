import { CHECKS } from '../../config/checks.ts';
import type { AppId, CheckResult } from '../core/types.ts';
import type { GateContext } from './context.ts';
import { guarded } from './guarded.ts';
import { errorResult } from './result.ts';

/**
 * How an area says which check ids it can measure: one entry per full catalogue id
 * (`{ 'fc.mon.alb-p95': albP95 }`), so `grep -rn "fc.mon.alb-p95"` lands on the measure.
 * Which ids a run measures is not the area's to decide: the gate hands it the ids of the
 * catalogue (`checksFor`), or the ids a deploy step asked for. `S` is what the area's measures
 * share in one run (AWS clients, options), built once by its runner.
 */
export type Measure<S> = (session: S, id: string) => Promise<CheckResult>;
export type MeasureRegistry<S> = Readonly<Record<string, Measure<S>>>;

/** The ids of `app` the registry measures, in catalogue order: an area runner's default when no ids are given. */
export function registeredIds(registry: Readonly<Record<string, unknown>>, app: AppId): string[] {
  return CHECKS.filter((c) => c.app === app && Object.hasOwn(registry, c.id)).map((c) => c.id);
}

/**
 * One id measured by its registered measure; a throw is an `error` (guarded). An id with no
 * measure is a gate `error` naming the gap (a self-test keeps the catalogue and registries
 * in step, so it means a postflight bug), never a silent skip.
 */
export function measureOne<S>(registry: MeasureRegistry<S>, id: string, session: S, ctx: Pick<GateContext, 'now'>, area: string): Promise<CheckResult> {
  const measure = Object.hasOwn(registry, id) ? registry[id] : undefined;
  if (!measure) {
    const now = ctx.now();
    return Promise.resolve(
      errorResult(
        id,
        now,
        ctx.now,
        `not measured: no measure for ${id} is registered in ${area}`,
        "this is a postflight bug: register the measure beside the area's others (selftest/catalogue.test.ts names the gap)",
      ),
    );
  }
  return guarded(id, ctx, () => measure(session, id));
}

/** Every id at once (reads that do not disturb each other: AWS describes, HTTP probes). */
export function measureTogether<S>(
  registry: MeasureRegistry<S>,
  ids: readonly string[],
  session: S,
  ctx: Pick<GateContext, 'now'>,
  area: string,
): Promise<CheckResult[]> {
  return Promise.all(ids.map((id) => measureOne(registry, id, session, ctx, area)));
}

/** One id after the other (a measurement that another running beside it would distort: Lighthouse, latency). */
export async function measureInTurn<S>(
  registry: MeasureRegistry<S>,
  ids: readonly string[],
  session: S,
  ctx: Pick<GateContext, 'now'>,
  area: string,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const id of ids) results.push(await measureOne(registry, id, session, ctx, area));
  return results;
}
