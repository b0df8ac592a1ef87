import type { Page } from '@playwright/test';

/** Console errors, uncaught exceptions and failed sub-requests seen by a page (runbook Smoke 2). */
export interface BrowserProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
}

export function watchBrowser(page: Page): BrowserProblems {
  const problems: BrowserProblems = { consoleErrors: [], pageErrors: [], failedRequests: [] };
  page.on('console', (msg) => {
    // A failed sub-request also logs a console error; it is counted once, as a failed request.
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) problems.consoleErrors.push(msg.text().slice(0, 200));
  });
  page.on('pageerror', (err) => problems.pageErrors.push(err.message.slice(0, 200)));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.status()} ${res.url()}`);
  });
  page.on('requestfailed', (req) => problems.failedRequests.push(`${req.failure()?.errorText ?? 'failed'} ${req.url()}`));
  return problems;
}
