import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
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
import { parseWatchFlags, watchWithFolder } from './watch-command.ts';
import { liveConsoleFor } from './live-console.ts';

export const DEPLOY_HELP = `postflight deploy --app <financial-rise|flowcomply> --env <local|staging|production|FILE> --release <version>
                  [--dry-run] [--auto-rollback] [--resume <run-id>] [--confirm-production] [--out DIR]
                  [--only <phases>] [--verify-only <phases>] [--load-duration S] [--lighthouse-runs N]
                  [--watch [--watch-schedule runbook|<interval>] [--watch-for <duration>] [--notify <url>]...]

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
  --watch              after a GO, hand over to \`postflight watch\` for this app and environment
                       (folder <out>/watch/..., linked from deploy-report.md); the exit code is then
                       the watch's. Not after NO-GO, a rollback or INCONCLUSIVE: nothing to watch
                       that the operator has not been told to act on already.
  --watch-schedule     the watch's --schedule (default runbook)
  --watch-for          the watch's --for (default the runbook's span)
  --notify             the watch's webhook (repeatable)

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
      watch: { type: 'boolean' },
      'watch-schedule': { type: 'string' },
      'watch-for': { type: 'string' },
      notify: { type: 'string', multiple: true },
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
  const watchFlags = {
    schedule: values['watch-schedule'] as string | undefined,
    for: values['watch-for'] as string | undefined,
    notify: (values.notify as string[] | undefined) ?? [],
  };
  if (values.watch)
    parseWatchFlags(watchFlags.schedule ?? 'runbook', watchFlags.for, watchFlags.notify, diags, { schedule: '--watch-schedule', for: '--watch-for' });
  else if (watchFlags.schedule !== undefined || watchFlags.for !== undefined || watchFlags.notify.length)
    diags.error('--watch-schedule/--watch-for/--notify', 'only with --watch', 'add --watch to watch the release after a GO');
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
  const live = liveConsoleFor(say);
  const executors = makeExecutors({
    app: target.app,
    envArg: target.envArg,
    cwd: io.cwd,
    processEnv: io.env,
    runFlags: phases.runFlags,
    outRoot,
    deployDir: dir,
    journal: lateJournal(lazyJournal),
    log: (l) => live.line(l),
    progress: live.progress,
    gatePhases: phases,
    planKind: () => kind,
    expectedRelease: (k) => (k === 'deploy' ? release : rollbackRelease),
  });
  let rollbackRelease: string | undefined;
  const runnable = bindDeployPlan(plan, target.platform, executors);
  if (values['dry-run']) {
    say.out(renderDryRun(runnable));
    say.out(
      `\n${notConfigured}\nAfter the gate: GO ends the deploy; NO-GO + immediate${values['auto-rollback'] ? ' runs' : ' would run (with --auto-rollback)'} procedure ${target.procedures.find((p) => !p.destructive && p.automatic)?.id ?? '?'} and the gate again; INCONCLUSIVE never rolls back.${values.watch ? `\nAfter a GO: postflight watch (${watchFlags.schedule ?? 'runbook'} schedule${watchFlags.for ? `, for ${watchFlags.for}` : ''}); none after NO-GO or INCONCLUSIVE.` : ''}\nDry run: nothing was called, no lock taken, no folder written.`,
    );
    return 0;
  }
  const locked = await takeDeployLock(target, runId, 'deploy');
  if ('refused' in locked) {
    say.err(locked.refused);
    return EXIT.HARNESS_ERROR;
  }
  const { lock } = locked;
  let code: number;
  try {
    lazyJournal.sink = openJournalFile(journalPath, { writer: 'orchestrator', runId, redact: makeRedactor(target.config.secretValues) });
    const resumeCommand = `postflight deploy --app ${target.app} --env ${target.envArg} --release ${release}${values.out ? ` --out ${values.out}` : ''}${target.production ? ' --confirm-production' : ''}${values['auto-rollback'] ? ' --auto-rollback' : ''} --resume ${runId}`;
    say.out(
      `Deploy of ${target.app} ${release} on ${target.envName} (${target.platform.kind} platform), run ${runId}${values.resume ? ' (resumed)' : ''}. ${notConfigured}`,
    );
    // SIGINT/SIGTERM: the running step is stopped (the gate's tools too), none after it starts.
    const interrupt = claimInterrupt();
    const report = await runPlan(runnable, { journal: lazyJournal.sink, resumeCommand, log: (l) => live.line(`  ${l}`), signal: interrupt.signal }).finally(
      () => {
        live.close();
        interrupt.release();
      },
    );
    const interrupted = interrupt.received();
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
  } finally {
    lock.release();
  }
  if (!values.watch) return code;
  if (code !== EXIT.GO) {
    say.out('\n--watch: not watching (the deploy did not end GO; its report says what to do).');
    return code;
  }
  // The deploy is over (its lock released); the watch is `postflight watch` itself, signals and all.
  say.out(`\nHanding over to postflight watch (${watchFlags.schedule ?? 'runbook'} schedule${watchFlags.for ? `, for ${watchFlags.for}` : ''}).`);
  const watched = await watchWithFolder(
    [
      ...['--app', target.app, '--env', target.envArg, '--out', outRoot],
      ...(watchFlags.schedule ? ['--schedule', watchFlags.schedule] : []),
      ...(watchFlags.for ? ['--for', watchFlags.for] : []),
      ...watchFlags.notify.flatMap((url) => ['--notify', url]),
    ],
    io,
  );
  if (watched.dir) {
    const link = `Watch after the GO: ${watched.summary}; rounds in \`${relative(dir, watched.dir)}/rounds.jsonl\`.`;
    await writeDeployReport(dir, target.app, target.procedures, [...(notConfigured ? [notConfigured] : []), link]);
    say.out(`Deploy report linked to the watch folder: ${watched.dir}`);
  }
  return watched.code;
}
