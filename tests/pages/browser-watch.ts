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

/**
 * Keeps watching a page that has loaded until `settleMs` have passed since its load, before the
 * suite moves on: an error thrown a moment after load (a widget starting, a deferred fetch) is
 * one a person using the page would meet, so it counts. `loadedAt` is when `goto` returned.
 */
export async function settleAfterLoad(page: Page, loadedAt: number, settleMs: number): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: settleMs || 1 }).catch(() => {});
  const left = loadedAt + settleMs - Date.now();
  if (left > 0) await page.waitForTimeout(left);
}

/** The settle window the profile (and the environment's thresholds override) sets for this run. */
export function settleMsOf(thresholds: { frontend?: { settleMs?: number } } | undefined, override: { frontend?: { settleMs?: number } } | undefined): number {
  return override?.frontend?.settleMs ?? thresholds?.frontend?.settleMs ?? 0;
}
