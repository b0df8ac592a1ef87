import { checkDetails, test } from '../fixtures/index.ts';
import { pick } from '../../src/apps/suite-context.ts';

test('5.2 analytics dashboard', checkDetails('fc.smoke.dashboard'), async ({ suite, gate, fcUser }) => {
  const res = await fcUser.call('GET', 'dashboard');
  gate.check('GET dashboard answers 200', res.status, '==', 200);
  const overview = pick(suite, res.data, 'dashboardOverview');
  gate.check('dashboard has an overview', overview !== null && typeof overview === 'object', '==', true);
  gate.check('overview reports totalAssets', typeof overview?.totalAssets, '==', 'number');
  gate.check('overview reports complianceScore', typeof overview?.complianceScore, '==', 'number');
});

test('5.2 assets list', checkDetails('fc.smoke.assets'), async ({ suite, gate, fcUser }) => {
  const res = await fcUser.call('GET', 'assets');
  gate.check('GET assets answers 200', res.status, '==', 200);
  gate.check('assets is a list', Array.isArray(pick(suite, res.data, 'assetsList')), '==', true);
  gate.check('assets total is a number', typeof pick(suite, res.data, 'assetsTotal'), '==', 'number');
});
