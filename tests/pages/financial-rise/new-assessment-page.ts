import type { Locator, Page } from '@playwright/test';
import type { FinancialRiseProfile } from '../../../config/apps/financial-rise.ts';
import { labelQuery } from '../../../src/apps/label-match.ts';
import { submitAndRead, type TypedField } from '../form-refusal.ts';

type Labels = FinancialRiseProfile['labels'];

/** Dashboard -> "New Assessment" -> the create form (runbook Smoke 4). */
export class NewAssessmentPage {
  private readonly dashboardHeading: Locator;
  private readonly newAssessment: Locator;
  private readonly heading: Locator;

  constructor(
    private readonly page: Page,
    private readonly labels: Labels,
    private readonly exact = true,
  ) {
    this.dashboardHeading = page.getByRole('heading', { name: labels.dashboardHeading });
    this.newAssessment = page.getByRole('link', { name: labels.newAssessment }).or(page.getByRole('button', { name: labels.newAssessment }));
    this.heading = page.getByRole('heading', { name: labels.createHeading });
  }

  async waitForDashboard(): Promise<boolean> {
    return this.dashboardHeading.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
  }

  async openFromDashboard(): Promise<boolean> {
    await this.newAssessment.first().click();
    return this.heading.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
  }

  async fill(values: { clientName: string; businessName: string; clientEmail: string; notes: string }): Promise<void> {
    await this.page.getByLabel(...labelQuery(this.labels.clientName, this.exact)).fill(values.clientName);
    await this.page.getByLabel(...labelQuery(this.labels.businessName, this.exact)).fill(values.businessName);
    await this.page.getByLabel(...labelQuery(this.labels.clientEmail, this.exact)).fill(values.clientEmail);
    await this.page.getByLabel(...labelQuery(this.labels.notes, this.exact)).fill(values.notes);
  }

  /**
   * Submits and returns the API's answer to the create request; throws FormRefusedError (the
   * gate's test data was refused, naming its `contract.data` keys) when the form says so.
   */
  async submit(app: string, formErrors: readonly string[]): Promise<{ status: number; body: any }> {
    const fields: TypedField[] = [
      { key: 'clientName', label: this.labels.clientName, name: 'clientName' },
      { key: 'businessName', label: this.labels.businessName, name: 'businessName' },
      { key: 'notes', label: this.labels.notes, name: 'notes' },
    ];
    return submitAndRead(this.page, {
      app,
      selectors: formErrors,
      fields,
      isAnswer: (r) => r.request().method() === 'POST' && /\/assessments\/?(\?|$)/.test(new URL(r.url()).pathname + new URL(r.url()).search),
      submit: () =>
        this.page
          .locator('form')
          .getByRole('button', { name: /create|save|submit/i })
          .first()
          .click(),
    });
  }
}
