import type { ErrorLineRules, ErrorLinesOverride } from '../../config/log-formats.ts';
import { resolveErrorLines } from '../../config/log-formats.ts';
import type { AppTarget } from '../../config/environment.ts';
import { errorLineTest, type ErrorLineTest } from './error-lines.ts';

/** The error-line rules of one app on one target: defaults, then profile, then environment. */
export function errorLinesOf(ctx: { profile: unknown; target: Pick<AppTarget, 'errorLines'> }): ErrorLineRules {
  return resolveErrorLines((ctx.profile as { errorLines?: ErrorLinesOverride }).errorLines, ctx.target.errorLines);
}

export function errorLineTestOf(ctx: { profile: unknown; target: Pick<AppTarget, 'errorLines'> }): ErrorLineTest {
  return errorLineTest(errorLinesOf(ctx));
}
