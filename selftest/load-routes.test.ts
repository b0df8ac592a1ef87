import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_PROFILES } from '../config/apps/index.ts';
import { scenarioOnRoutes } from '../src/checks/load/on-routes.ts';
import { routeOf } from '../src/checks/context.ts';
import type { AppTarget } from '../src/config/environment.ts';

test('the load test uses the same routes as every other check, environment overrides included', () => {
  const profile = APP_PROFILES['financial-rise'];
  const target = { routes: { assessments: '/v2/assessments', login: '/v2/session' } } as unknown as AppTarget;
  const spec = scenarioOnRoutes(profile.load, (key) => routeOf({ profile, target }, key), 'data.jwt');
  assert.deepEqual(spec.login, { path: '/v2/session', tokenField: 'data.jwt' });
  assert.deepEqual(
    spec.requests.map((r) => `${r.method} ${r.path}`),
    ['GET /api/v1/health', 'GET /v2/assessments?page=1&limit=10', 'GET /api/v1/questionnaire/questions'],
  );
  assert.equal(spec.vus, profile.load.vus, 'everything else of the scenario is kept');
});

test('FlowComply: every request of the mix names a route the profile has', () => {
  for (const app of ['financial-rise', 'flowcomply'] as const) {
    const routes = APP_PROFILES[app].routes as Record<string, string>;
    for (const r of [...APP_PROFILES[app].load.requests, APP_PROFILES[app].load.login])
      assert.ok(routes[r.route], `${app}: load route "${r.route}" is not in routes`);
  }
});
