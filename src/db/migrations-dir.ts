import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The migrations a release ships, read from its source tree (`migrationsDir` in the
 * environment), so `*.deploy.migrations` knows what must be applied without a hand-kept name:
 * - TypeORM (Financial RISE): files `<timestamp>-<Name>.ts|js`; the newest one's class is
 *   `<Name><timestamp>` (the name TypeORM's CLI generates and writes to `migrations.name`);
 * - Prisma (FlowComply): one folder per migration, `<timestamp>_<name>/migration.sql`.
 * Throws with what it found when the directory holds neither: a wrong path is never "no migrations".
 */

export function latestTypeOrmMigration(dir: string): string {
  const files = readdirSync(dir)
    .map((f) => /^(\d{10,})-([A-Za-z_$][\w$]*)\.(?:ts|js)$/.exec(f))
    .filter((m): m is RegExpExecArray => Boolean(m));
  if (files.length === 0) throw new Error(`no TypeORM migration file (<timestamp>-<Name>.ts) in ${dir}`);
  const newest = files.sort((a, b) => Number(a[1]) - Number(b[1])).at(-1)!;
  return `${newest[2]}${newest[1]}`;
}

export function prismaMigrationNames(dir: string): string[] {
  const names = readdirSync(dir)
    .filter((d) => /^\d{8,}_\w+$/.test(d) && statSync(join(dir, d)).isDirectory())
    .sort();
  if (names.length === 0) throw new Error(`no Prisma migration folder (<timestamp>_<name>/) in ${dir}`);
  return names;
}
