/** The database checks (read-only) and the helper the smoke suites use for DB assertions. */
export { runDbChecks, withReadOnly, type DbCheckOptions } from './run.ts';
export { evaluateFrMigrations, evaluateFrSeed, evaluatePrismaMigrations, evaluateTables } from './rules.ts';
