import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { PROJECT_ROOT } from '../../host/project-root.ts';
import type { CheckResult } from '../../core/types.ts';
import { runInGroup } from '../../host/child-group.ts';
import type { GateContext } from '../../checks/context.ts';
import { measureInTurn, type MeasureRegistry } from '../../checks/registry.ts';

/** Long enough for both suites on a slow shared machine; a frozen target must not hold the run longer. */
export const DEFAULT_SMOKE_TIMEOUT_S = 15 * 60;

/** POSTFLIGHT_SMOKE_TIMEOUT_S when it is a positive number, else the default. */
export function smokeTimeoutMs(env: NodeJS.ProcessEnv): number {
  const raw = Number(env.POSTFLIGHT_SMOKE_TIMEOUT_S);
  return (Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_SMOKE_TIMEOUT_S) * 1000;
}

/** Thrown when the suites ended without results; the phase's checks become gate-caused errors. */
export class SmokeRunnerError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'SmokeRunnerError';
  }
}

/**
 * Runs the app's Playwright suites as a child process (so a browser crash cannot take the
 * gate down) in its own process group with a time limit, and reads back the CheckResults its
 * reporter wrote. The context file carries no secret: secrets reach the child only through
 * its environment.
 */
export async function runSmokeChecks(
  ctx: GateContext,
  opts: { signupPassword: string; retries: number; specFilters?: readonly string[] },
): Promise<CheckResult[]> {
  const contextPath = join(ctx.runDir, 'suite-context.json');
  writeFileSync(contextPath, JSON.stringify({ app: ctx.app, envName: ctx.env.name, runId: ctx.runId, runDir: ctx.runDir, target: ctx.target }, null, 2));
  const resultsPath = join(ctx.runDir, 'smoke-results.json');
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const logPath = join(ctx.runDir, 'playwright.log');
  const log = createWriteStream(logPath);
  const timeoutMs = smokeTimeoutMs(ctx.processEnv);
  const outcome = await runInGroup({
    command: process.execPath,
    // `specFilters`: only the spec files matching them (a watch round runs the light checks only).
    args: [cli, 'test', '--project', ctx.app, '--config', join(PROJECT_ROOT, 'playwright.config.ts'), ...(opts.specFilters ?? [])],
    cwd: PROJECT_ROOT,
    env: {
      ...ctx.processEnv,
      POSTFLIGHT_CONTEXT: contextPath,
      POSTFLIGHT_RUN_DIR: ctx.runDir,
      POSTFLIGHT_SIGNUP_PASSWORD: opts.signupPassword,
      POSTFLIGHT_RETRIES: String(opts.retries),
      FORCE_COLOR: '0',
    },
    timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    onStdout: (d) => {
      log.write(d);
      for (const line of d.toString().split('\n')) if (/^\s+(✓|✘|-|ok|x)\s/.test(line) || /^budget: /.test(line)) ctx.log(`  ${line.trim()}`);
    },
    onStderr: (d) => log.write(d),
  });
  await new Promise((r) => log.end(r));
  const rel = 'playwright.log';
  if (outcome.timedOut) {
    throw new SmokeRunnerError(
      `the Playwright suites did not finish within ${Math.round(timeoutMs / 1000)} s and were stopped (they and their browser were killed); see ${rel}`,
      'if the target is slow but healthy, raise POSTFLIGHT_SMOKE_TIMEOUT_S; otherwise the target is not answering (see the health checks)',
    );
  }
  if (outcome.aborted)
    throw new SmokeRunnerError(
      `the run's deadline passed while the Playwright suites ran; they were stopped (see ${rel})`,
      'raise --deadline (or deadlineMinutes in the environment) if the run needs longer',
    );
  if (!existsSync(resultsPath)) {
    throw new SmokeRunnerError(
      `Playwright exited with ${outcome.signal ? `signal ${outcome.signal}` : `code ${outcome.exitCode}`} and wrote no results; see ${rel}`,
      'run `npx postflight doctor` to check Chromium (apt-get install chromium, or CHROME_PATH=/path/to/chromium), then read the log',
    );
  }
  return JSON.parse(readFileSync(resultsPath, 'utf8')) as CheckResult[];
}

/**
 * The smoke ids code measures after the suites (their own requests are part of "no errors since
 * the deploy"). Every other smoke id is measured by the Playwright test of tests/<app>/ that
 * names it (`checkDetails('fr.smoke.health')`); selftest/catalogue.test.ts holds both to the catalogue.
 */
export const AFTER_SUITES_MEASURES: MeasureRegistry<GateContext> = {
  'fr.smoke.logs-clean': async (ctx, id) => (await import('../../checks/aws/logs-clean.ts')).runLogsCleanCheck(ctx, id),
};

/** The smoke phase for the ids planned: the suites when any of their ids is planned, then the measures after them. */
export async function runSmokePhase(
  ctx: GateContext,
  ids: readonly string[],
  opts: { signupPassword: string; retries: number; judgeSilences?: (results: CheckResult[]) => Promise<CheckResult[]> },
): Promise<CheckResult[]> {
  const afterSuites = ids.filter((id) => Object.hasOwn(AFTER_SUITES_MEASURES, id));
  const bySuites = ids.filter((id) => !afterSuites.includes(id));
  const judge = opts.judgeSilences ?? (async (rs: CheckResult[]) => rs);
  const suites = bySuites.length ? await judge((await runSmokeChecks(ctx, opts)).filter((r) => bySuites.includes(r.id))) : [];
  return [...suites, ...(await measureInTurn(AFTER_SUITES_MEASURES, afterSuites, ctx, ctx, 'the smoke checks after the suites (src/gate/phases/smoke.ts)'))];
}
