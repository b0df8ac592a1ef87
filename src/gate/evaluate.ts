import type { GateConfig } from '../config/load.ts';
import { closeAppGate, openAppGate, runPhase, type AppRun, type GateOptions } from './run-gate.ts';
import { floorSeconds, schedule, type Stage, type UnitTiming } from './schedule.ts';

export interface GateRun {
  /** One per app, in the order the config lists them. */
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
  const gates = await Promise.all(config.apps.map((app) => openAppGate(config, app, opts)));
  const byApp = new Map(gates.map((g) => [g.app.app, g]));
  const stages = schedule(
    config.apps.map((a) => a.app),
    config.phases,
  );
  for (const stage of stages) {
    await Promise.all(stage.map((u) => runPhase(byApp.get(u.app)!, u.phase)));
  }
  const runs = await Promise.all(gates.map((g) => closeAppGate(g, config.phases)));
  const timings = gates.flatMap((g) => Object.entries(g.phaseSeconds).map(([phase, seconds]) => ({ app: g.app.app, phase, seconds }) as UnitTiming));
  return { runs, stages, timings, wallSeconds: (now().getTime() - started) / 1000, floorSeconds: floorSeconds(stages, timings) };
}
