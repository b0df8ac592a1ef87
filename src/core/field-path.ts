/**
 * Response field paths as data (`data.accessToken`, `services`): deployments name their
 * fields differently, so the suites read them through the profile, not through code.
 */
export function at(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value;
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * Every dot path in a JSON value whose last segment or value looks like `wanted`: what the
 * contract probe offers when the configured path is missing ("found `data.jwt` instead").
 */
export function candidatePaths(value: unknown, accept: (key: string, v: unknown) => boolean, prefix = '', depth = 0, out: string[] = []): string[] {
  if (depth > 6 || value === null || typeof value !== 'object') return out;
  const entries = Array.isArray(value) ? value.slice(0, 1).map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  for (const [k, v] of entries) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (accept(k, v)) out.push(path);
    candidatePaths(v, accept, path, depth + 1, out);
  }
  return out;
}
