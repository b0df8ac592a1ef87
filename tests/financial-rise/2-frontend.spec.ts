import { checkDetails, test } from '../fixtures/index.ts';
import { watchBrowser } from '../pages/browser-watch.ts';
import { SignInPage } from '../pages/sign-in-page.ts';

test('Smoke 2: frontend loads without console errors or 404s', checkDetails('fr.smoke.frontend'), async ({ suite, gate, maskedPage: page }) => {
  const problems = watchBrowser(page);
  const home = await page.goto(new URL(suite.profile.pages.home, suite.target.webUrl).toString(), { waitUntil: 'load' });
  gate.check('home page answers 200', home?.status(), '==', 200);
  gate.check('home page is HTML', home?.headers()['content-type'] ?? '', 'includes', 'text/html');
  await page.waitForLoadState('networkidle').catch(() => {});
  const signIn = new SignInPage(page, suite.profile.labels, suite.profile.exactLabels);
  const loginStatus = await signIn.open(suite.target.webUrl, suite.profile.pages.login);
  gate.check('login page answers 200', loginStatus, '==', 200);
  gate.check('login page renders heading, Email, Password and Sign In', await signIn.isRendered(), '==', true);
  await page.waitForLoadState('networkidle').catch(() => {});
  gate.check('console errors', problems.consoleErrors.length + problems.pageErrors.length, '==', 0);
  gate.check('failed requests (4xx/5xx)', problems.failedRequests.length, '==', 0);
  for (const line of [...problems.pageErrors, ...problems.consoleErrors, ...problems.failedRequests]) gate.note(line);
});
