import type { Locator, Page } from '@playwright/test';
import { labelQuery } from '../../src/apps/label-match.ts';

/** The sign-in form both apps share in shape; labels come from the app profile. */
export class SignInPage {
  private readonly heading: Locator;
  private readonly email: Locator;
  private readonly password: Locator;
  private readonly submit: Locator;

  /** `exact`: the profile's `exactLabels`; false tolerates a required marker ("Email *"). */
  constructor(private readonly page: Page, labels: { loginHeading: string; email: string; password: string; signIn: string }, exact = true) {
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
}
