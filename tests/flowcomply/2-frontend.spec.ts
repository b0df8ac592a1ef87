import { checkDetails, test } from '../fixtures/index.ts';
import { settleAfterLoad, settleMsOf, watchBrowser } from '../pages/browser-watch.ts';
import { SignInPage } from '../pages/sign-in-page.ts';

test('5.1 frontend answers 200 with HTML and the login page renders', checkDetails('fc.smoke.frontend'), async ({ suite, gate, maskedPage: page }) => {
  // Each page is watched until the settle window after its load has passed (thresholds.frontend.settleMs).
  const problems = watchBrowser(page);
  const settleMs = settleMsOf(suite.profile.thresholds, suite.target.thresholds);
  const home = await page.goto(new URL(suite.profile.pages.home, suite.target.webUrl).toString());
  gate.check('frontend answers 200', home?.status(), '==', 200);
  gate.check('frontend returns HTML', home?.headers()['content-type'] ?? '', 'includes', 'text/html');
  await settleAfterLoad(page, Date.now(), settleMs);
  const signIn = new SignInPage(page, suite.profile.labels, suite.profile.exactLabels);
  const status = await signIn.open(suite.target.webUrl, suite.profile.pages.login);
  const loginLoaded = Date.now();
  gate.check('login page answers 200', status, '==', 200);
  gate.check('login page renders heading, Email Address, Password and Sign In', await signIn.isRendered(), '==', true);
  await settleAfterLoad(page, loginLoaded, settleMs);
  gate.check('console errors', problems.consoleErrors.length + problems.pageErrors.length, '==', 0);
  for (const line of [...problems.pageErrors, ...problems.consoleErrors, ...problems.failedRequests]) gate.note(line);
});
