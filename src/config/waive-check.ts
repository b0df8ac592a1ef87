import { catalogueOf } from '../../config/checks.ts';
import { WAIVABLE } from '../../config/waivable.ts';
import type { AppId } from '../core/types.ts';
import type { OverrideProblem } from './contract-check.ts';
import { closest } from './suggest.ts';

/** `fc.smoke.health:s3` -> { id, expectation }. */
export function splitWaiverKey(key: string): { id: string; expectation?: string } {
  const i = key.indexOf(':');
  return i < 0 ? { id: key } : { id: key.slice(0, i), expectation: key.slice(i + 1) };
}

/**
 * Every waiver of one app target names a catalogue check of that app and, for a single
 * expectation, one the check knows (config/waivable.ts). An unknown id is an error: a typo
 * would otherwise silently waive nothing, and the meeting would believe it was checked.
 */
export function checkWaivers(app: AppId, waive: Record<string, string>, profile: { expected?: Record<string, unknown> }): OverrideProblem[] {
  const ids = catalogueOf(app).map((c) => c.id);
  const problems: OverrideProblem[] = [];
  for (const key of Object.keys(waive)) {
    const { id, expectation } = splitWaiverKey(key);
    const path = `apps.${app}.waive["${key}"]`;
    if (!ids.includes(id)) {
      const near = closest(id, ids);
      problems.push({
        path,
        message: `unknown check id "${id}" for ${app}`,
        hint: near
          ? `did you mean "${near}${expectation !== undefined ? `:${expectation}` : ''}"? (ids: README "Checks")`
          : 'use a check id of this app (README "Checks")',
      });
      continue;
    }
    if (expectation === undefined) continue;
    const names = WAIVABLE[id]?.(profile) ?? [];
    if (!names.includes(expectation)) {
      const near = closest(expectation, names);
      problems.push({
        path,
        message: `unknown expectation "${expectation}" of ${id}`,
        hint: names.length
          ? `${near ? `did you mean "${id}:${near}"? ` : ''}waivable: ${names.map((n) => `${id}:${n}`).join(', ')}`
          : `${id} has no single waivable expectation: waive "${id}" whole`,
      });
    }
  }
  return problems;
}
