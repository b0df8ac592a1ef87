import type { ExpectedSchema } from './types.ts';

/** `{ "users": ["id", "email"], ... }`; anything else is refused with what was found. */
export function parseJsonSchema(text: string): ExpectedSchema {
  const value: unknown = JSON.parse(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('expected a JSON object { "table": ["column", ...] }');
  for (const [table, columns] of Object.entries(value)) {
    if (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string')) throw new Error(`"${table}" must be a list of column names`);
  }
  return value as ExpectedSchema;
}
