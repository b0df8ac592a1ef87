import { buildOptions, requestMix, scenarioFromEnv, setupTarget, summaryFiles, type SetupData } from './lib/presets.ts';

/**
 * FlowComply gets the same light load gate as Financial RISE (CHECKS.md fc.load.k6): 10
 * virtual users for 1 minute, p95 < 500 ms, errors < 1 %, no timeouts. The mix (current user,
 * dashboard, assets) comes from the app profile through SCENARIO. Mind the deployed app's
 * global rate limit (100 requests per 15 minutes per IP): a load run against it needs the
 * generator's IP allowlisted, or pacing under the limit (arrivalRate); past the limit every
 * request is a 429, counted apart from errors, and the gate reports the run as throttled.
 *
 *   POSTFLIGHT_LOGIN_EMAIL=... POSTFLIGHT_LOGIN_PASSWORD=... k6 run \
 *     -e TARGET=https://api.example.com -e HEALTH_PATH=/health \
 *     -e SCENARIO="$(cat flowcomply-scenario.json)" load/flowcomply.ts
 *
 * where the JSON is the profile's `load` section (config/apps/flowcomply.ts).
 */

const scenario = scenarioFromEnv();

export const options = buildOptions('complianceManagerApi', scenario);

export function setup(): SetupData {
  return setupTarget(scenario);
}

const nextRequest = requestMix(scenario);

/** A compliance manager on the dashboard: who am I, the overview, the asset register. */
export function complianceManagerApi(data: SetupData): void {
  nextRequest(data);
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryFiles(data);
}
