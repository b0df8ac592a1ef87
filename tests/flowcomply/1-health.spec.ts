import { checkDetails, test } from '../fixtures/index.ts';
import { FlowComplyApi } from '../../src/apps/flowcomply/client.ts';
import { fcProfile, pick, waiverOf, word } from '../../src/apps/suite-context.ts';

test('5.1 backend health with database, redis and s3 connected', checkDetails('fc.smoke.health'), async ({ suite, gate }) => {
  const api = new FlowComplyApi(suite);
  // What the checks behind health need (tests/dependencies.ts): the app says it is ready. A
  // service our contract expects but the app does not list is this check's failure alone.
  gate.step('ready', false);
  const health = await api.call('GET', 'health', { auth: false });
  gate.check('GET health answers 200', health.status, '==', 200);
  gate.check('health status is an accepted healthy value', pick(suite, health.data, 'healthStatus'), 'in', suite.profile.healthyStatuses);
  const ready = await api.call('GET', 'ready', { auth: false });
  gate.check('GET health/ready answers 200', ready.status, '==', 200);
  gate.step('ready', health.status === 200 && ready.status === 200);
  // Services come from the contract (`contract.expected.readyServices`); a waived one is not asserted.
  const services = pick(suite, ready.data, 'readyServices');
  for (const service of fcProfile(suite).expected.readyServices) {
    if (waiverOf(suite, 'fc.smoke.health', service)) continue;
    gate.check(`${service} connected`, services?.[service], '==', word(suite, 'connected'));
  }
  if (services && typeof services === 'object') gate.note(`health/ready lists: ${Object.keys(services).join(', ')}`);
  if (ready.data?.error) gate.note(`ready error: ${String(ready.data.error).slice(0, 200)}`);
});
