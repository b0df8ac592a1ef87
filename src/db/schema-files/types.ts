/** What a release expects of the database: table name -> column names (as stored in PostgreSQL). */
export type ExpectedSchema = Record<string, string[]>;
