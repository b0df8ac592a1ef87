import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertThat } from '../../core/assertions.ts';
import type { CheckResult, Status } from '../../core/types.ts';
import { envSegment, safeSegment } from '../../evidence/run-folder.ts';
import type { GateContext } from '../context.ts';
import { checkResult } from '../result.ts';

interface PastRun {
  runId: string;
  decision?: string;
  release?: string;
  checks: Array<{ id: string; phase: string; status: Status }>;
}

/** The staging gate's runs for this app, newest first, read from the run folders. */
async function stagingRuns(ctx: GateContext, envName: string): Promise<PastRun[]> {
  const dir = join(ctx.reportsRoot, safeSegment(ctx.app), envSegment(envName));
  const names = await readdir(dir).catch(() => [] as string[]);
  const runs: PastRun[] = [];
  for (const runId of names.sort().reverse()) {
    if (runId === ctx.runId) continue;
    try {
      const v = JSON.parse(await readFile(join(dir, runId, 'verdict.json'), 'utf8'));
      runs.push({ runId, decision: v.decision, release: v.run?.release, checks: v.checks ?? [] });
    } catch {
      // unfinished run: no verdict to trust
    }
  }
  return runs;
}

/**
 * "Smoke (and performance) tests passed on staging" as evidence, not memory: the newest staging
 * gate run of the same release. `smokeOnly` judges just its smoke checks (fc.pre.staging-smoke).
 */
export async function stagingGateCheck(ctx: GateContext, id: string, smokeOnly: boolean): Promise<CheckResult> {
  const startedAt = ctx.now();
  const staging = ctx.target.staging;
  const done = (status: Status | undefined, message: string, assertions = [] as ReturnType<typeof assertThat>[]) =>
    checkResult(id, { ...(status ? { status } : {}), message, assertions, startedAt, durationMs: ctx.now().getTime() - startedAt.getTime() });
  if (!staging) return done('inconclusive', `no staging environment configured: set apps.${ctx.app}.staging.envName so the gate can find the staging verdict`);
  const runs = (await stagingRuns(ctx, staging.envName)).filter((r) => !ctx.target.release || r.release === ctx.target.release);
  const run = runs.find((r) => !smokeOnly || r.checks.some((c) => c.phase === 'smoke'));
  if (!run)
    return done(
      'inconclusive',
      `no gate run on ${staging.envName}${ctx.target.release ? ` for release ${ctx.target.release}` : ''} under ${ctx.reportsRoot}: run \`postflight verify --env ${staging.envName}\` first`,
    );
  if (smokeOnly) {
    const smoke = run.checks.filter((c) => c.phase === 'smoke');
    const bad = smoke.filter((c) => c.status !== 'pass');
    return done(
      undefined,
      `staging run ${run.runId}: ${smoke.length - bad.length}/${smoke.length} smoke checks passed${bad.length ? ` (not passed: ${bad.map((c) => `${c.id} ${c.status}`).join(', ')})` : ''}`,
      [assertThat('staging smoke checks not passed', bad.length, '==', 0)],
    );
  }
  return done(undefined, `staging run ${run.runId} decided ${run.decision}`, [assertThat('staging gate decision', run.decision, '==', 'GO')]);
}

/** fc.pre.staging-health: the staging API's health answers 200 (runbook 1.1). */
export async function stagingHealthCheck(ctx: GateContext, id: string, healthPath: string): Promise<CheckResult> {
  const startedAt = ctx.now();
  const url = ctx.target.staging?.apiUrl;
  const finish = (found: { status?: Status; message: string; assertions?: ReturnType<typeof assertThat>[] }) =>
    checkResult(id, { ...found, startedAt, durationMs: ctx.now().getTime() - startedAt.getTime() });
  if (!url) return finish({ status: 'inconclusive', message: `no staging API URL configured: set apps.${ctx.app}.staging.apiUrl` });
  try {
    const res = await fetch(new URL(healthPath, url), { signal: AbortSignal.timeout(10_000) });
    return finish({
      message: `staging health ${new URL(healthPath, url)} answered ${res.status}`,
      assertions: [assertThat('staging health answers 200', res.status, '==', 200)],
    });
  } catch (err) {
    return finish({ status: 'error', message: `could not reach staging health at ${url}: ${(err as Error).message}` });
  }
}
