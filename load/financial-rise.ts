import { buildOptions, requestMix, scenarioFromEnv, setupTarget, summaryFiles, type SetupData } from './lib/presets.ts';

/**
 * Financial RISE, runbook "Performance Validation 3: Load Test (Light)": 10 virtual users for
 * 1 minute, p95 < 500 ms, errors < 1 %, no timeouts. The mix (health, assessment list,
 * questions) and the numbers come from the app profile through SCENARIO, so the gate, this
 * script and the embedded engine never disagree. Run by `postflight`, or by hand:
 *
 *   POSTFLIGHT_LOGIN_EMAIL=... POSTFLIGHT_LOGIN_PASSWORD=... k6 run \
 *     -e TARGET=https://api.example.com -e HEALTH_PATH=/api/v1/health \
 *     -e SCENARIO="$(cat financial-rise-scenario.json)" load/financial-rise.ts
 *
 * where the JSON is the profile's `load` section (config/apps/financial-rise.ts).
 */

const scenario = scenarioFromEnv();

export const options = buildOptions('consultantApi', scenario);

export function setup(): SetupData {
  return setupTarget(scenario);
}

const nextRequest = requestMix(scenario);

/** A consultant working in the app: listing assessments, reading questions, the odd health probe. */
export function consultantApi(data: SetupData): void {
  nextRequest(data);
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryFiles(data);
}
