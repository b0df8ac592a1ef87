import { readFile } from 'node:fs/promises';
import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { errorResult } from '../result.ts';
import { awsScope, runCheck, runLocalCheck } from './finding.ts';
import { evaluateErrorLines } from './log-rules.ts';
import { errorLines, requireGroups } from './monitoring.ts';
import { parseLogLines, readLogLines } from '../logs/log-file.ts';
import type { Finding } from '../../core/finding.ts';
import type { ErrorLineTest } from '../logs/error-lines.ts';
import { errorLinesOf } from '../logs/app-error-lines.ts';
import { errorLineTest } from '../logs/error-lines.ts';
import { readProbeWindows } from '../logs/probe-windows.ts';

/** Kept here too: the log-file reader moved to src/checks/logs/log-file.ts. */
export { parseLogLines };

/**
 * Smoke checklist "No errors in CloudWatch logs": the app's log groups since the deploy. When
 * the environment has no CloudWatch (the sandbox without --aws), the app's own log file is
 * read instead; with neither, the check cannot measure and says where to point it.
 */
export async function runLogsCleanCheck(ctx: GateContext, id: string): Promise<CheckResult> {
  const window = { since: ctx.deployedAt, label: `since the deploy (${ctx.deployedAt.toISOString()})` };
  const rules = errorLinesOf(ctx);
  const isError = errorLineTest(rules);
  // The windows the security probes of this run recorded: the lines they provoked are not the release's.
  const probes = readProbeWindows(ctx.runDir);
  if (ctx.env.aws && ctx.target.aws) {
    const scope = awsScope(ctx);
    try {
      return await runCheck(id, ctx, scope, async (aws, names) => {
        requireGroups(names);
        return evaluateErrorLines(await errorLines(aws, names.logGroups, ctx.deployedAt, ctx.now(), rules.cloudWatchFilters), window, isError, probes);
      });
    } finally {
      if (scope.ok) scope.aws.destroy();
    }
  }
  const file = ctx.target.appLogFile;
  if (file) return runLocalCheck(id, ctx, () => judgeLogFile(ctx, file, window, isError, probes));
  return errorResult(
    id,
    ctx.now(),
    ctx.now,
    'no log source: the environment names neither CloudWatch log groups nor an application log file',
    `add \`aws\` and \`apps.${ctx.app}.aws.logGroups\` to the environment`,
  );
}

/**
 * The app's log file, judged: a file the gate cannot read, or lines whose time it cannot tell,
 * were not measured — `error`, the gate's, with the fix — never an empty, clean log.
 */
async function judgeLogFile(
  ctx: GateContext,
  file: string,
  window: { since: Date; label: string },
  isError: ErrorLineTest,
  probes: ReturnType<typeof readProbeWindows>,
): Promise<Finding> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return {
      status: 'error',
      cause: 'gate',
      message: `not measured: the application log file ${file} cannot be read (${code})`,
      fix: `make ${file} readable by the gate, or point apps.${ctx.app}.appLogFile at the file the app writes`,
      assertions: [],
    };
  }
  const format = ctx.target.logFormat ? new RegExp(ctx.target.logFormat) : undefined;
  const { lines, unknown } = readLogLines(text, ctx.deployedAt, format);
  const judged = evaluateErrorLines(new Map([[file, lines]]), window, isError, probes);
  if (unknown.length === 0) return judged;
  const sample = unknown[0]!.slice(0, 120);
  return {
    ...judged,
    status: 'error',
    cause: 'gate',
    message: `${judged.message}; not measured: ${unknown.length} line(s) of ${file} have no time the gate can read (e.g. "${sample}"), so they cannot be placed before or after the deploy`,
    fix: `set apps.${ctx.app}.logFormat to a regular expression whose first group captures each line's time (e.g. "^time=(\\S+)")${ctx.target.logFormat ? ` — the current one (${ctx.target.logFormat}) does not match these lines` : ''}`,
    metrics: { ...judged.metrics, linesWithoutTime: unknown.length },
  };
}
