import { createHash } from 'node:crypto';

/**
 * The values the gate types and posts, as data: the profile's `data` (overridable per field
 * as `apps.<app>.contract.data.<key>`) holds templates that look like a person's input.
 * `{tag}` is a letters-only word derived from the run id (names accept letters, spaces,
 * hyphens and apostrophes only); `{runId}` is the run id itself, for fields that take it
 * (notes, organisation names). Pure.
 */

const SYLLABLES = ['ka', 'lo', 'mi', 're', 'ta', 've', 'do', 'sa', 'ni', 'ro', 'be', 'lu', 'ma', 'te', 'vi', 'no'];

/** A capitalised letters-only word for this run (e.g. `Kalomire`): 16^4 variants, stable per run id. */
export function runTag(runId: string): string {
  const digest = createHash('sha256').update(runId).digest();
  const word = Array.from({ length: 4 }, (_, i) => SYLLABLES[digest[i]! % SYLLABLES.length]).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Fills `{tag}` and `{runId}` in one template. */
export function fillTemplate(template: string, runId: string): string {
  return template.replaceAll('{tag}', runTag(runId)).replaceAll('{runId}', runId);
}

/** The value for `key` from a profile's `data`, filled for this run; a missing key is a programming error. */
export function testValue(profile: { id: string; data?: Record<string, string> }, runId: string, key: string): string {
  const template = profile.data?.[key];
  if (template === undefined) throw new Error(`test data "${key}" is not in the ${profile.id} profile's data`);
  return fillTemplate(template, runId);
}

/** The config key that changes one value the gate types: `apps.financial-rise.contract.data.clientName`. */
export function dataKey(app: string, key: string): string {
  return `apps.${app}.contract.data.${key}`;
}
