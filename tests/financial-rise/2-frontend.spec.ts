import { checkDetails, test } from '../fixtures/index.ts';
import { settleAfterLoad, settleMsOf, watchBrowser } from '../pages/browser-watch.ts';
import { SignInPage } from '../pages/sign-in-page.ts';

test('Smoke 2: frontend loads without console errors or 404s', checkDetails('fr.smoke.frontend'), async ({ suite, gate, maskedPage: page }) => {
  // Each page is watched from before it loads until the settle window after load has passed
  // (thresholds.frontend.settleMs): an error thrown a moment later counts.
  const problems = watchBrowser(page);
  const settleMs = settleMsOf(suite.profile.thresholds, suite.target.thresholds);
  const home = await page.goto(new URL(suite.profile.pages.home, suite.target.webUrl).toString(), { waitUntil: 'load' });
  gate.check('home page answers 200', home?.status(), '==', 200);
  gate.check('home page is HTML', home?.headers()['content-type'] ?? '', 'includes', 'text/html');
  await settleAfterLoad(page, Date.now(), settleMs);
  const signIn = new SignInPage(page, suite.profile.labels, suite.profile.exactLabels);
  const loginStatus = await signIn.open(suite.target.webUrl, suite.profile.pages.login);
  const loginLoaded = Date.now();
  gate.check('login page answers 200', loginStatus, '==', 200);
  gate.check('login page renders heading, Email, Password and Sign In', await signIn.isRendered(), '==', true);
  await settleAfterLoad(page, loginLoaded, settleMs);
  gate.check('console errors', problems.consoleErrors.length + problems.pageErrors.length, '==', 0);
  gate.check('failed requests (4xx/5xx)', problems.failedRequests.length, '==', 0);
  for (const line of [...problems.pageErrors, ...problems.consoleErrors, ...problems.failedRequests]) gate.note(line);
});
