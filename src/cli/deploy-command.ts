import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import { EXIT } from '../core/types.ts';
import { openJournalFile } from '../evidence/journal/file.ts';
import { makeRedactor } from '../evidence/redact.ts';
import { makeRunId } from '../evidence/run-folder.ts';
import { bindDeployPlan, renderDryRun } from '../orchestrator/bind.ts';
import { DEPLOY_PHASES } from '../orchestrator/deploy-phases.ts';
import { runPlan } from '../orchestrator/engine.ts';
import { claimInterrupt } from '../host/interrupt.ts';
import { buildDeployPlan, PlanError } from '../orchestrator/plan.ts';
import { listFlag, parseFlags } from './args.ts';
import { afterDeployGate } from '../orchestrator/after-deploy.ts';
import { lateJournal, makeExecutors } from '../orchestrator/executors.ts';
import { takeDeployLock } from '../orchestrator/take-lock.ts';
import { deployFolder } from '../orchestrator/history.ts';
import { gatePhases, orchestrationFlags, refuseProduction } from './deploy/flags.ts';
import { writeDeployReport } from '../orchestrator/report.ts';
import { resolveTarget } from '../orchestrator/target.ts';
import type { CliIO } from './io.ts';
import { redactingIO } from './redacting-io.ts';

export const DEPLOY_HELP = `postflight deploy --app <financial-rise|flowcomply> --env <local|staging|production|FILE> --release <version>
                  [--dry-run] [--auto-rollback] [--resume <run-id>] [--confirm-production] [--out DIR]
                  [--only <phases>] [--verify-only <phases>] [--load-duration S] [--lighthouse-runs N]

  Runs the runbook's deploy phases as journaled steps (preflight with "no alarm already in
  ALARM", revisions recorded, database snapshot, migrations/seed/build as configured commands,
  backend, frontend, CDN), then the gate. After a NO-GO whose recommendation is immediate,
  --auto-rollback runs the non-destructive procedure (Financial RISE A, FlowComply option 1)
  and the gate again on the restored release; without it a terminal is asked, CI gets the
  exact rollback command. INCONCLUSIVE never rolls back and never counts as GO.
  Platform by environment: local = the sandbox; an environment with AWS names = AWS.

  --dry-run            print every step and every call it would make; touch nothing
  --resume <run-id>    continue a crashed run (same arguments): done steps are not repeated
  --confirm-production required with --env production
  --only               gate phases after the deploy (default smoke,perf,load,monitoring,db)
  --verify-only        gate phases after a rollback (default smoke, + monitoring with AWS)
  --out                reports root (default ./reports); the deploy's folder is
                       <out>/deploys/<app>/<env>/<run-id>/ (journal, steps, gate links, deploy-report.md)

Exit codes: 0 GO, 1 NO-GO (rolled back or not) or a step failed, 2 INCONCLUSIVE or a step
could not complete (resume it), 3 bad input or refused (every problem listed; nothing done).`;

export async function deployCommand(argv: string[], io: CliIO): Promise<number> {
  const diags = new Diagnostics();
  const { values } = parseFlags(
    argv,
    {
      ...orchestrationFlags,
      release: { type: 'string' },
      'auto-rollback': { type: 'boolean' },
      resume: { type: 'string' },
      only: { type: 'string', multiple: true },
      'verify-only': { type: 'string', multiple: true },
    },
    diags,
  );
  if (values.help) return (io.out(DEPLOY_HELP), 0);
  const release = values.release as string | undefined;
  if (!release) diags.error('--release', 'missing', 'give the version to deploy, e.g. --release 1.0.2');
  const target = await resolveTarget(values.app as string | undefined, values.env as string | undefined, io, diags);
  refuseProduction(target, values.env as string | undefined, Boolean(values['confirm-production'] || values['dry-run']), diags);
  const phases = gatePhases(
    values.only === undefined ? undefined : listFlag(values.only as string[]),
    values['verify-only'] === undefined ? undefined : listFlag(values['verify-only'] as string[]),
    target,
    diags,
    {
      ...(values['load-duration'] ? { loadDuration: values['load-duration'] as string } : {}),
      ...(values['lighthouse-runs'] ? { lighthouseRuns: values['lighthouse-runs'] as string } : {}),
    },
  );
  const outRoot = resolve(io.cwd, (values.out as string | undefined) ?? 'reports');
  const runId = (values.resume as string | undefined) ?? makeRunId();
  const dir = target ? deployFolder(outRoot, target.app, target.envName, runId) : '';
  if (values.resume && target && !existsSync(join(dir, 'journal.jsonl')))
    diags.error(
      '--resume',
      `no deploy run ${runId} of ${target.app} on ${target.envName} (looked for ${dir}/journal.jsonl)`,
      'give the run id the interrupted deploy printed',
    );
  let plan: ReturnType<typeof buildDeployPlan> | undefined;
  try {
    // Commands an environment does not configure are left out, and the plan says so below.
    const skip = target
      ? DEPLOY_PHASES[target.app].filter((p) => p.action.kind === 'command' && !target.commandsConfigured.has(p.action.command)).map((p) => p.id)
      : [];
    if (target && release) plan = buildDeployPlan({ app: target.app, env: target.envName, release, runId, skip });
  } catch (err) {
    if (!(err instanceof PlanError)) throw err;
    diags.error('deploy', err.message.replace(/^[^\n]*\n- /, '').replace(/\n- /g, '; '));
  }
  if (diags.hasErrors || !target || !plan || !release) {
    io.err(formatDiagnostics(diags.items.filter((d) => d.level === 'error')));
    return EXIT.HARNESS_ERROR;
  }
  const say = redactingIO(io, target.config.secretValues);
  const skipped = DEPLOY_PHASES[target.app].filter((p) => !plan.steps.some((s) => s.id === p.id));
  const notConfigured = skipped.length ? `Left out (no command configured in the environment): ${skipped.map((s) => s.id).join(', ')}.` : '';
  let kind = 'deploy';
  const journalPath = join(dir, 'journal.jsonl');
  // Bound before the journal exists (see lateJournal).
  const lazyJournal = { sink: undefined as ReturnType<typeof openJournalFile> | undefined };
  const executors = makeExecutors({
    app: target.app,
    envArg: target.envArg,
    cwd: io.cwd,
    processEnv: io.env,
    runFlags: phases.runFlags,
    outRoot,
    deployDir: dir,
    journal: lateJournal(lazyJournal),
    log: (l) => say.out(l),
    gatePhases: phases,
    planKind: () => kind,
    expectedRelease: (k) => (k === 'deploy' ? release : rollbackRelease),
  });
  let rollbackRelease: string | undefined;
  const runnable = bindDeployPlan(plan, target.platform, executors);
  if (values['dry-run']) {
    say.out(renderDryRun(runnable));
    say.out(
      `\n${notConfigured}\nAfter the gate: GO ends the deploy; NO-GO + immediate${values['auto-rollback'] ? ' runs' : ' would run (with --auto-rollback)'} procedure ${target.procedures.find((p) => !p.destructive && p.automatic)?.id ?? '?'} and the gate again; INCONCLUSIVE never rolls back.\nDry run: nothing was called, no lock taken, no folder written.`,
    );
    return 0;
  }
  const locked = await takeDeployLock(target, runId, 'deploy');
  if ('refused' in locked) {
    say.err(locked.refused);
    return EXIT.HARNESS_ERROR;
  }
  const { lock } = locked;
  try {
    lazyJournal.sink = openJournalFile(journalPath, { writer: 'orchestrator', runId, redact: makeRedactor(target.config.secretValues) });
    const resumeCommand = `postflight deploy --app ${target.app} --env ${target.envArg} --release ${release}${values.out ? ` --out ${values.out}` : ''}${target.production ? ' --confirm-production' : ''}${values['auto-rollback'] ? ' --auto-rollback' : ''} --resume ${runId}`;
    say.out(
      `Deploy of ${target.app} ${release} on ${target.envName} (${target.platform.kind} platform), run ${runId}${values.resume ? ' (resumed)' : ''}. ${notConfigured}`,
    );
    // SIGINT/SIGTERM: the running step is stopped (the gate's tools too), none after it starts.
    const interrupt = claimInterrupt();
    const report = await runPlan(runnable, { journal: lazyJournal.sink, resumeCommand, log: (l) => say.out(`  ${l}`), signal: interrupt.signal }).finally(() =>
      interrupt.release(),
    );
    const interrupted = interrupt.received();
    let code: number;
    if (interrupted) {
      say.out(report.message);
      code = interrupted.exitCode;
    } else if (report.status !== 'completed') {
      say.out(report.message);
      code = report.status === 'failed' ? EXIT.NO_GO : EXIT.INCONCLUSIVE;
    } else {
      code = await afterDeployGate({
        target,
        runId,
        release,
        report,
        journal: lazyJournal.sink,
        executors,
        say,
        outArg: values.out as string | undefined,
        outRoot,
        autoRollback: Boolean(values['auto-rollback']),
        resumeCommand,
        setKind: (k, to) => {
          kind = k;
          rollbackRelease = to;
        },
      });
    }
    const written = await writeDeployReport(dir, target.app, target.procedures, notConfigured ? [notConfigured] : []);
    say.out(`\nStory: ${written.story}\nDeploy folder: ${dir}\nReport: ${written.path}`);
    return code;
  } finally {
    lock.release();
  }
}
