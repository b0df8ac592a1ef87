/**
 * The fast loop (`npm run test:unit`): the self-test files that start no process and open no
 * server (no sandbox, Chromium, PostgreSQL, moto, k6, CLI child), so they run side by side in
 * well under a minute. Every other file runs only in the whole suite (`npm test`).
 *
 * The list is a promise the runner enforces: `npm run test:unit` loads
 * selftest/fixtures/no-process-guard.mjs into each file, and a listed file that spawns a
 * process or listens on a socket fails (selftest/unit-loop.test.ts proves the guard bites).
 * A new self-test joins the list when it starts nothing; one that starts something leaves it.
 */
export const UNIT_FILES: readonly string[] = [
  'selftest/aws-read-only.test.ts',
  'selftest/aws-rollout.test.ts',
  'selftest/aws-rules.test.ts',
  'selftest/blame-rules.test.ts',
  'selftest/catalogue.test.ts',
  'selftest/contract.test.ts',
  'selftest/dependencies.test.ts',
  'selftest/deploy-report.test.ts',
  'selftest/evidence-canary.test.ts',
  'selftest/evidence-reporters.test.ts',
  'selftest/evidence-run-folder.test.ts',
  'selftest/gate-result.test.ts',
  'selftest/gate-schedule.test.ts',
  'selftest/history.test.ts',
  'selftest/import-directions.test.ts',
  'selftest/journal-replay.test.ts',
  'selftest/label-match.test.ts',
  'selftest/load-k6-summary.test.ts',
  'selftest/load-policy.test.ts',
  'selftest/load-routes.test.ts',
  'selftest/log-error-lines.test.ts',
  'selftest/logs-clean.test.ts',
  'selftest/matrix-edges.test.ts',
  'selftest/matrix-judge.test.ts',
  'selftest/matrix-lanes.test.ts',
  'selftest/no-pass-without-assertion.test.ts',
  'selftest/old-run-folders.test.ts',
  'selftest/orchestrator-after-gate.test.ts',
  'selftest/orchestrator-engine.test.ts',
  'selftest/orchestrator-rollback-plan.test.ts',
  'selftest/orchestrator-rollback-target.test.ts',
  'selftest/orchestrator-timeline.test.ts',
  'selftest/perf-budgets.test.ts',
  'selftest/redact-short-secrets.test.ts',
  'selftest/redact-zip.test.ts',
  'selftest/redact.test.ts',
  'selftest/request-budget.test.ts',
  'selftest/sandbox/financial-rise-units.test.ts',
  'selftest/sandbox/flowcomply-units.test.ts',
  'selftest/schema-files.test.ts',
  'selftest/schema-history.test.ts',
  'selftest/secrets-in-messages.test.ts',
  'selftest/security-smoke.test.ts',
  'selftest/smoke-results.test.ts',
  'selftest/thresholds.test.ts',
  'selftest/verdict-exit.test.ts',
  'selftest/verdict-summary.test.ts',
  'selftest/verdict.test.ts',
  'selftest/waivers.test.ts',
];
