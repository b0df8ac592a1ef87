import type { Locator, Page } from '@playwright/test';
import { labelQuery } from '../../src/apps/label-match.ts';
import { RateLimitedError, type RequestPacer } from '../../src/http/client.ts';

/** The sign-in form both apps share in shape; labels come from the app profile. */
export class SignInPage {
  private readonly heading: Locator;
  private readonly email: Locator;
  private readonly password: Locator;
  private readonly submit: Locator;

  /** `exact`: the profile's `exactLabels`; false tolerates a required marker ("Email *"). */
  constructor(
    private readonly page: Page,
    labels: { loginHeading: string; email: string; password: string; signIn: string },
    exact = true,
  ) {
    this.heading = page.getByRole('heading', { name: labels.loginHeading });
    this.email = page.getByLabel(...labelQuery(labels.email, exact));
    this.password = page.getByLabel(...labelQuery(labels.password, exact));
    this.submit = page.getByRole('button', { name: labels.signIn });
  }

  async open(webUrl: string, path: string): Promise<number> {
    const res = await this.page.goto(new URL(path, webUrl).toString());
    return res?.status() ?? 0;
  }

  async isRendered(): Promise<boolean> {
    return (await this.heading.isVisible()) && (await this.email.isVisible()) && (await this.password.isVisible()) && (await this.submit.isVisible());
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }

  /**
   * Signs in within the target's request budget (`loginPath`: the API's login route): waits
   * for the budget first, and when the login request still answers 429 (a window filled
   * outside this run) waits it out and signs in once more. Returns the login answer's status
   * (0: no login request seen).
   */
  async signInWithin(email: string, password: string, pacer: RequestPacer, loginPath: string): Promise<number> {
    const path = loginPath.replace(/^\//, '');
    for (let attempt = 0; ; attempt++) {
      await pacer.take('POST', loginPath);
      const answer = this.page
        .waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(path), { timeout: 10_000 })
        .then(
          (r) => ({ status: r.status(), retryAfter: Number(r.headers()['retry-after']) || undefined }),
          () => ({ status: 0, retryAfter: undefined }),
        );
      await this.signIn(email, password);
      const res = await answer;
      if (res.status !== 429) return res.status;
      // Twice refused by the limiter: the gate's problem (its budget), never the release's.
      if (attempt > 0) throw new RateLimitedError(`POST ${loginPath} (signing in through the browser)`);
      await pacer.after429('POST', loginPath, res.retryAfter);
    }
  }
}
