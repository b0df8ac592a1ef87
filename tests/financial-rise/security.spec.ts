import { checkDetails, test } from '../fixtures/index.ts';
import { SKIPPED_BEHIND } from '../reporter/to-check-result.ts';
import { SIGNUP_PREREQUISITE } from '../dependencies.ts';
import { readOnly } from '../fixtures/db.ts';
import { route, runAddress } from '../../src/apps/suite-context.ts';
import { expectForeignOriginRefused, expectNoSecrets, expectRefused, probe, readSignup, wrongPasswordProbe, type SignupRecord } from '../fixtures/security.ts';

/**
 * Security smoke, beyond the runbook ("security vulnerability exposed -> immediate rollback").
 * Rate-limit frugal (login 5 / minute, register 3 / hour): no registration and no login of its
 * own. Smoke 3's one registration asked for the admin role and left what it got in the run
 * folder (registration.spec.ts); that run-owned account is also the throwaway account for the
 * wrong password, so the smoke consultant is never locked out. The suites' logged-in admin is
 * reused. Runs after Smoke 3 (files run in name order) and in the same worker as the others.
 */

/** Without the account Smoke 3 registered, the role and password checks have nothing to test. */
function registered(record: SignupRecord | undefined): record is SignupRecord {
  // Names the check it stands behind: if registration failed, that failure covers this skip;
  // if it was waived or not run, this critical check was never measured (verdict/silent-skips.ts).
  if (record?.status !== 201) test.info().annotations.push({ type: SKIPPED_BEHIND, description: SIGNUP_PREREQUISITE });
  test.skip(record?.status !== 201, `skipped: fr.smoke.registration registered no account (${record ? `HTTP ${record.status}` : 'not run'}); see that check`);
  return true;
}

test('security: registration cannot grant itself the admin role', checkDetails('fr.smoke.security-role'), async ({ suite, gate }) => {
  const record = readSignup(suite);
  if (!registered(record)) return;
  // A missing role is not "not admin": the role is read from the answer, else GET me, else the
  // database; with none of them the check is not verified (never `null != 'admin'` -> pass).
  const answered = record.role ?? record.meRole;
  if (answered !== null && answered !== undefined) {
    gate.check(
      `role of the account registered with role "admin" in the body (${record.role != null ? 'register answer user.role' : `GET ${route(suite, 'me')}`})`,
      answered,
      '!=',
      'admin',
    );
  } else gate.note(`the register answer has no user.role and GET ${route(suite, 'me')} gave none: the role is read from the database`);
  let stored: unknown;
  if (suite.databaseUrl) {
    const rows = await readOnly(suite.databaseUrl, (q) => q<{ role: string }>('SELECT role FROM users WHERE email = $1', [runAddress(suite, 'signup')]));
    stored = rows[0]?.role;
    gate.check('role of that account in the database', stored ?? 'no such account', '!=', 'admin');
  } else gate.databaseNotVerified(suite, 'fr.smoke.security-role');
  // The probe made an admin: it must not outlive the run unnoticed. The Financial RISE contract
  // has no route to delete or disable an account, so the verdict's first line names it and
  // `postflight cleanup` lists it (src/cleanup/financial-rise.ts) until a person removes it.
  if (answered === 'admin' || stored === 'admin') {
    gate.cleanupNow.push(
      `privileged account created by the probe: ${runAddress(suite, 'signup')}: remove it now (role admin; the API has no route to delete or disable it; \`postflight cleanup --app financial-rise\` lists it)`,
    );
  }
});

test('security: no password hash or secret in user responses', checkDetails('fr.smoke.security-secrets'), async ({ suite, gate, adminApi }) => {
  const record = readSignup(suite);
  // The register answer carries the caller's own tokens; nothing else may look like a secret.
  if (record) gate.check(`POST ${route(suite, 'register')} answer (HTTP ${record.status}) holds no password hash or secret`, record.leaks, '==', []);
  else gate.note('no registration answer to scan: fr.smoke.registration did not run');
  const users = await adminApi.call('GET', 'adminUsers');
  if (users.status >= 200 && users.status < 300) expectNoSecrets(gate, `GET ${route(suite, 'adminUsers')} as the admin`, users);
  else gate.note(`GET ${route(suite, 'adminUsers')} as the admin answered HTTP ${users.status}: not scanned (fr.smoke.admin covers it)`);
  gate.check('user responses scanned (registration answer, admin users list)', (record ? 1 : 0) + (users.status < 300 ? 1 : 0), '>=', 1);
});

test('security: protected routes refuse anonymous and forged-token requests', checkDetails('fr.smoke.security-authz'), async ({ suite, gate }) => {
  await expectRefused(suite, gate, ['assessments', 'adminUsers'], 'adminUsers', { role: 'admin', email: 'forged@postflight.invalid' });
});

// The throwaway account is the one this run registered: a lockout can never hit the smoke account.
test('security: a wrong password is refused', checkDetails('fr.smoke.security-password'), async ({ suite, gate }) => {
  if (!registered(readSignup(suite))) return;
  const res = await wrongPasswordProbe(suite, () =>
    probe(suite, 'POST', 'login', {}, { email: runAddress(suite, 'signup'), password: `${suite.signupPassword}-wrong` }),
  );
  gate.check(`POST ${route(suite, 'login')} with a wrong password for the account this run registered answers 401`, res.status, '==', 401);
  gate.check('no token is issued', res.data?.access_token ? 'a token' : 'no token', '==', 'no token');
});

test('security: a foreign-origin CORS request gets no 5xx and no echoed origin', checkDetails('fr.smoke.security-cors'), async ({ suite, gate }) => {
  await expectForeignOriginRefused(suite, gate, 'assessments');
});
