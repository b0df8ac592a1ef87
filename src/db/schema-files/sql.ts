import type { ExpectedSchema } from './types.ts';

/** `"User"` -> `User`, `public.users` -> `users` (the gate reads the `public` schema). */
const ident = (raw: string): string => {
  const last = raw.trim().split('.').pop()!.trim();
  return last.startsWith('"') ? last.slice(1, -1).replace(/""/g, '"') : last.toLowerCase();
};

/** Splits a table body at top-level commas (not inside parentheses or quotes). */
function items(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let cur = '';
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

const CONSTRAINT = /^(CONSTRAINT|PRIMARY\s+KEY|UNIQUE|FOREIGN\s+KEY|CHECK|EXCLUDE|LIKE)\b/i;
const NAME = String.raw`((?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))?)`;

/**
 * Tables and columns of a SQL dump (pg_dump, a migration file): every `CREATE TABLE name (...)`
 * and `ALTER TABLE name ADD [COLUMN] col`. Constraints are not columns; unquoted names fold to
 * lower case as PostgreSQL does.
 */
export function parseSqlDump(text: string): ExpectedSchema {
  const source = text.replace(/--.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  const out: ExpectedSchema = {};
  const create = new RegExp(String.raw`CREATE\s+(?:UNLOGGED\s+|TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}\s*\(`, 'gi');
  for (const m of source.matchAll(create)) {
    // The body runs to the parenthesis that closes the one the match ended on.
    let depth = 1;
    let i = m.index! + m[0].length;
    const start = i;
    for (; i < source.length && depth > 0; i++) depth += source[i] === '(' ? 1 : source[i] === ')' ? -1 : 0;
    const table = ident(m[1]!);
    const columns = items(source.slice(start, i - 1))
      .map((s) => s.trim())
      .filter((s) => s && !CONSTRAINT.test(s))
      .map((s) => ident(/^("[^"]+"|[\w$]+)/.exec(s)![1]!));
    out[table] = [...new Set([...(out[table] ?? []), ...columns])];
  }
  const alter = new RegExp(
    String.raw`ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?${NAME}\s+ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?("[^"]+"|[\w$]+)`,
    'gi',
  );
  for (const m of source.matchAll(alter)) {
    if (CONSTRAINT.test(m[2]!)) continue;
    const table = ident(m[1]!);
    out[table] = [...new Set([...(out[table] ?? []), ident(m[2]!)])];
  }
  return out;
}
