import type { Assertion, Operator } from './types.ts';

/** Operators live in one lookup table (lighthouse-ci habit). */
const OPERATORS: Record<Operator, (actual: unknown, expected: unknown) => boolean> = {
  '<': (a, e) => typeof a === 'number' && typeof e === 'number' && a < e,
  '<=': (a, e) => typeof a === 'number' && typeof e === 'number' && a <= e,
  '>': (a, e) => typeof a === 'number' && typeof e === 'number' && a > e,
  '>=': (a, e) => typeof a === 'number' && typeof e === 'number' && a >= e,
  '==': (a, e) => JSON.stringify(a) === JSON.stringify(e),
  '!=': (a, e) => JSON.stringify(a) !== JSON.stringify(e),
  in: (a, e) => Array.isArray(e) && e.includes(a),
  includes: (a, e) => (Array.isArray(a) ? a.includes(e) : typeof a === 'string' && a.includes(String(e))),
  matches: (a, e) => typeof a === 'string' && new RegExp(String(e)).test(a),
  truthy: (a) => Boolean(a),
};

/** Compares `actual` with `expected`; a missing measurement (undefined/NaN) never passes. */
export function assertThat(name: string, actual: unknown, operator: Operator, expected: unknown, extra: { values?: number[]; unit?: string } = {}): Assertion {
  const measured = actual !== undefined && !(typeof actual === 'number' && Number.isNaN(actual));
  const passed = measured && OPERATORS[operator](actual, expected);
  const unit = extra.unit ?? '';
  const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : `${JSON.stringify(v)}${unit}`);
  const message = !measured
    ? `${name}: not measured (expected ${operator} ${show(expected)})`
    : `${name}: ${show(actual)} ${passed ? 'meets' : 'fails'} ${operator} ${show(expected)}`;
  return { name, expected, actual: measured ? actual : null, operator, passed, message, ...(extra.values ? { values: extra.values } : {}) };
}
