import { checkDetails, test } from '../fixtures/index.ts';
import { FlowComplyApi } from '../../src/apps/flowcomply/client.ts';
import { accountIdentity } from '../fixtures/account-identity.ts';
import { pick, secret, secretName } from '../../src/apps/suite-context.ts';
import { GATE_CREDENTIAL_STATUSES, refusalBlame, refuseLogin } from '../../src/core/gate-credentials.ts';
import { flowcomplyThrowawayLogin } from '../fixtures/second-login.ts';
import { wrongPasswordProbe } from '../fixtures/security.ts';

test('5.2 login returns a token', checkDetails('fc.smoke.login'), async ({ suite, gate }) => {
  const api = new FlowComplyApi(suite);
  const res = await api.login(secret(suite, 'smokeEmail'), secret(suite, 'smokePassword'));
  // The smoke account refused: the gate's credentials (locked, deactivated, rotated) unless the
  // throwaway account is refused its valid password too, then the release's (a measured fail).
  if (GATE_CREDENTIAL_STATUSES.includes(res.status)) {
    const second = await flowcomplyThrowawayLogin(suite);
    if (refusalBlame(res.status, second) === 'target') {
      gate.check(`POST login answers 200 (the smoke user was refused HTTP ${res.status})`, res.status, '==', 200);
      gate.check(`${second!.who} logs in with its valid password`, `HTTP ${second!.status}`, '==', 'HTTP 200');
      return;
    }
    await refuseLogin(res.status, 'smoke user', 'smoke', secretName(suite, 'smokeEmail'), secretName(suite, 'smokePassword'), async () => second);
  }
  gate.check('POST login answers 200', res.status, '==', 200);
  gate.check('response has success true', res.data?.success, '==', true);
  gate.check('response carries an access token', typeof api.tokenOf(res.data), '==', 'string');
  gate.check(
    'user email is the smoke account',
    accountIdentity(pick(suite, res.data, 'loginUser')?.email, secret(suite, 'smokeEmail')),
    '==',
    'the expected account',
  );
});

// Uses the throwaway account only: a lockout must never hit the smoke account.
test('security: a wrong password is refused', checkDetails('fc.smoke.auth-negative'), async ({ suite, gate }) => {
  const api = new FlowComplyApi(suite);
  const res = await wrongPasswordProbe(suite, () => api.login(secret(suite, 'throwawayEmail'), `${secret(suite, 'throwawayPassword')}-wrong`, false));
  gate.check('wrong password answers 401', res.status, '==', 401);
  gate.check('no token is issued', api.tokenOf(res.data) ?? null, '==', null);
});

test('5.2 current user', checkDetails('fc.smoke.me'), async ({ suite, gate, fcUser }) => {
  const res = await fcUser.call('GET', 'me');
  gate.check('GET me answers 200', res.status, '==', 200);
  const me = pick(suite, res.data, 'me');
  gate.check('me is the smoke user', accountIdentity(me?.email, secret(suite, 'smokeEmail')), '==', 'the expected account');
  gate.check('me has an organization', typeof me?.organizationId, '==', 'string');
});
