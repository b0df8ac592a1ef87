import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppId } from '../src/core/types.ts';
import { DDL as FR_DDL } from './financial-rise/schema.ts';
import { FC } from './flowcomply/faults.ts';
import { MIGRATIONS as FC_MIGRATIONS } from './flowcomply/schema.ts';

/**
 * The schema files a release ships, as the `local` environment hands them to the gate:
 * `previousSchemaFile` is the previous release's schema (the healthy 1.x migrations: what was
 * there before the deploy), so a schema failure can tell a dropped column from one never
 * created. `schemaFile` is written only when the release's code expects something else than
 * the profile says (fault fc:code-expects-column: a column its migrations never create).
 */
const PREVIOUS: Record<AppId, string> = {
  'financial-rise': FR_DDL,
  flowcomply: FC_MIGRATIONS.map((m) => m.sql).join('\n'),
};

/** What the release's code expects under fc:code-expects-column: the previous schema plus one column. */
const EXPECTS_PHONE = `${PREVIOUS.flowcomply}\n-- The release's code reads this; none of its migrations adds it.\nALTER TABLE "User" ADD COLUMN "phoneNumber" TEXT;\n`;

export async function writeSchemaFiles(dir: string, app: AppId, faults: readonly string[]): Promise<{ previousSchemaFile: string; schemaFile?: string }> {
  await mkdir(dir, { recursive: true });
  const previousSchemaFile = join(dir, `${app}-previous.sql`);
  await writeFile(previousSchemaFile, PREVIOUS[app]);
  if (app !== 'flowcomply' || !faults.includes(FC.codeExpectsColumn)) return { previousSchemaFile };
  const schemaFile = join(dir, `${app}-release.sql`);
  await writeFile(schemaFile, EXPECTS_PHONE);
  return { previousSchemaFile, schemaFile };
}
