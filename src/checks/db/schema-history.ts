import type { CheckResult } from '../../core/types.ts';
import type { RollbackMeaning } from '../../../config/checks.ts';
import type { ExpectedSchema } from '../../db/schema-files/index.ts';

/**
 * What a schema failure means for the rollback, from what the database looked like before the
 * deploy (issue 15, What to build 5). Restoring the pre-deploy snapshot brings back what a
 * migration dropped; it cannot add columns that never existed. So:
 * - something the release needs was there before and is gone now -> data (restore: FR B / FC option 2);
 * - everything missing was never there -> the release's code or migrations are wrong -> code
 *   (FR A / FC option 1), with "apply the missing migration" as the fix-forward alternative;
 * - nothing to compare with -> the catalogue's default stands, and the reasons say it is a guess.
 * Pure: what is missing now and what was there before in, `rollbackEvidence` out.
 */

/** `table` alone: the whole table is missing; `table.column`: one column. */
export interface MissingItem {
  table: string;
  column?: string;
}

export interface SchemaBefore {
  /** Where "before" comes from, for the reasons: `pre-deploy snapshot X`, `previousSchemaFile Y`. */
  source: string;
  schema: ExpectedSchema;
  /** `table.column` -> rows that held a value before (the snapshot can say; a schema file cannot). */
  valuesBefore?: Readonly<Record<string, number>>;
}

const nameOf = (m: MissingItem): string => (m.column ? `${m.table}.${m.column}` : `table ${m.table}`);
const wasThere = (m: MissingItem, before: ExpectedSchema): boolean =>
  before[m.table] !== undefined && (m.column === undefined || before[m.table]!.includes(m.column));

export function schemaRollbackEvidence(
  missing: readonly MissingItem[],
  before: SchemaBefore | undefined,
  defaultMeaning: RollbackMeaning,
): CheckResult['rollbackEvidence'] {
  if (missing.length === 0) return undefined;
  const all = missing.map(nameOf).join(', ');
  if (!before) {
    return {
      meaning: defaultMeaning,
      reasons: [
        `not known whether ${all} existed before the deploy: no pre-deploy snapshot was taken by this deploy and no \`previousSchemaFile\` is set, so the default (${defaultMeaning}) procedure stands — ` +
          'if they never existed, restoring the database cannot add them: roll back the code instead, or apply the missing migration (fix forward); set previousSchemaFile in the environment to let the gate tell',
      ],
    };
  }
  const gone = missing.filter((m) => wasThere(m, before.schema));
  const never = missing.filter((m) => !wasThere(m, before.schema));
  const data = (m: MissingItem) => {
    const n = m.column ? before.valuesBefore?.[`${m.table}.${m.column}`] : undefined;
    return n === undefined ? '' : n > 0 ? ` (${n} row(s) held a value)` : ' (held no value)';
  };
  if (gone.length > 0) {
    return {
      meaning: 'data',
      reasons: [
        `${gone.map((m) => `${nameOf(m)}${data(m)}`).join(', ')} existed before the deploy (${before.source}) and ${gone.length > 1 ? 'are' : 'is'} gone now: a migration dropped data, restoring the database brings it back`,
        ...(never.length
          ? [
              `${never.map(nameOf).join(', ')} never existed (${before.source}): restoring will not add ${never.length > 1 ? 'them' : 'it'}; the release's migrations must`,
            ]
          : []),
      ],
    };
  }
  return {
    meaning: 'code',
    reasons: [
      `${all} never existed before the deploy (${before.source}): the release's code expects ${never.length > 1 ? 'them' : 'it'} and no migration created ${never.length > 1 ? 'them' : 'it'}, so restoring the database cannot help — roll back the code; ` +
        'or fix forward: apply the missing migration',
    ],
  };
}

/** What the live schema lacks of the expected one: whole tables, then columns of tables that exist. */
export function missingItems(expected: ExpectedSchema, live: Readonly<Record<string, readonly string[]>>, waived: readonly string[] = []): MissingItem[] {
  const tables = Object.keys(expected).filter((t) => !waived.includes(t));
  return [
    ...tables.filter((t) => !live[t]).map((table) => ({ table })),
    ...tables.filter((t) => live[t]).flatMap((table) => expected[table]!.filter((c) => !live[table]!.includes(c)).map((column) => ({ table, column }))),
  ];
}
