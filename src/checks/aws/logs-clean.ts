import { readFile } from 'node:fs/promises';
import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { errorResult } from '../result.ts';
import { awsScope, runCheck, runLocalCheck } from './finding.ts';
import { evaluateErrorLines } from './log-rules.ts';
import { errorLines, requireGroups } from './monitoring.ts';
import { parseLogLines } from '../logs/log-file.ts';
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
  if (file) return runLocalCheck(id, ctx, async () => evaluateErrorLines(new Map([[file, parseLogLines(await readFile(file, 'utf8').catch(() => ''), ctx.deployedAt)]]), window, isError, probes));
  return errorResult(id, ctx.now(), ctx.now, 'no log source: the environment names neither CloudWatch log groups nor an application log file', `add \`aws\` and \`apps.${ctx.app}.aws.logGroups\` to the environment`);
}
