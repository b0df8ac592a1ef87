import { closest } from './suggest.ts';

/** One problem in an override, with the full key path and what would fix it. */
export interface OverrideProblem {
  path: string;
  message: string;
  hint?: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const kind = (v: unknown): string => (Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v);

/**
 * Checks an environment's override against the profile's defaults, strictly at every depth:
 * the defaults ARE the schema (every key an override may set exists in the profile, with a
 * value of the same kind), so a new profile key is overridable without touching any schema,
 * and a typo anywhere is an error naming its full path and the closest valid key.
 * Lists replace the default wholesale; list items must be of the default items' kind.
 * Pure: returns every problem at once.
 */
export function checkOverride(defaults: unknown, override: unknown, path: string): OverrideProblem[] {
  if (isPlainObject(defaults)) {
    if (!isPlainObject(override))
      return [{ path, message: `must be an object (found ${kind(override)})`, hint: `valid keys: ${Object.keys(defaults).join(', ')}` }];
    const problems: OverrideProblem[] = [];
    for (const [key, value] of Object.entries(override)) {
      if (!(key in defaults)) {
        const near = closest(key, Object.keys(defaults));
        problems.push({
          path: `${path}.${key}`,
          message: 'unknown key',
          hint: near ? `did you mean \`${path}.${near}\`? valid keys: ${Object.keys(defaults).join(', ')}` : `valid keys: ${Object.keys(defaults).join(', ')}`,
        });
      } else problems.push(...checkOverride(defaults[key], value, `${path}.${key}`));
    }
    return problems;
  }
  if (Array.isArray(defaults)) {
    if (!Array.isArray(override)) return [{ path, message: `must be a list (found ${kind(override)})` }];
    const sample = defaults[0];
    if (sample === undefined) return [];
    return override.flatMap((item, i) => checkOverride(sample, item, `${path}[${i}]`));
  }
  if (kind(override) !== kind(defaults))
    return [
      { path, message: `must be a ${kind(defaults)} like the default ${JSON.stringify(defaults)} (found ${kind(override)} ${JSON.stringify(override)})` },
    ];
  if (typeof defaults === 'string' && defaults.startsWith('/') && !(override as string).startsWith('/')) {
    return [{ path, message: `must be a path starting with "/" (found ${JSON.stringify(override)})`, hint: 'paths are relative to apiUrl / webUrl' }];
  }
  return [];
}
