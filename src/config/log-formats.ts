import { z } from 'zod';

/**
 * What "an error line" looks like in an app's logs, as data: fr.smoke.logs-clean,
 * fc.mon.log-errors and fr.deploy.backend-logs all use it. The defaults recognise the common
 * formats out of the box; an app profile (`errorLines`) or an environment
 * (`apps.<app>.errorLines`) may replace any field.
 */
export interface ErrorLineRules {
  /** JSON lines: the fields that hold the level (a literal key like `log.level` counts too). */
  jsonLevelFields: string[];
  /** JSON level words that mean "error" (compared case-insensitively). */
  errorLevels: string[];
  /** JSON numeric levels at or above this are errors (pino and bunyan: 50 error, 60 fatal). */
  minNumericLevel: number;
  /**
   * Text lines (ANSI colour codes removed first): a line matching any of these is an error.
   * Each is a regular expression, `/source/flags` or a bare source (case-sensitive).
   */
  textPatterns: string[];
  /**
   * CloudWatch filter patterns that fetch the candidate lines (each run on its own, results
   * merged); they only narrow the fetch, the rules above decide. Terms are case-sensitive there.
   */
  cloudWatchFilters: string[];
}

export const DEFAULT_ERROR_LINES: ErrorLineRules = {
  // pino/bunyan/winston JSON `level`, Google/Stackdriver `severity`, ECS `log.level`, logrus `lvl`.
  jsonLevelFields: ['level', 'severity', 'log.level', 'levelname', 'lvl'],
  errorLevels: ['error', 'fatal', 'critical', 'crit', 'alert', 'emergency', 'emerg', 'panic'],
  minNumericLevel: 50,
  textPatterns: [
    // Plain, log4j `[ERROR]`, Python `ERROR:root:`, NestJS `ERROR [ExceptionsHandler]` (once
    // its colours are gone). Upper case and a whole word: `error_count=0`, `ErrorController`
    // and "0 errors" are not error lines.
    String.raw`\b(?:ERROR|FATAL)\b`,
    // logfmt (logrus, k6, Go services): level=error
    String.raw`/(?:^|\s)(?:level|lvl|severity)=["']?(?:error|fatal|critical|panic)\b/i`,
    // winston's `simple` format and friends: the level first, then a colon.
    String.raw`^(?:error|fatal|crit):\s`,
  ],
  cloudWatchFilters: ['?ERROR ?FATAL ?error ?fatal ?Error ?critical ?CRITICAL', '{ $.level >= 50 }'],
};

/** `/source/flags` or a bare source, compiled; throws with the reason when it is not a regex. */
export function compilePattern(pattern: string): RegExp {
  const slashed = /^\/(.+)\/([dgimsuy]*)$/s.exec(pattern);
  return slashed ? new RegExp(slashed[1], slashed[2].replace('g', '')) : new RegExp(pattern);
}

const pattern = z
  .string()
  .min(1)
  .superRefine((p, ctx) => {
    try {
      compilePattern(p);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(error as Error).message}` });
    }
  });

/** The environment's (or profile's) override: any field, each replacing the default. */
export const errorLinesSchema = z.strictObject({
  jsonLevelFields: z.array(z.string().min(1)).optional(),
  errorLevels: z.array(z.string().min(1)).optional(),
  minNumericLevel: z.number().optional(),
  textPatterns: z.array(pattern).optional(),
  cloudWatchFilters: z.array(z.string().min(1)).min(1).optional(),
});

export type ErrorLinesOverride = z.infer<typeof errorLinesSchema>;

/** Defaults, then the profile's fields, then the environment's (each field replaces). */
export function resolveErrorLines(...layers: (ErrorLinesOverride | undefined)[]): ErrorLineRules {
  return layers.reduce<ErrorLineRules>((rules, layer) => ({ ...rules, ...definedFields(layer) }), DEFAULT_ERROR_LINES);
}

function definedFields(layer: ErrorLinesOverride | undefined): Partial<ErrorLineRules> {
  return Object.fromEntries(Object.entries(layer ?? {}).filter(([, v]) => v !== undefined));
}
