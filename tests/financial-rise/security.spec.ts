import { checkDetails, test as base } from '../fixtures/index.ts';
import { route, runAddress } from '../fixtures/run-context.ts';
import { bearer, expectForeignOriginRefused, expectNoSecrets, expectRefused, NOT_SERVED, probe } from '../fixtures/security.ts';
import { answerOf } from '../../src/checks/security/forged-tokens.ts';
import type { ApiResponse } from '../../src/http/client.ts';

/**
 * Security smoke, beyond the runbook ("security vulnerability exposed -> immediate rollback").
 * Rate-limit frugal: no registration of its own (Smoke 3's one registration asked for the admin
 * role, registration.spec.ts), one login of that run-owned account, which is also the throwaway
 * account for the wrong password: the smoke consultant is never locked out. Runs after Smoke 3
 * (files run in name order).
 */
interface Signup {
  login: ApiResponse;
}

// Login and register are exempt from the CSRF double submit, and the probes below are GETs:
// raw requests say exactly what was sent.
const test = base.extend<{}, { signup: Signup }>({
  signup: [async ({ suite }, use) => {
    const password = suite.signupPassword;
    if (!password) throw new Error('POSTFLIGHT_SIGNUP_PASSWORD is not set: run the suites through `postflight verify`');
    await use({ login: await probe(suite, 'POST', 'login', {}, { email: runAddress(suite, 'signup'), password }) });
  }, { scope: 'worker' }],
});

/** Without the account Smoke 3 registered, the role and password checks have nothing to test. */
function needSignup(signup: Signup): void {
  const status = signup.login.status;
  test.skip(status !== 200, `skipped: the account fr.smoke.registration registered cannot log in (HTTP ${status}); see that check`);
}

test('security: registration cannot grant itself the admin role', checkDetails('fr.smoke.security-role'), async ({ suite, gate, signup }) => {
  needSignup(signup);
  gate.check('role of the account registered with role "admin" in the body (login answer user.role)', signup.login.data?.user?.role, '!=', 'admin');
  const res = await probe(suite, 'GET', 'adminUsers', bearer(signup.login.data?.access_token));
  gate.check(`GET ${route(suite, 'adminUsers')} with that account's token is not served`, answerOf(res.status, res.data), 'matches', NOT_SERVED);
});

test('security: no password hash or secret in user responses', checkDetails('fr.smoke.security-secrets'), async ({ suite, gate, signup, adminApi }) => {
  // The login answer carries the caller's own tokens; nothing else may look like a secret.
  expectNoSecrets(gate, `POST ${route(suite, 'login')} answer`, signup.login, { allow: ['access_token', 'refresh_token'] });
  const users = await adminApi.call('GET', 'adminUsers');
  if (users.status >= 200 && users.status < 300) expectNoSecrets(gate, `GET ${route(suite, 'adminUsers')} as the admin`, users);
  else gate.note(`GET ${route(suite, 'adminUsers')} as the admin answered HTTP ${users.status}: not scanned (fr.smoke.admin covers it)`);
});

test('security: protected routes refuse anonymous and forged-token requests', checkDetails('fr.smoke.security-authz'), async ({ suite, gate }) => {
  await expectRefused(suite, gate, ['assessments', 'adminUsers'], 'adminUsers', { role: 'admin', email: 'forged@postflight.invalid' });
});

// The throwaway account is the one this run registered: a lockout can never hit the smoke account.
test('security: a wrong password is refused', checkDetails('fr.smoke.security-password'), async ({ suite, gate, signup }) => {
  needSignup(signup);
  const res = await probe(suite, 'POST', 'login', {}, { email: runAddress(suite, 'signup'), password: `${suite.signupPassword}-wrong` });
  gate.check(`POST ${route(suite, 'login')} with a wrong password for an existing account answers 401`, res.status, '==', 401);
  gate.check('no token is issued', res.data?.access_token ? 'a token' : 'no token', '==', 'no token');
});

test('security: a foreign-origin CORS request gets no 5xx and no echoed origin', checkDetails('fr.smoke.security-cors'), async ({ suite, gate }) => {
  await expectForeignOriginRefused(suite, gate, 'assessments');
});
