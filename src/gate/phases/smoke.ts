import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { PROJECT_ROOT } from '../../host/project-root.ts';
import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';

/**
 * Runs the app's Playwright suites as a child process (so a browser crash cannot take the
 * gate down) and reads back the CheckResults its reporter wrote. The context file carries
 * no secret: secrets reach the child only through its environment.
 */
export async function runSmokeChecks(ctx: GateContext, opts: { signupPassword: string; retries: number }): Promise<CheckResult[]> {
  const contextPath = join(ctx.runDir, 'suite-context.json');
  writeFileSync(contextPath, JSON.stringify({ app: ctx.app, envName: ctx.env.name, runId: ctx.runId, runDir: ctx.runDir, target: ctx.target }, null, 2));
  const resultsPath = join(ctx.runDir, 'smoke-results.json');
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const logPath = join(ctx.runDir, 'playwright.log');
  const log = createWriteStream(logPath);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'test', '--project', ctx.app, '--config', join(PROJECT_ROOT, 'playwright.config.ts')], {
      cwd: PROJECT_ROOT,
      env: {
        ...ctx.processEnv,
        POSTFLIGHT_CONTEXT: contextPath,
        POSTFLIGHT_RUN_DIR: ctx.runDir,
        POSTFLIGHT_SIGNUP_PASSWORD: opts.signupPassword,
        POSTFLIGHT_RETRIES: String(opts.retries),
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => {
      log.write(d);
      for (const line of d.toString().split('\n')) if (/^\s+(✓|✘|-|ok|x)\s/.test(line)) ctx.log(`  ${line.trim()}`);
    });
    child.stderr.on('data', (d: Buffer) => log.write(d));
    child.on('error', reject);
    child.on('exit', (c) => resolve(c ?? 1));
  });
  await new Promise((r) => log.end(r));
  if (!existsSync(resultsPath)) {
    throw new Error(`Playwright exited with code ${code} and wrote no results; see ${logPath}`);
  }
  return JSON.parse(readFileSync(resultsPath, 'utf8')) as CheckResult[];
}
