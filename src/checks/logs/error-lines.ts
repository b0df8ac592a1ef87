import { compilePattern, DEFAULT_ERROR_LINES, type ErrorLineRules } from '../../config/log-formats.ts';

/**
 * Is this log line an error (pure)? A JSON line with a level field is judged by that level
 * alone (so `{"level":"info","msg":"ERROR count: 0"}` is not an error); any other line by the
 * text patterns, after its ANSI colour codes are removed (NestJS and winston colour the level:
 * `\u001b[31mERROR\u001b[39m` has no word boundary before ERROR until they are gone).
 */

export type ErrorLineTest = (line: string) => boolean;

// ESC [ params letter: colours (m) and the odd cursor code some loggers emit.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** The parsed object of a JSON line, or undefined (not JSON, or not an object). */
export function jsonObject(line: string): Record<string, unknown> | undefined {
  const t = line.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A field by literal key first (`log.level` in ECS), then as a dotted path. */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  let v: unknown = obj;
  for (const key of name.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

export function errorLineTest(rules: ErrorLineRules = DEFAULT_ERROR_LINES): ErrorLineTest {
  const patterns = rules.textPatterns.map(compilePattern);
  const levels = new Set(rules.errorLevels.map((l) => l.toLowerCase()));
  const levelIsError = (level: unknown): boolean => {
    if (typeof level === 'number') return level >= rules.minNumericLevel;
    if (typeof level !== 'string') return false;
    const word = stripAnsi(level).trim();
    if (/^\d+$/.test(word)) return Number(word) >= rules.minNumericLevel;
    return levels.has(word.toLowerCase());
  };
  return (line) => {
    const obj = jsonObject(line);
    if (obj) {
      const found = rules.jsonLevelFields.map((f) => field(obj, f)).filter((v) => v !== undefined);
      if (found.length > 0) return found.some(levelIsError);
    }
    const text = stripAnsi(line);
    return patterns.some((p) => p.test(text));
  };
}

/** The default rules, for callers without an app context. */
export const isErrorLine: ErrorLineTest = errorLineTest();
