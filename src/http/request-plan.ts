import type { AppId } from '../core/types.ts';
import type { RateLimits } from './rate-limits.ts';
import { perWindow } from './rate-limits.ts';

/**
 * What one full gate run (smoke, perf, load) spends against each of an app's known rate
 * limits, as data measured on the sandbox (`verify` prints the real figures per run). `doctor`
 * prints it so an operator knows before the run whether the budget holds, and what waits.
 */
export const GATE_RUN_SPEND: Record<AppId, Record<string, { count: number; how: string }>> = {
  'financial-rise': {
    login: {
      count: 6,
      how: "smoke 5 (the new account and the consultant in the browser, the consultant and admin API sessions, one wrong password on the run's own account); perf and load share 1",
    },
    register: { count: 1, how: 'one registration (Smoke 3)' },
    perRoute: { count: 25, how: 'at most about 25 per route in one window; the load is paced to what is left' },
  },
  flowcomply: {
    global: { count: 25, how: 'smoke and its logins about 25; the load is paced to what is left of the window' },
  },
};

/** Pure: one line per limit, e.g. `logins: 6 per run against 5 per 60 s (the gate waits for the window) — ...`. */
export function planLines(app: AppId, limits: RateLimits): string[] {
  const plan = GATE_RUN_SPEND[app];
  return Object.entries(limits).map(([id, limit]) => {
    const p = plan[id];
    if (!p) return `${limit.label} (${id}): not planned (${perWindow(limit)})`;
    const fits = p.count <= limit.limit ? 'fits one window' : 'more than one window: the gate paces and waits for the window';
    return `${limit.label} (${id}): about ${p.count} per run against ${perWindow(limit)}, ${fits} — ${p.how}`;
  });
}
