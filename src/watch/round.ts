/**
 * One watch round: the light checks of one app as one gate run (its own sealed run folder,
 * verdict and evidence, like any `verify`), run on the same machinery: the Playwright suites
 * filtered to the light spec files, the logs check, the monitoring runner. What a round does not
 * finish (the round's time limit, SIGINT/SIGTERM) is a gate `error` with the deadline's message.
 */
import type { GateConfig, ResolvedApp } from '../config/load.ts';
import type { CheckResult } from '../core/types.ts';
import { closeAppGate, openAppGate, type AppRun, type GateOptions } from '../gate/run-gate.ts';
import { deadlineFix, deadlineMessage, untilDeadline, type RunDeadline } from '../gate/deadline.ts';
import { checkResult } from '../checks/result.ts';
import { runSmokeChecks } from '../gate/phases/smoke.ts';
import { catalogueOf } from '../../config/checks.ts';
import { LIGHT_CHECKS, lightIds } from './light-checks.ts';
import { settingGaps } from '../config/setting-needs.ts';
import { applySettingGaps, runnableIds } from '../gate/setting-gaps.ts';

export interface RoundOptions {
  outRoot: string;
  /** Logs are judged from here: the previous round's start (new error lines only). */
  since: Date;
  deadline: Pick<RunDeadline, 'minutes' | 'source' | 'signal'>;
  log: (line: string) => void;
}

/** How long the round's tools get to stop after its deadline, before the folder is sealed. */
const STOP_GRACE_MS = 10_000;

async function measure(gate: Awaited<ReturnType<typeof openAppGate>>): Promise<CheckResult[]> {
  const { ctx } = gate;
  const light = LIGHT_CHECKS[ctx.app];
  const results: CheckResult[] = [];
  try {
    results.push(...(await runSmokeChecks(ctx, { signupPassword: gate.extras.signupPassword, retries: 0, specFilters: light.specFilters })));
  } catch (err) {
    ctx.log(`${gate.app.profile.name}: light smoke checks: ${(err as Error).message}`);
  }
  if (light.logs.length) {
    const { runLogsCleanCheck } = await import('../checks/aws/logs-clean.ts');
    for (const id of light.logs) results.push(await runLogsCleanCheck(ctx, id));
  }
  if (light.monitoring.length) {
    const { runMonitoringChecks } = await import('../checks/aws/monitoring.ts');
    // A check whose setting is missing is not run (and is named below, as in verify).
    const gaps = settingGaps(ctx.app, ctx.target, ctx.env.name, light.monitoring);
    results.push(...(await runMonitoringChecks(ctx, runnableIds(light.monitoring, gaps))));
  }
  return results;
}

export async function runRound(config: GateConfig, app: ResolvedApp, opts: RoundOptions): Promise<AppRun> {
  const gateOpts: GateOptions = { outRoot: opts.outRoot, log: opts.log, deployedAt: opts.since, deadline: opts.deadline, retries: 0 };
  const gate = await openAppGate(config, app, gateOpts);
  const startedAt = gate.ctx.now();
  const began = !opts.deadline.signal.aborted;
  let produced: CheckResult[] = [];
  let failure: string | undefined;
  if (began) {
    const work = measure(gate);
    try {
      const done = await untilDeadline(work, opts.deadline);
      if (done) produced = done.value;
      else await Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
    } catch (err) {
      failure = (err as Error).message;
    }
  }
  const wanted = lightIds(app.app);
  const byId = new Map(produced.filter((r) => wanted.includes(r.id)).map((r) => [r.id, r]));
  const late = opts.deadline.signal.aborted;
  const missing = (id: string) =>
    checkResult(id, {
      status: 'error',
      message: late
        ? deadlineMessage(opts.deadline, began)
        : `not measured: the light checks' runner gave no result for this check${failure ? ` (${failure})` : ''}; see the round's log`,
      startedAt,
      durationMs: 0,
      cause: 'gate',
      fix: late ? deadlineFix(opts.deadline) : 'read playwright.log in the round folder; run `postflight doctor` for the tools',
    });
  // Catalogue order, every light check exactly once: never a silent gap.
  const order = catalogueOf(app.app)
    .map((c) => c.id)
    .filter((id) => wanted.includes(id));
  const gaps = settingGaps(app.app, app.target, config.env.name, order);
  for (const r of applySettingGaps(
    order.map((id) => byId.get(id) ?? missing(id)),
    gaps,
    startedAt,
  )) {
    await gate.reporters.onResult(r);
    gate.results.push(r);
  }
  return closeAppGate(gate, ['smoke', 'monitoring']);
}
