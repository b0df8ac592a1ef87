import type { z } from 'zod';

/**
 * The valid keys of the object schema at `path` inside `schema` (unwrapping optional,
 * default, records and unions), so a zod "unrecognized key" becomes "did you mean `x`?".
 */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let cur: unknown = schema;
  for (const part of [...path, undefined]) {
    cur = unwrap(cur);
    const def = (cur as { def?: { type?: string } } | undefined)?.def as Record<string, any> | undefined;
    if (!def) return [];
    if (part === undefined) {
      if (def.type === 'object') return Object.keys(def.shape);
      if (def.type === 'union') return [...new Set((def.options as unknown[]).flatMap((o) => keysAt(o as z.ZodType, [])))];
      return [];
    }
    if (def.type === 'object') cur = def.shape[part as string];
    else if (def.type === 'record') cur = def.valueType;
    else if (def.type === 'array') cur = def.element;
    else return [];
  }
  return [];
}

function unwrap(schema: unknown): unknown {
  let cur = schema as { def?: Record<string, any> } | undefined;
  while (cur?.def && ['optional', 'default', 'nullable', 'prefault', 'pipe'].includes(cur.def.type)) cur = cur.def.innerType ?? cur.def.in;
  return cur;
}
