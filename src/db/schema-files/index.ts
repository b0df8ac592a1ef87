import { extname } from 'node:path';
import { parseJsonSchema } from './json.ts';
import { parsePrismaSchema } from './prisma.ts';
import { parseSqlDump } from './sql.ts';
import type { ExpectedSchema } from './types.ts';

export type { ExpectedSchema } from './types.ts';
export { parseJsonSchema, parsePrismaSchema, parseSqlDump };

/** Which parser a schema file needs: by extension, else by what the text looks like. */
export function parseSchemaText(fileName: string, text: string): ExpectedSchema {
  const ext = extname(fileName).toLowerCase();
  const parsed =
    ext === '.json'
      ? parseJsonSchema(text)
      : ext === '.prisma'
        ? parsePrismaSchema(text)
        : ext === '.sql'
          ? parseSqlDump(text)
          : /^\s*model\s+\w+\s*\{/m.test(text)
            ? parsePrismaSchema(text)
            : /^\s*[{]/.test(text)
              ? parseJsonSchema(text)
              : parseSqlDump(text);
  if (Object.keys(parsed).length === 0)
    throw new Error(`no table found in ${fileName} (expected a Prisma schema, a SQL dump with CREATE TABLE, or JSON { "table": ["column"] })`);
  return parsed;
}
