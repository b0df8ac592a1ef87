import type { GateConfig } from '../config/load.ts';
import { closeAppGate, openAppGate, runPhase, type AppRun, type GateOptions } from './run-gate.ts';
import { floorSeconds, schedule, type Stage, type UnitTiming } from './schedule.ts';
import { shardUnits } from './shard.ts';

export interface GateRun {
  /** One per app, in the order the config lists them (a shard: only the apps it has a part of). */
  runs: AppRun[];
  stages: Stage[];
  timings: UnitTiming[];
  wallSeconds: number;
  /** The same stages with zero overhead (see `floorSeconds`). */
  floorSeconds: number;
}

/**
 * Every selected app and phase as one plan: the stages of `schedule` run one after the other,
 * the units of a stage side by side. Each app keeps its own run folder and verdict, the same
 * as when the apps run one after the other; only the wall time changes.
 */
export async function runGate(config: GateConfig, opts: GateOptions): Promise<GateRun> {
  const now = opts.now ?? (() => new Date());
  const started = now().getTime();
  const apps = config.apps.map((a) => a.app);
  // A shard runs its part of the schedule and opens a folder only for the apps it has a part of.
  const stages = opts.shard ? shardUnits(apps, config.phases, opts.shard) : schedule(apps, config.phases);
  const mine = (app: string) => stages.some((s) => s.some((u) => u.app === app));
  const gates = await Promise.all(config.apps.filter((a) => !opts.shard || mine(a.app)).map((app) => openAppGate(config, app, opts)));
  for (const g of opts.shard ? gates : []) {
    g.shard = {
      spec: opts.shard!,
      phases: config.phases.filter((p) => stages.some((s) => s.some((u) => u.app === g.app.app && u.phase === p))),
      ...(opts.runGroup ? { runGroup: opts.runGroup } : {}),
    };
    // A part is no gate run of the release: the merged folder goes into the history index.
    g.recordHistory = false;
  }
  const byApp = new Map(gates.map((g) => [g.app.app, g]));
  for (const stage of stages) {
    await Promise.all(stage.map((u) => runPhase(byApp.get(u.app)!, u.phase)));
  }
  const runs = await Promise.all(gates.map((g) => closeAppGate(g, config.phases)));
  const timings = gates.flatMap((g) => Object.entries(g.phaseSeconds).map(([phase, seconds]) => ({ app: g.app.app, phase, seconds }) as UnitTiming));
  return { runs, stages, timings, wallSeconds: (now().getTime() - started) / 1000, floorSeconds: floorSeconds(stages, timings) };
}
