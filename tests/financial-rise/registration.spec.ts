import { checkDetails, test } from '../fixtures/index.ts';
import { FinancialRiseApi } from '../../src/apps/financial-rise/client.ts';
import { findLink, waitForEmail } from '../../src/mail/inbox.ts';
import { field, pick, runAddress, frProfile, word } from '../../src/apps/suite-context.ts';
import { mailNotVerified } from '../../src/apps/mail-contract.ts';
import { SignInPage } from '../pages/sign-in-page.ts';

// At most one registration per run: the contract allows 3 per hour per IP.
test('Smoke 3: new account, verification email, login', checkDetails('fr.smoke.registration'), async ({ suite, gate, inbox, maskedPage: page }) => {
  const api = new FinancialRiseApi(suite);
  const email = runAddress(suite, 'signup');
  const password = suite.signupPassword;
  if (!password) throw new Error('POSTFLIGHT_SIGNUP_PASSWORD is not set: run the suites through `postflight verify`');
  // Body field names come from the contract (`fields.register`).
  const f = (name: string) => field(suite, 'register', name);
  const res = await api.call('POST', 'register', { body: { [f('email')]: email, [f('password')]: password, [f('firstName')]: 'Smoke', [f('lastName')]: `Run ${suite.runId}` }, auth: false });
  gate.require('POST register answers 201', res.status, '==', 201);
  gate.check('new account has role consultant', pick(suite, res.data, 'registeredRole'), '==', word(suite, 'consultantRole'));
  const noMail = mailNotVerified(suite, 'fr.smoke.registration');
  if (noMail) {
    // No mail to read: the account cannot be verified by its link, so the rest is not run.
    gate.waived('mail', noMail);
    return;
  }

  const mail = await waitForEmail(inbox, email, (m) => Boolean(findLink(m, 'verify-email')), frProfile(suite).expected.emailWaitMs);
  const link = findLink(mail, 'verify-email');
  gate.check('verification email received with a verify-email link', Boolean(link), '==', true);
  const token = link ? new URL(link).searchParams.get('token') : null;
  gate.require('verification link carries a token', Boolean(token), '==', true);
  const verified = await api.call('GET', 'verifyEmail', { query: { token: token! }, auth: false });
  gate.check('verify-email answers 200', verified.status, '==', 200);

  const signIn = new SignInPage(page, frProfile(suite).labels, frProfile(suite).exactLabels);
  await signIn.open(suite.target.webUrl, frProfile(suite).pages.login);
  await signIn.signIn(email, password);
  const reachedDashboard = await page.waitForURL((u) => u.pathname.startsWith(frProfile(suite).pages.dashboard), { timeout: 10_000 }).then(() => true, () => false);
  gate.check('login with the new account reaches the dashboard', reachedDashboard, '==', true);
});
