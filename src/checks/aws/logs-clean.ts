import { readFile } from 'node:fs/promises';
import type { LogEventInfo } from '../../aws/logs.ts';
import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../../gate/context.ts';
import { errorResult } from '../../gate/result.ts';
import { awsScope, runCheck, runLocalCheck } from './finding.ts';
import { evaluateErrorLines } from './log-rules.ts';
import { errorLines, requireGroups } from './monitoring.ts';

const ID = 'fr.smoke.logs-clean';

/** `2026-11-25T07:12:00.000Z ERROR message` lines (the sandbox apps' log format) since `since`. */
export function parseLogLines(text: string, since: Date): LogEventInfo[] {
  return text.split('\n').flatMap((line) => {
    const m = /^(\S+)\s+(.*)$/.exec(line);
    const at = m ? new Date(m[1]) : undefined;
    return m && at && !Number.isNaN(at.getTime()) && at >= since ? [{ at, message: m[2] }] : [];
  });
}

/**
 * Smoke checklist "No errors in CloudWatch logs": the app's log groups since the deploy. When
 * the environment has no CloudWatch (the sandbox without --aws), the app's own log file is
 * read instead; with neither, the check cannot measure and says where to point it.
 */
export async function runLogsCleanCheck(ctx: GateContext): Promise<CheckResult> {
  const window = { since: ctx.deployedAt, label: `since the deploy (${ctx.deployedAt.toISOString()})` };
  if (ctx.env.aws && ctx.target.aws) {
    const scope = awsScope(ctx);
    try {
      return await runCheck(ID, ctx, scope, async (aws, names) => {
        requireGroups(names);
        return evaluateErrorLines(await errorLines(aws, names.logGroups, ctx.deployedAt, ctx.now()), window);
      });
    } finally {
      if (scope.ok) scope.aws.destroy();
    }
  }
  const file = ctx.target.appLogFile;
  if (file) return runLocalCheck(ID, ctx, async () => evaluateErrorLines(new Map([[file, parseLogLines(await readFile(file, 'utf8').catch(() => ''), ctx.deployedAt)]]), window));
  return errorResult(ID, ctx.now(), ctx.now, 'no log source: the environment names neither CloudWatch log groups nor an application log file', `add \`aws\` and \`apps.${ctx.app}.aws.logGroups\` to the environment`);
}
