import { frProfile } from '../../src/apps/suite-context.ts';
import { checkDetails, test } from '../fixtures/index.ts';
import { readOnly } from '../fixtures/db.ts';
import { runAccountPattern } from '../../src/apps/run-accounts.ts';

test('Smoke 7: admin sees users, assessments and analytics', checkDetails('fr.smoke.admin'), async ({ suite, gate, adminApi, consultantApi }) => {
  for (const key of ['adminUsers', 'adminAssessments', 'adminAnalytics'] as const) {
    const res = await adminApi.call('GET', key);
    // fr.smoke.security-authz probes this route: missing for the admin too, it has nothing to protect.
    if (key === 'adminUsers') gate.step('routes', res.status !== 404);
    gate.check(`admin GET ${key} answers 200`, res.status, '==', 200);
    gate.check(`admin ${key} returns data`, res.data !== null && typeof res.data === 'object', '==', true);
  }
  const refused = await consultantApi.call('GET', 'adminUsers');
  gate.check('a consultant is refused the admin routes (403)', refused.status, '==', 403);
  if (suite.databaseUrl) {
    // Accounts gate runs created (a probe's leftover admin) are not the deployment's admins.
    const rows = await readOnly(suite.databaseUrl, (q) =>
      q<{ n: number }>("SELECT COUNT(*)::int AS n FROM users WHERE role = 'admin' AND NOT (email ~* $1)", [runAccountPattern(suite.target.mailDomain)]),
    );
    gate.check('admins in the database (not counting accounts gate runs created)', rows[0]?.n, '>=', frProfile(suite).expected.minAdmins);
  } else gate.databaseNotVerified(suite, 'fr.smoke.admin');
});
