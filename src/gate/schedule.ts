import type { AppId, Phase } from '../core/types.ts';

/** One app's phase: the unit the gate schedules. */
export interface Unit {
  app: AppId;
  phase: Phase;
}

/** Units in one stage run side by side; stages run one after the other. */
export type Stage = Unit[];

/**
 * How a phase may share the machine, as data:
 * - `together`: every app's unit of this phase runs at once (they hit different services);
 * - `alone`: one unit at a time with nothing beside it (Lighthouse scores move with CPU
 *   contention: TOOLING.md, "never run two audits at once, never audit during a load test").
 * `stage` orders the stages; phases with the same stage number and `together` share a stage.
 */
export const PHASE_RESOURCES: Record<Phase, { stage: number; share: 'together' | 'alone' }> = {
  pre: { stage: 0, share: 'together' },
  deploy: { stage: 1, share: 'together' },
  smoke: { stage: 1, share: 'together' },
  // Read-only and cheap: rides along with smoke instead of costing a stage of its own.
  db: { stage: 1, share: 'together' },
  perf: { stage: 2, share: 'alone' },
  load: { stage: 3, share: 'together' },
  // After load: an alarm the load test set off is evidence about the release too.
  monitoring: { stage: 4, share: 'together' },
};

/**
 * Pure: the stages for the selected apps and phases. Each app still gets every selected phase
 * exactly once, so its verdict is the same as running the apps one after the other.
 */
export function schedule(apps: readonly AppId[], phases: readonly Phase[]): Stage[] {
  const stages: Stage[] = [];
  const numbers = [...new Set(phases.map((p) => PHASE_RESOURCES[p].stage))].sort((a, b) => a - b);
  for (const n of numbers) {
    const inStage = phases.filter((p) => PHASE_RESOURCES[p].stage === n);
    const together = inStage.filter((p) => PHASE_RESOURCES[p].share === 'together');
    if (together.length) stages.push(apps.flatMap((app) => together.map((phase) => ({ app, phase }))));
    for (const phase of inStage.filter((p) => PHASE_RESOURCES[p].share === 'alone')) {
      for (const app of apps) stages.push([{ app, phase }]);
    }
  }
  return stages;
}

/** A finished unit's wall time, as the run measured it. */
export interface UnitTiming extends Unit {
  seconds: number;
}

/**
 * The floor of a run: what its wall time would be with zero overhead under the same resource
 * rules — per stage the slowest unit (units of a stage overlap fully), stages added up.
 * `npm run bench` compares the real wall time with it.
 */
export function floorSeconds(stages: readonly Stage[], timings: readonly UnitTiming[]): number {
  const of = (u: Unit) => timings.find((t) => t.app === u.app && t.phase === u.phase)?.seconds ?? 0;
  return stages.reduce((sum, stage) => sum + Math.max(0, ...stage.map(of)), 0);
}
