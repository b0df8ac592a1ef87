import type { CheckResult, Waiver } from '../core/types.ts';

/** `fc.smoke.health:s3` -> { id, expectation }. */
function split(key: string): { id: string; expectation?: string } {
  const i = key.indexOf(':');
  return i < 0 ? { id: key } : { id: key.slice(0, i), expectation: key.slice(i + 1) };
}

/**
 * Applies an environment's waivers to results (pure). A whole-check waiver turns the result
 * into `waived` whatever the runner found (a runner may not know waivers; what it measured on
 * a check declared not to apply is not evidence either way). An expectation waiver is attached
 * to its check's result so every report lists it; the check's code leaves that expectation out.
 */
export function applyWaivers(results: readonly CheckResult[], waive: Readonly<Record<string, string>> | undefined, by: string): CheckResult[] {
  const entries = Object.entries(waive ?? {});
  if (entries.length === 0) return [...results];
  return results.map((r) => {
    const whole = waive?.[r.id];
    const parts = entries.filter(([k]) => split(k).id === r.id && split(k).expectation !== undefined).map(([item, reason]): Waiver => ({ item, reason, by }));
    if (whole !== undefined) {
      const { cause: _cause, fix: _fix, ...rest } = r;
      return {
        ...rest,
        status: 'waived',
        message: `not verified by the gate: ${whole} (waived by ${by})`,
        assertions: [],
        waivers: [{ item: r.id, reason: whole, by }],
      };
    }
    if (parts.length === 0) return r;
    const known = new Set((r.waivers ?? []).map((w) => w.item));
    const waivers = [...(r.waivers ?? []), ...parts.filter((p) => !known.has(p.item))];
    // Never a pass: a check with a waived expectation is at best `waived`; a fail stays a fail.
    if (r.status !== 'pass') return { ...r, waivers };
    return {
      ...r,
      waivers,
      status: 'waived',
      message: `not verified by the gate: ${waivers.map((w) => `${w.item} (${w.reason})`).join('; ')}; the rest passed: ${r.message}`,
    };
  });
}

/** Every waiver in a set of results, once each, in result order. */
export function collectWaivers(results: readonly CheckResult[]): Waiver[] {
  const seen = new Set<string>();
  const out: Waiver[] = [];
  for (const r of results) for (const w of r.waivers ?? []) if (!seen.has(w.item)) seen.add(w.item), out.push(w);
  return out;
}
