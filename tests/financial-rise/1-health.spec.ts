import { checkDetails, test } from '../fixtures/index.ts';
import { FinancialRiseApi } from '../../src/apps/financial-rise/client.ts';
import { pick } from '../../src/apps/suite-context.ts';

test('Smoke 1: API health endpoint is healthy', checkDetails('fr.smoke.health'), async ({ suite, gate }) => {
  const api = new FinancialRiseApi(suite);
  // What the checks behind health need (tests/dependencies.ts): the API answers. A health body
  // that differs from the contract is this check's failure alone.
  gate.step('answers', false);
  const res = await api.call('GET', 'health', { auth: false });
  gate.step('answers', res.status === 200);
  gate.check('GET health answers 200', res.status, '==', 200);
  gate.check('health status is an accepted healthy value', pick(suite, res.data, 'healthStatus'), 'in', suite.profile.healthyStatuses);
  gate.check('health timestamp is an ISO date', typeof res.data?.timestamp === 'string' && !Number.isNaN(Date.parse(res.data.timestamp)), '==', true);
  gate.check('health response time', res.ms, '<', 2000, { unit: ' ms' });
});
