/** Read-only database access for the gate and the smoke suites. */
export { withReadOnly, DbError, describeUrl, tableExists, quoteIdent, DB_DEFAULTS, type ReadOnlyOptions, type DbErrorKind } from './readonly.ts';
export { readFrMigrations, readFrSeed, readTables, type FrMigrations, type FrSeed } from './financial-rise.ts';
export { readPrismaMigrations, readTableCounts, type PrismaMigration, type PrismaMigrations } from './flowcomply.ts';
