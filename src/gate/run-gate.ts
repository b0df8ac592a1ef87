import type { ProgressEvent, ProgressSink } from '../core/progress.ts';
import { basename, dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { entryFromReport } from '../evidence/history/entry.ts';
import { recordInHistory } from '../evidence/history/index-file.ts';
import type { RunReport } from '../evidence/reporters/report-doc.ts';
import { generatePassword } from '../core/random-secret.ts';
import type { ResolvedApp, GateConfig } from '../config/load.ts';
import type { CheckResult, Phase, Verdict } from '../core/types.ts';
import { decide } from '../verdict/decide.ts';
import { createRunFolder, finalize } from '../evidence/run-folder.ts';
import { multiplex } from '../evidence/reporters/multiplex.ts';
import { runFolderReporters } from '../evidence/reporters/standard.ts';
import { hostFacts } from '../evidence/host-facts.ts';
import { lastGoBaselines, observedMetrics, productionMetrics } from './baseline.ts';
import { fillMissing, orderByPlan, phasePlan } from './completeness.ts';
import type { GateContext } from '../checks/context.ts';
import { applyWaivers } from '../verdict/waivers.ts';
import { settingGaps } from '../config/setting-needs.ts';
import { applySettingGaps, runnableIds } from './setting-gaps.ts';
import { PHASE_RUNNERS, type PhaseExtras } from './phase-runners.ts';
import { deadlineFix, deadlineMessage, untilDeadline, type RunDeadline } from './deadline.ts';
import { requestBudget, type RequestBudget } from '../http/request-budget.ts';
import type { ShardSpec } from './shard.ts';
import type { RunGroup } from './run-group.ts';
import { partialVerdict, planKeyOf, type ShardRecord } from './shard-record.ts';

export interface AppRun {
  app: ResolvedApp['app'];
  runDir: string;
  verdict: Verdict;
  results: CheckResult[];
  /** Problems with the evidence itself (a reporter failed, a secret survived in a binary). */
  evidenceProblems: string[];
  /** Wall time of each phase, in seconds. */
  phaseSeconds: Partial<Record<Phase, number>>;
  /** sha256 of the run folder's manifest.json: the seal (printed, journaled, indexed). */
  manifestSha256?: string;
}

export interface GateOptions {
  outRoot: string;
  /**
   * Where earlier gate runs are read (staging verdicts, baselines); default `outRoot`. A deploy's
   * step checks write into the deploy's folder but must still see the reports of real gate runs.
   */
  reportsRoot?: string;
  loadEngine?: 'auto' | 'k6' | 'embedded';
  /** `--k6-summary`: per app, a k6 summary file to judge instead of running load. */
  k6Summaries?: Partial<Record<ResolvedApp['app'], string>>;
  retries?: number;
  flakyBlocksGo?: boolean;
  log: (line: string) => void;
  /** Live progress of the long waits for the console (src/cli/live-console.ts); absent: none. */
  progress?: ProgressSink;
  now?: () => Date;
  /** `--deployed-at`: overrides the environment's `deployedAt`. */
  deployedAt?: Date;
  /** The run's overall deadline (shared by every app of one `verify`). */
  deadline?: Pick<RunDeadline, 'minutes' | 'source' | 'signal'>;
  /**
   * A deploy step's `checks`: measure exactly these catalogue ids (orchestrator-owned ones
   * included, e.g. `fc.deploy.tasks`) instead of the gate's own ids of each selected phase.
   */
  checkIds?: readonly string[];
  /** The deploy's pre-deploy snapshot, readable as a database (see GateContext). */
  preDeploySnapshot?: GateContext['preDeploySnapshot'];
  /** `--shard i/n`: run only this shard's part of the plan (src/gate/shard.ts). */
  shard?: ShardSpec;
  /** With `shard`: the run the shard is part of (src/gate/run-group.ts), recorded in shard.json. */
  runGroup?: RunGroup;
}

/** After the deadline, how long a runner gets to stop its tools before the evidence is sealed. */
const STOP_GRACE_MS = 10_000;

/** Without a deploy time, logs and alarms are judged over the last hour (the runbook's window). */
const DEFAULT_SINCE_MS = 60 * 60_000;

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** One app's gate run while it is under way: its folder, reporters, context and results so far. */
export interface AppGate {
  app: ResolvedApp;
  ctx: GateContext;
  dir: string;
  reporters: ReturnType<typeof multiplex>;
  results: CheckResult[];
  secrets: string[];
  extras: PhaseExtras;
  flakyBlocksGo: boolean;
  /** Whether this run goes into the history index (a real gate run, not a deploy step's checks). */
  recordHistory: boolean;
  /** Wall time of each phase this app ran (`npm run bench` reads them). */
  phaseSeconds: Partial<Record<Phase, number>>;
  deadline?: GateOptions['deadline'];
  /** `GateOptions.checkIds`: the ids a deploy step asked for, else the gate's own. */
  checkIds?: readonly string[];
  budget: RequestBudget;
  /** Set when the run is one shard: its folder gets shard.json and a partial verdict. */
  shard?: { spec: ShardSpec; phases: readonly Phase[]; runGroup?: RunGroup };
}

/** Opens the run folder and the reporters for one app; nothing is measured yet. */
export async function openAppGate(config: GateConfig, app: ResolvedApp, opts: GateOptions): Promise<AppGate> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const folder = await createRunFolder({ root: opts.outRoot, app: app.app, env: config.env.name, now: started });
  const signupPassword = generatePassword();
  const log = (line: string) => opts.log(line);
  const reporters = multiplex(runFolderReporters({ dir: folder.dir, runbookReports: app.profile.runbookReports }), log, now);
  // Shared with the suites' child process and `doctor` through its ledger (one per target).
  const budget = requestBudget({
    apiUrl: app.target.apiUrl,
    app: app.app,
    limits: app.profile.rateLimits,
    paths: { ...(app.profile.routes as Record<string, string>), ...(app.target.routes ?? {}) },
    run: folder.runId,
    log,
    ...(opts.deadline ? { signal: opts.deadline.signal } : {}),
  });
  const ctx: GateContext = {
    app: app.app,
    profile: app.profile,
    target: app.target,
    env: config.env,
    runId: folder.runId,
    runDir: folder.dir,
    reportsRoot: opts.reportsRoot ?? opts.outRoot,
    secrets: app.secrets,
    ...(app.databaseUrl ? { databaseUrl: app.databaseUrl } : {}),
    ...(opts.preDeploySnapshot ? { preDeploySnapshot: opts.preDeploySnapshot } : {}),
    phases: config.phases,
    settings: config.settings,
    ...(opts.loadEngine ? { loadEngine: opts.loadEngine } : {}),
    ...(opts.k6Summaries?.[app.app] ? { k6Summary: opts.k6Summaries[app.app] } : {}),
    log,
    ...(opts.progress ? { progress: (e: ProgressEvent) => opts.progress!({ ...e, app: app.app }) } : {}),
    processEnv: config.processEnv,
    deployedAt: opts.deployedAt ?? (app.target.deployedAt ? new Date(app.target.deployedAt) : new Date(started.getTime() - DEFAULT_SINCE_MS)),
    baselines: lastGoBaselines(dirname(folder.dir), folder.runId),
    now,
    ...(opts.deadline ? { signal: opts.deadline.signal } : {}),
    pacer: budget,
  };
  await reporters.onRunStart({
    runId: folder.runId,
    app: app.app,
    appName: app.profile.name,
    env: config.env.name,
    targets: { apiUrl: app.target.apiUrl, webUrl: app.target.webUrl },
    ...(app.target.release ? { release: app.target.release } : {}),
    startedAt: started.toISOString(),
    postflightVersion: VERSION,
    phases: config.phases,
    loadEngine: opts.loadEngine ?? app.profile.load.engine,
    host: hostFacts(),
  });
  return {
    app,
    ctx,
    dir: folder.dir,
    reporters,
    results: [],
    secrets: [...config.secretValues, signupPassword],
    extras: { signupPassword, retries: opts.retries ?? config.env.retries },
    flakyBlocksGo: opts.flakyBlocksGo ?? config.env.flakyBlocksGo,
    // A deploy step's checks write under the deploy folder and read history elsewhere: they are
    // not gate runs of the release, so they stay out of the index.
    recordHistory: opts.reportsRoot === undefined || opts.reportsRoot === opts.outRoot,
    phaseSeconds: {},
    ...(opts.deadline ? { deadline: opts.deadline } : {}),
    ...(opts.checkIds ? { checkIds: opts.checkIds } : {}),
    budget,
  };
}

/**
 * Runs one phase for one app and streams its results; a runner that throws becomes `error`s.
 * Past the run's deadline the phase does not start, or its tools are told to stop (the signal)
 * and what it did not finish becomes gate `error`s naming the deadline.
 */
export async function runPhase(gate: AppGate, phase: Phase): Promise<void> {
  const { ctx, app, deadline } = gate;
  const phaseStart = ctx.now();
  let produced: CheckResult[] = [];
  let failure: string | undefined;
  let fix: string | undefined;
  let late = false;
  // The catalogue decides what the phase measures; the runner looks each id up in its registry.
  const planned = phasePlan(app.app, phase, gate.checkIds);
  // A check whose environment setting is missing is not run, and says so by name (config/check-needs.ts).
  const gaps = settingGaps(
    app.app,
    ctx.target,
    ctx.env.name,
    planned.map((c) => c.id),
  );
  // A phase whose every check is waived is not run at all (a waived load test sends no load).
  const everyCheckWaived = planned.every((c) => ctx.target.waive?.[c.id] !== undefined);
  const began = !deadline?.signal.aborted;
  if (planned.length === 0) {
    ctx.log(
      `${app.profile.name}: ${phase}: nothing to measure${gate.checkIds ? '' : ' (every check of this phase is a step of the deploy orchestrator: `postflight deploy`)'}`,
    );
  } else if (!began) {
    late = true;
  } else if (!everyCheckWaived) {
    ctx.log(`${app.profile.name}: ${phase}...`);
    const work = PHASE_RUNNERS[phase](
      ctx,
      runnableIds(
        planned.map((c) => c.id),
        gaps,
      ),
      gate.extras,
    );
    try {
      const done = await untilDeadline(work, deadline);
      if (done) produced = orderByPlan(planned, done.value);
      else {
        late = true;
        // The signal already told the runner's tools to stop; give them a moment to go.
        await Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
      }
    } catch (err) {
      failure = (err as Error).message;
      fix = (err as { fix?: string }).fix;
      ctx.log(`${app.profile.name}: ${phase} runner failed: ${failure}`);
    }
  }
  if (late) ctx.log(`${app.profile.name}: ${phase}: ${deadlineMessage(deadline!, began)}`);
  const filled = fillMissing(
    planned,
    produced,
    phaseStart,
    () =>
      late
        ? deadlineMessage(deadline!, began)
        : failure
          ? `not measured: the ${phase} runner failed (${failure})`
          : `not measured: no ${phase} runner result for this check; it needs a capability this run did not have`,
    late ? deadlineFix(deadline) : fix,
  );
  const complete = applyWaivers(applySettingGaps(filled, gaps, phaseStart), ctx.target.waive, `environment "${ctx.env.name}"`);
  for (const r of complete) await gate.reporters.onResult(r);
  gate.results.push(...complete);
  gate.phaseSeconds[phase] = (ctx.now().getTime() - phaseStart.getTime()) / 1000;
}

/** Decides on everything the app's phases produced, ends the reporters, seals the folder. */
export async function closeAppGate(gate: AppGate, phases: readonly Phase[]): Promise<AppRun> {
  const { ctx, app } = gate;
  // Phases may have run in any order (the schedule); results are kept in phase then catalogue order.
  const results = [...gate.results].sort((a, b) => phases.indexOf(a.phase) - phases.indexOf(b.phase));
  // The baselines were read from the history once, when the gate opened (GateContext.baselines).
  const baseline: { p95Ms?: number } = ctx.baselines?.load ?? {};
  const observed = observedMetrics(results);
  const production = productionMetrics(results);
  const decideInput = {
    policy: app.profile.rollback,
    flakyBlocksGo: gate.flakyBlocksGo,
    appName: app.profile.name,
    thresholds: { ...app.profile.thresholds, perf: { lighthouse: app.profile.perf.lighthouse, api: app.profile.perf.api }, load: app.profile.load.thresholds },
  };
  const decided = decide(results, {
    ...decideInput,
    ...(baseline.p95Ms !== undefined ? { baseline: { p95Ms: baseline.p95Ms } } : {}),
    observed,
    ...(production ? { production } : {}),
  });
  // What the run spent per rate limit travels with the verdict (verdict.json, --json, console).
  const whole = { ...decided, requests: gate.budget.spent() };
  const record = gate.shard ? shardRecord(gate, phases, decideInput) : undefined;
  if (record) await writeFile(join(gate.dir, 'shard.json'), `${JSON.stringify(record, null, 2)}\n`);
  const verdict = record ? partialVerdict(whole, record) : whole;
  await gate.reporters.onRunEnd(verdict, results, {
    finishedAt: ctx.now().toISOString(),
    observed,
    ...(baseline.p95Ms !== undefined ? { baseline: { p95Ms: baseline.p95Ms } } : {}),
  });
  const sealed = await finalize(gate.dir, gate.secrets, ctx.now());
  const recorded = gate.recordHistory ? await recordRun(gate.dir, sealed.manifestSha256) : undefined;
  const evidenceProblems = [
    ...(recorded ? [recorded] : []),
    ...gate.reporters.failures.map((f) => `reporter ${f.reporter} failed in ${f.event}`),
    ...sealed.warnings,
    ...sealed.remaining.map(
      (f) => `a secret value is still present in ${f.file}${f.entry ? ` (${f.entry})` : ''}: it is a binary file text redaction cannot change`,
    ),
  ];
  return { app: app.app, runDir: gate.dir, verdict, results, evidenceProblems, phaseSeconds: gate.phaseSeconds, manifestSha256: sealed.manifestSha256 };
}

/** What a shard's folder says about its part of the plan (src/gate/shard-record.ts). */
function shardRecord(gate: AppGate, phases: readonly Phase[], decideInput: ShardRecord['decideInput']): ShardRecord {
  const { app } = gate.app;
  const ids = (ps: readonly Phase[]) => ps.flatMap((p) => phasePlan(app, p, gate.checkIds).map((c) => c.id));
  const base = {
    app,
    env: gate.ctx.env.name,
    ...(gate.app.target.release ? { release: gate.app.target.release } : {}),
    phases: [...phases],
    plan: ids(phases),
    decideInput,
  };
  return {
    schemaVersion: 1,
    shard: gate.shard!.spec,
    ...(gate.shard!.runGroup ? { runGroup: gate.shard!.runGroup } : {}),
    owns: ids(phases.filter((p) => gate.shard!.phases.includes(p))),
    ...base,
    ...(gate.app.profile.runbookReports ? { runbookReports: [...gate.app.profile.runbookReports] } : {}),
    planKey: planKeyOf(base),
  };
}

/** Adds the sealed run to `<reports>/<app>/<env>/history.jsonl`; returns a problem, or nothing. */
export async function recordRun(dir: string, manifestSha256: string): Promise<string | undefined> {
  try {
    // What the index records is what the folder says (verdict.json as redacted and sealed).
    const report = JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8')) as RunReport;
    await recordInHistory(dirname(dir), { ...entryFromReport(report, manifestSha256), folder: basename(dir) });
    return undefined;
  } catch (err) {
    return `the run is not in the history index: ${(err as Error).message} (postflight history --rebuild rewrites it from the folders)`;
  }
}

/** Runs the selected phases for one app, one after the other: open, every phase, close. */
export async function runGateForApp(config: GateConfig, app: ResolvedApp, opts: GateOptions): Promise<AppRun> {
  const gate = await openAppGate(config, app, opts);
  for (const phase of config.phases) await runPhase(gate, phase);
  return closeAppGate(gate, config.phases);
}
