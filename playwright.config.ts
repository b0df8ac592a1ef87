import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { findChromium, CHROMIUM_FLAGS } from './src/host/chromium.ts';

/**
 * The smoke suites. `postflight verify` runs them with POSTFLIGHT_CONTEXT (target, run id)
 * and POSTFLIGHT_RUN_DIR (the evidence folder); evidence lands inside the run folder.
 */
const runDir = process.env.POSTFLIGHT_RUN_DIR ?? join(process.cwd(), 'reports', 'adhoc');
const chromium = findChromium();

export default defineConfig({
  testDir: './tests',
  testMatch: '**/*.spec.ts',
  outputDir: join(runDir, 'playwright'),
  fullyParallel: false,
  workers: 1,
  retries: Number(process.env.POSTFLIGHT_RETRIES ?? 0),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['./tests/reporter/check-reporter.ts'],
    ['allure-playwright', { resultsDir: join(runDir, 'allure-results'), detail: false, suiteTitle: false }],
  ],
  use: {
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'off',
    video: 'off',
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    launchOptions: { ...(chromium ? { executablePath: chromium } : {}), args: CHROMIUM_FLAGS.filter((f) => f !== '--headless=new' && f !== '--no-sandbox') },
  },
  projects: [
    { name: 'financial-rise', testDir: './tests/financial-rise' },
    { name: 'flowcomply', testDir: './tests/flowcomply' },
  ],
});
