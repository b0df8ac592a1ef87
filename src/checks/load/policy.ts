import type { LoadScenario } from '../../config/app-profile.ts';

/**
 * The decisions taken before any load is generated (pure): how long and how wide, with which
 * engine, and whether this target may be loaded at all.
 */

export type EngineChoice = LoadScenario['engine'];
export type Engine = 'k6' | 'embedded';

export const K6_INSTALL_HINT =
  'install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/) or point K6_BIN at the binary; ' +
  'or run with --load-engine embedded to use the built-in engine';

export interface ScenarioOverrides {
  durationS?: number;
  vus?: number;
  /** Pace the run at this many requests/s (see LoadScenario `arrivalRate`). */
  arrivalRate?: number;
}

function positive(raw: unknown): number | undefined {
  const n = typeof raw === 'number' ? raw : Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * The profile's scenario with duration, VUs and pacing overridden by options first, then the
 * run's settings (--load-duration, POSTFLIGHT_LOAD_* resolved once: src/config/run-settings.ts;
 * self-tests and sandbox runs use ~10 s; a target with a rate limit the gate may not be
 * allowlisted for is paced under it without editing the profile).
 */
export function resolveScenario(base: LoadScenario, overrides: ScenarioOverrides = {}, settings: ScenarioOverrides = {}): LoadScenario {
  return {
    ...base,
    durationS: positive(overrides.durationS) ?? positive(settings.durationS) ?? base.durationS,
    vus: Math.round(positive(overrides.vus) ?? positive(settings.vus) ?? base.vus),
    ...withRate(positive(overrides.arrivalRate) ?? positive(settings.arrivalRate) ?? base.arrivalRate),
  };
}

const withRate = (rate: number | undefined): Pick<LoadScenario, 'arrivalRate'> => (rate ? { arrivalRate: rate } : {});

/**
 * `k6` demands the binary (missing = error, never a quiet fallback: a CI that asked for k6
 * must not get other numbers); `auto` takes k6 when present, else the embedded engine.
 */
export function chooseEngine(requested: EngineChoice, k6Found: boolean): { engine: Engine; why: string } | { error: string } {
  if (requested === 'embedded') return { engine: 'embedded', why: 'embedded engine requested' };
  if (k6Found) return { engine: 'k6', why: requested === 'k6' ? 'k6 requested' : 'k6 found (auto)' };
  if (requested === 'k6') return { error: 'k6 was requested as the load engine but no k6 binary was found (K6_BIN unset or not executable, none on PATH)' };
  return { engine: 'embedded', why: 'k6 not found, embedded engine (auto)' };
}

/** Whether this target may be loaded at all: a config-time rule too (src/config/load-allowed.ts). */
export { loadRefusal } from '../../config/load-allowed.ts';
