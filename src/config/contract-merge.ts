/**
 * Deep merge of an override (already checked by `checkOverride`) over the profile: objects
 * merge key by key, lists and scalars replace. Never mutates either side.
 */
export function deepMerge<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (base === null || typeof base !== 'object' || Array.isArray(base) || override === null || typeof override !== 'object' || Array.isArray(override))
    return override as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(override as Record<string, unknown>)) out[k] = deepMerge(out[k], v);
  return out as T;
}
