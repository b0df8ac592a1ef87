import { checkDetails, test } from '../fixtures/index.ts';
import { watchBrowser } from '../pages/browser-watch.ts';
import { SignInPage } from '../pages/sign-in-page.ts';

test('5.1 frontend answers 200 with HTML and the login page renders', checkDetails('fc.smoke.frontend'), async ({ suite, gate, maskedPage: page }) => {
  const problems = watchBrowser(page);
  const home = await page.goto(new URL(suite.profile.pages.home, suite.target.webUrl).toString());
  gate.check('frontend answers 200', home?.status(), '==', 200);
  gate.check('frontend returns HTML', home?.headers()['content-type'] ?? '', 'includes', 'text/html');
  const signIn = new SignInPage(page, suite.profile.labels, suite.profile.exactLabels);
  const status = await signIn.open(suite.target.webUrl, suite.profile.pages.login);
  gate.check('login page answers 200', status, '==', 200);
  gate.check('login page renders heading, Email Address, Password and Sign In', await signIn.isRendered(), '==', true);
  await page.waitForLoadState('networkidle').catch(() => {});
  gate.check('console errors', problems.consoleErrors.length + problems.pageErrors.length, '==', 0);
  for (const line of [...problems.pageErrors, ...problems.consoleErrors, ...problems.failedRequests]) gate.note(line);
});
