import { assertThat } from '../../core/assertions.ts';
import type { Finding } from '../../core/finding.ts';
import type { ExpectedSchema } from '../../db/schema-files/index.ts';

/**
 * The column part of fr.deploy.schema / fc.deploy.schema: every table the release expects that
 * exists has every column the release expects (extra columns are fine: an older release may
 * still write them). A missing table is judged by `evaluateTables`, not here, so it is named
 * once. Pure: live = table -> columns read from information_schema.
 */
export function evaluateColumns(
  expected: ExpectedSchema,
  live: Readonly<Record<string, readonly string[]>>,
  opts: { source: string; waived?: readonly string[] },
): Finding {
  const tables = Object.keys(expected).filter((t) => !(opts.waived ?? []).includes(t) && live[t] && expected[t]!.length);
  const assertions = tables.map((table) => {
    const missing = expected[table]!.filter((c) => !live[table]!.includes(c));
    const a = assertThat(`columns of ${table} missing`, missing, '==', []);
    return missing.length ? { ...a, message: missing.map((c) => `column ${table}.${c} is missing`).join('; ') } : a;
  });
  const bad = assertions.filter((a) => !a.passed);
  const columns = tables.reduce((n, t) => n + expected[t]!.length, 0);
  return {
    message: bad.length
      ? `${bad.map((a) => a.message).join('; ')} (expected by ${opts.source}) — every query that uses it will fail: check the migrations`
      : `${columns} column(s) in ${tables.length} table(s) as expected by ${opts.source}`,
    assertions,
    metrics: { columnsChecked: columns, columnsMissing: bad.reduce((n, a) => n + (a.actual as string[]).length, 0) },
  };
}

/** Tables part and columns part as one finding: problems first, each named once. */
export function combineFindings(...findings: Finding[]): Finding {
  const failing = findings.filter((f) => f.assertions.some((a) => !a.passed));
  return {
    message: (failing.length ? failing : findings).map((f) => f.message).join('; '),
    assertions: findings.flatMap((f) => f.assertions),
    metrics: Object.assign({}, ...findings.map((f) => f.metrics ?? {})),
  };
}

/** `['users.id', 'users.email', 'questions']` + tables -> { users: ['id', 'email'], questions: [] }. */
export function schemaFromProfile(tables: readonly string[], columns: readonly string[] = []): ExpectedSchema {
  const out: ExpectedSchema = Object.fromEntries(tables.map((t) => [t, [] as string[]]));
  for (const entry of columns) {
    const i = entry.lastIndexOf('.');
    const [table, column] = i < 0 ? [entry, undefined] : [entry.slice(0, i), entry.slice(i + 1)];
    out[table] ??= [];
    if (column) out[table]!.push(column);
  }
  return out;
}
