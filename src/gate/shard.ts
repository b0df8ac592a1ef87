import type { AppId, Phase } from '../core/types.ts';
import { schedule, type Unit } from './schedule.ts';

/**
 * `verify --shard i/n`: which part of a run one machine does, as a pure function of the run's
 * apps, phases and i/n (Playwright's `--shard` habit: every shard computes the same split and
 * keeps its own part; `postflight merge` puts the parts back together).
 *
 * The unit of the split is a *group* of one app's phases, never a single check:
 * - `suites`: pre, deploy, smoke, db. The app's Playwright suites stay whole on one shard:
 *   their tests are one chain (tests/dependencies.ts: registration's login feeds the assessment,
 *   admin and security checks), and Playwright's own `--shard` splits by spec file, which would
 *   put a check on one machine and its prerequisite on another. db rides with smoke as in the
 *   schedule (read-only and cheap).
 * - `heavy`: perf, load, monitoring. Kept together so the schedule's resource rules still hold
 *   inside the shard: the app's Lighthouse audit never overlaps its own load window, there is
 *   one load window per target, and monitoring reads the alarms after that load.
 */
export type ShardGroup = 'suites' | 'heavy';

export const PHASE_GROUP: Record<Phase, ShardGroup> = {
  pre: 'suites',
  deploy: 'suites',
  smoke: 'suites',
  db: 'suites',
  perf: 'heavy',
  load: 'heavy',
  monitoring: 'heavy',
};

/**
 * Rough seconds per phase on the sandbox (`npm run bench`), used only to balance the groups
 * between shards; a wrong guess makes a slower split, never a wrong one.
 */
export const PHASE_WEIGHT: Record<Phase, number> = { pre: 5, deploy: 5, smoke: 40, db: 5, perf: 45, load: 65, monitoring: 5 };

export interface ShardSpec {
  /** 1-based, as on the command line. */
  index: number;
  total: number;
}

/** Parses `i/n`; every problem of the value is listed (exit 3 at the caller). */
export function parseShard(raw: string): { shard: ShardSpec } | { problems: string[] } {
  const m = /^\s*([^/]*)\/([^/]*)\s*$/.exec(raw);
  if (!m) return { problems: [`"${raw}" is not i/n (e.g. --shard 1/2)`] };
  const problems: string[] = [];
  const whole = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined);
  const index = whole(m[1]!);
  const total = whole(m[2]!);
  if (index === undefined) problems.push(`"${raw}": the shard index "${m[1]}" is not a whole number`);
  if (total === undefined) problems.push(`"${raw}": the shard count "${m[2]}" is not a whole number`);
  if (total !== undefined && (total < 1 || total > 64)) problems.push(`"${raw}": the shard count must be from 1 to 64`);
  if (index !== undefined && index < 1) problems.push(`"${raw}": shards are counted from 1 (1/${m[2]} is the first)`);
  if (index !== undefined && total !== undefined && total >= 1 && index > total) problems.push(`"${raw}": shard ${index} of ${total} does not exist`);
  return problems.length ? { problems } : { shard: { index: index!, total: total! } };
}

/** One app's group of phases: what a shard is given whole. */
export interface Assignment {
  app: AppId;
  group: ShardGroup;
  phases: Phase[];
  /** 1-based shard that runs it. */
  shard: number;
}

/**
 * Pure: every (app, group) with a selected phase goes to exactly one of `total` shards. Groups
 * are placed heaviest first (ties in app then group order), each on the least loaded shard
 * (ties: the lowest index): the same input always gives the same split on every machine.
 */
export function splitRun(apps: readonly AppId[], phases: readonly Phase[], total: number): Assignment[] {
  const groups = apps.flatMap((app) =>
    (['suites', 'heavy'] as const).map((group) => ({ app, group, phases: phases.filter((p) => PHASE_GROUP[p] === group) })).filter((g) => g.phases.length > 0),
  );
  const weight = (g: { phases: Phase[] }) => g.phases.reduce((s, p) => s + PHASE_WEIGHT[p], 0);
  const order = groups.map((g, i) => ({ g, i })).sort((a, b) => weight(b.g) - weight(a.g) || a.i - b.i);
  const load = Array.from({ length: total }, () => 0);
  const placed = new Map<number, number>();
  for (const { g, i } of order) {
    const shard = load.indexOf(Math.min(...load));
    load[shard]! += weight(g);
    placed.set(i, shard + 1);
  }
  return groups.map((g, i) => ({ ...g, shard: placed.get(i)! }));
}

/** The units of the schedule one shard runs, in the schedule's own stage order. */
export function shardUnits(apps: readonly AppId[], phases: readonly Phase[], shard: ShardSpec): Unit[][] {
  const mine = splitRun(apps, phases, shard.total).filter((a) => a.shard === shard.index);
  const owns = (u: Unit) => mine.some((a) => a.app === u.app && a.phases.includes(u.phase));
  return schedule(apps, phases)
    .map((stage) => stage.filter(owns))
    .filter((stage) => stage.length > 0);
}

/**
 * The apps and phases one shard touches: its preflight checks the prerequisites of these only
 * (a machine that runs only Lighthouse and load needs no inbox). A union, so a little wider than
 * the shard's exact units when it holds groups of two apps.
 */
export function shardScope(apps: readonly AppId[], phases: readonly Phase[], shard: ShardSpec): { apps: AppId[]; phases: Phase[] } {
  const units = shardUnits(apps, phases, shard).flat();
  return { apps: apps.filter((a) => units.some((u) => u.app === a)), phases: phases.filter((p) => units.some((u) => u.phase === p)) };
}
