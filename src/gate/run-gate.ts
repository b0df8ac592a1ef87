import { dirname } from 'node:path';
import { readFileSync } from 'node:fs';
import { generatePassword } from '../../sandbox/accounts.ts';
import type { ResolvedApp, GateConfig } from '../config/load.ts';
import type { CheckResult, Verdict } from '../core/types.ts';
import { decide } from '../verdict/decide.ts';
import { createRunFolder, finalize } from '../evidence/run-folder.ts';
import { multiplex } from '../evidence/reporters/multiplex.ts';
import { runFolderReporters } from '../evidence/reporters/standard.ts';
import { lastGoBaseline, observedMetrics } from './baseline.ts';
import { fillMissing, orderByCatalogue } from './completeness.ts';
import type { GateContext } from './context.ts';
import { PHASE_RUNNERS } from './phase-runners.ts';
import { DEADLINE_FIX, deadlineMessage, untilDeadline, type RunDeadline } from './deadline.ts';

export interface AppRun {
  app: ResolvedApp['app'];
  runDir: string;
  verdict: Verdict;
  results: CheckResult[];
  /** Problems with the evidence itself (a reporter failed, a secret survived in a binary). */
  evidenceProblems: string[];
}

export interface GateOptions {
  outRoot: string;
  loadEngine?: 'auto' | 'k6' | 'embedded';
  retries?: number;
  flakyBlocksGo?: boolean;
  log: (line: string) => void;
  now?: () => Date;
  /** `--deployed-at`: overrides the environment's `deployedAt`. */
  deployedAt?: Date;
  /** The run's overall deadline (shared by every app of one `verify`). */
  deadline?: Pick<RunDeadline, 'minutes' | 'source' | 'signal'>;
}

/** After the deadline, how long a runner gets to stop its tools before the evidence is sealed. */
const STOP_GRACE_MS = 10_000;

/** Without a deploy time, logs and alarms are judged over the last hour (the runbook's window). */
const DEFAULT_SINCE_MS = 60 * 60_000;

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Runs the selected phases for one app, streams results to the reporters, decides, seals. */
export async function runGateForApp(config: GateConfig, app: ResolvedApp, opts: GateOptions): Promise<AppRun> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const folder = await createRunFolder({ root: opts.outRoot, app: app.app, env: config.env.name, now: started });
  const signupPassword = generatePassword();
  const secrets = [...config.secretValues, signupPassword];
  const log = (line: string) => opts.log(line);
  const reporters = multiplex(runFolderReporters({ dir: folder.dir, app: app.app }), log, now);
  const ctx: GateContext = {
    app: app.app,
    profile: app.profile,
    target: app.target,
    env: config.env,
    runId: folder.runId,
    runDir: folder.dir,
    reportsRoot: opts.outRoot,
    secrets: app.secrets,
    ...(app.databaseUrl ? { databaseUrl: app.databaseUrl } : {}),
    phases: config.phases,
    ...(opts.loadEngine ? { loadEngine: opts.loadEngine } : {}),
    log,
    processEnv: config.processEnv,
    deployedAt: opts.deployedAt ?? (app.target.deployedAt ? new Date(app.target.deployedAt) : new Date(started.getTime() - DEFAULT_SINCE_MS)),
    now,
    ...(opts.deadline ? { signal: opts.deadline.signal } : {}),
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
  });
  let results: CheckResult[] = [];
  for (const phase of config.phases) {
    const phaseStart = now();
    let produced: CheckResult[] = [];
    let failure: string | undefined;
    let fix: string | undefined;
    let late = false;
    const began = !opts.deadline?.signal.aborted;
    if (!began) {
      late = true;
    } else {
      log(`${app.profile.name}: ${phase}...`);
      const work = PHASE_RUNNERS[phase](ctx, { signupPassword, retries: opts.retries ?? config.env.retries });
      try {
        const done = await untilDeadline(work, opts.deadline);
        if (done) produced = orderByCatalogue(app.app, [phase], done.value);
        else {
          late = true;
          // The signal already told the runner's tools to stop; give them a moment to go.
          await Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
        }
      } catch (err) {
        failure = (err as Error).message;
        fix = (err as { fix?: string }).fix;
        log(`${app.profile.name}: ${phase} runner failed: ${failure}`);
      }
    }
    if (late) log(`${app.profile.name}: ${phase}: ${deadlineMessage(opts.deadline!, began)}`);
    const complete = fillMissing(app.app, [phase], produced, phaseStart, () =>
      late ? deadlineMessage(opts.deadline!, began) : failure ? `not measured: the ${phase} runner failed (${failure})` : `not measured: no ${phase} runner result for this check; it needs a capability this run did not have`,
    late ? DEADLINE_FIX : fix);
    for (const r of complete) await reporters.onResult(r);
    results = [...results, ...complete];
  }
  const baseline = await lastGoBaseline(dirname(folder.dir), folder.runId);
  const observed = observedMetrics(results);
  const verdict = decide(results, {
    policy: app.profile.rollback,
    flakyBlocksGo: opts.flakyBlocksGo ?? config.env.flakyBlocksGo,
    appName: app.profile.name,
    ...(baseline.p95Ms !== undefined ? { baseline: { p95Ms: baseline.p95Ms } } : {}),
    observed,
  });
  await reporters.onRunEnd(verdict, results, { finishedAt: now().toISOString(), observed, ...(baseline.p95Ms !== undefined ? { baseline: { p95Ms: baseline.p95Ms } } : {}) });
  const sealed = await finalize(folder.dir, secrets, now());
  const evidenceProblems = [
    ...reporters.failures.map((f) => `reporter ${f.reporter} failed in ${f.event}`),
    ...sealed.warnings,
    ...sealed.remaining.map((f) => `a secret value is still present in ${f.file}${f.entry ? ` (${f.entry})` : ''}: it is a binary file text redaction cannot change`),
  ];
  return { app: app.app, runDir: folder.dir, verdict, results, evidenceProblems };
}
