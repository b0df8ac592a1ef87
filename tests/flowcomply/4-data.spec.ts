import { checkDetails, test } from '../fixtures/index.ts';

test('5.2 analytics dashboard', checkDetails('fc.smoke.dashboard'), async ({ gate, fcUser }) => {
  const res = await fcUser.call('GET', 'dashboard');
  gate.check('GET dashboard answers 200', res.status, '==', 200);
  const overview = res.data?.data?.overview;
  gate.check('dashboard has an overview', overview !== null && typeof overview === 'object', '==', true);
  gate.check('overview reports totalAssets', typeof overview?.totalAssets, '==', 'number');
  gate.check('overview reports complianceScore', typeof overview?.complianceScore, '==', 'number');
});

test('5.2 assets list', checkDetails('fc.smoke.assets'), async ({ gate, fcUser }) => {
  const res = await fcUser.call('GET', 'assets');
  gate.check('GET assets answers 200', res.status, '==', 200);
  gate.check('assets is a list', Array.isArray(res.data?.data?.assets), '==', true);
  gate.check('assets total is a number', typeof res.data?.data?.total, '==', 'number');
});
