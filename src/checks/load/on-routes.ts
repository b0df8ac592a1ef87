import type { LoadScenario } from '../../config/app-profile.ts';
import type { ScenarioSpec } from '../../../load/lib/mix.ts';

/**
 * Pure: the profile's scenario as the k6 scripts and the embedded engine take it — every route
 * key resolved to the path the rest of the gate uses (environment overrides included), and the
 * login token read where the contract says (`responses.token`). One set of routes for smoke,
 * perf, load and cleanup: a deployment that moved a route moves the load test with it.
 */
export function scenarioOnRoutes(scenario: LoadScenario, route: (key: string) => string, tokenField: string): ScenarioSpec & Pick<LoadScenario, 'engine'> {
  const { login, requests, ...rest } = scenario;
  return {
    ...rest,
    login: { path: route(login.route), tokenField },
    requests: requests.map(({ route: key, query, ...request }) => ({ ...request, path: `${route(key)}${query ? `?${query}` : ''}` })),
  };
}
