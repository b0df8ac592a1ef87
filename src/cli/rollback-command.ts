import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import { EXIT } from '../core/types.ts';
import { openJournalFile } from '../evidence/journal/file.ts';
import { makeRedactor } from '../evidence/redact.ts';
import { makeRunId } from '../evidence/run-folder.ts';
import { renderDryRun } from '../orchestrator/bind.ts';
import { PlanError } from '../orchestrator/plan.ts';
import { rollbackTarget, type RollbackTarget } from '../orchestrator/rollback-target.ts';
import type { RunnablePlan } from '../orchestrator/step.ts';
import { listFlag, parseFlags } from './args.ts';
import { lateJournal, makeExecutors } from '../orchestrator/executors.ts';
import { takeDeployLock } from '../orchestrator/take-lock.ts';
import { gatePhases, orchestrationFlags, refuseProduction } from './deploy/flags.ts';
import { deployFolder, gateHistory, lastDeployFacts, pastDeploys } from '../orchestrator/history.ts';
import { writeDeployReport } from '../orchestrator/report.ts';
import { rowsLostReport } from '../orchestrator/rows-lost.ts';
import { planRollback, runRollback } from '../orchestrator/run-rollback.ts';
import { resolveTarget } from '../orchestrator/target.ts';
import type { CliIO } from './io.ts';
import { redactingIO } from './redacting-io.ts';

export const ROLLBACK_HELP = `postflight rollback --app <financial-rise|flowcomply> --env <local|staging|production|FILE>
                    --procedure <A|B|C|option-1|option-2> [--to <release>] [--dry-run]
                    [--confirm-data-loss] [--confirm-production] [--out DIR] [--verify-only <phases>]

  Runs a rollback procedure of the runbook as journaled steps, then verifies with the gate.
  Target: --to <release>, else the last release whose gate said GO on this environment (not
  "revision - 1"), else the revisions recorded before the last deploy began.
  B, C and option-2 restore the pre-deploy snapshot and LOSE data written since: they first
  report what would be lost (rows per table since the snapshot, where the database is
  reachable) and refuse without --confirm-data-loss. FlowComply option-3 (Terraform) is
  printed, never run. --env production needs --confirm-production.

Exit codes: 0 rolled back and verified GO, 1 verified NO-GO or a step failed, 2 INCONCLUSIVE
or a step could not complete, 3 bad input or refused (every problem listed; nothing done).`;

const RELEASE = /^v?\d+\.\d+\.\d+([-.+][0-9A-Za-z.-]+)?$/;

export async function rollbackCommand(argv: string[], io: CliIO): Promise<number> {
  const diags = new Diagnostics();
  const { values } = parseFlags(
    argv,
    {
      ...orchestrationFlags,
      procedure: { type: 'string' },
      to: { type: 'string' },
      'confirm-data-loss': { type: 'boolean' },
      'verify-only': { type: 'string', multiple: true },
    },
    diags,
  );
  if (values.help) return (io.out(ROLLBACK_HELP), 0);
  const procedureId = values.procedure as string | undefined;
  const toFlag = values.to as string | undefined;
  if (!procedureId) diags.error('--procedure', 'missing', 'A, B or C (Financial RISE); option-1 or option-2 (FlowComply)');
  if (toFlag !== undefined && !RELEASE.test(toFlag)) diags.error('--to', `"${toFlag}" is not a version like 1.0.0`);
  const target = await resolveTarget(values.app as string | undefined, values.env as string | undefined, io, diags);
  refuseProduction(target, values.env as string | undefined, Boolean(values['confirm-production'] || values['dry-run']), diags);
  const procedure = target?.procedures.find((p) => p.id === procedureId);
  if (target && procedureId && !procedure)
    diags.error(
      '--procedure',
      `${target.app} has no procedure "${procedureId}"`,
      `use one of ${target.procedures
        .filter((p) => p.automatic)
        .map((p) => p.id)
        .join(', ')}`,
    );
  if (procedure && !procedure.automatic) {
    io.out(
      `${procedure.id}: ${procedure.title} (${procedure.runbookSection}) is never run automatically. Follow the runbook:\n${procedure.steps.map((s, n) => `  ${n + 1}. ${s}`).join('\n')}`,
    );
    diags.error('--procedure', `${procedure.id} is a printed runbook, not an automatic procedure: nothing was done`);
  }
  const phases = gatePhases(undefined, values['verify-only'] === undefined ? undefined : listFlag(values['verify-only'] as string[]), target, diags, {
    ...(values['load-duration'] ? { loadDuration: values['load-duration'] as string } : {}),
    ...(values['lighthouse-runs'] ? { lighthouseRuns: values['lighthouse-runs'] as string } : {}),
  });
  const outRoot = resolve(io.cwd, (values.out as string | undefined) ?? 'reports');
  const runId = makeRunId();
  const dir = target ? deployFolder(outRoot, target.app, target.envName, runId) : '';
  let to: RollbackTarget = { kind: 'none', reason: 'not resolved' };
  let plan: RunnablePlan | undefined;
  let kind = '';
  const journal = { sink: undefined as ReturnType<typeof openJournalFile> | undefined };
  const facts = target ? lastDeployFacts(pastDeploys(outRoot, target.app, target.envName)) : {};
  if (target && procedure?.automatic && !diags.hasErrors) {
    to = toFlag
      ? { kind: 'release', release: toFlag, fromRun: '--to', reason: 'given with --to' }
      : rollbackTarget({
          app: target.app,
          env: target.envName,
          failing: target.config.apps[0]!.target.release ?? '',
          history: gateHistory(outRoot, target.app, target.envName),
          ...(facts.recordedBefore ? { recordedBefore: facts.recordedBefore } : {}),
        });
    const executors = makeExecutors({
      app: target.app,
      envArg: target.envArg,
      cwd: io.cwd,
      processEnv: io.env,
      runFlags: phases.runFlags,
      outRoot,
      deployDir: dir,
      journal: lateJournal(journal),
      log: (l) => io.out(l),
      gatePhases: phases,
      planKind: () => kind,
      expectedRelease: () => (to.kind === 'release' ? to.release : undefined),
    });
    try {
      plan = planRollback({ target, runId, procedureId: procedure.id, to, ...(facts.snapshotId ? { snapshotId: facts.snapshotId } : {}) }, executors);
      kind = plan.kind;
    } catch (err) {
      if (!(err instanceof PlanError)) throw err;
      diags.error('rollback', err.message.replace(/\n- /g, '; '));
    }
  }
  if (diags.hasErrors || !target || !plan || !procedure) {
    io.err(formatDiagnostics(diags.items.filter((d) => d.level === 'error')));
    return EXIT.HARNESS_ERROR;
  }
  const say = redactingIO(io, target.config.secretValues);
  const where = to.kind === 'release' ? `release ${to.release}` : to.kind === 'revisions' ? JSON.stringify(to.revisions) : 'no target';
  say.out(
    `Rollback ${procedure.id} (${procedure.title}) of ${target.app} on ${target.envName}: to ${where} — ${to.reason}.${facts.snapshotId ? ` Snapshot: ${facts.snapshotId} (deploy ${facts.fromRun}).` : ''}`,
  );
  if (values['dry-run']) return (say.out(renderDryRun(plan)), 0);
  let lost = '';
  if (procedure.destructive) {
    lost = await rowsLostReport(target.platform, facts.snapshotId);
    say.out(lost);
    if (!values['confirm-data-loss']) {
      say.err(
        `postflight rollback: procedure ${procedure.id} restores the database from ${facts.snapshotId ?? 'the snapshot'} and loses what is written since (above). Refused: nothing was done. Add --confirm-data-loss if that is intended.`,
      );
      return EXIT.HARNESS_ERROR;
    }
  }
  const locked = await takeDeployLock(target, runId, 'rollback');
  if ('refused' in locked) {
    say.err(locked.refused);
    return EXIT.HARNESS_ERROR;
  }
  const { lock } = locked;
  try {
    mkdirSync(dir, { recursive: true });
    if (lost) writeFileSync(join(dir, 'rows-lost.md'), `${lost}\n`);
    journal.sink = openJournalFile(join(dir, 'journal.jsonl'), { writer: 'orchestrator', runId, redact: makeRedactor(target.config.secretValues) });
    const { report, verify } = await runRollback(plan, {
      journal: journal.sink,
      allowDestructive: Boolean(values['confirm-data-loss']),
      log: (l) => say.out(`  ${l}`),
      resumeCommand: `postflight rollback ${argv.join(' ')} (a rollback is resumed by running it again)`,
    });
    const written = await writeDeployReport(dir, target.app, target.procedures, lost ? [lost] : []);
    say.out(`\nStory: ${written.story}\nRun folder: ${dir}\nReport: ${written.path}`);
    if (report.status !== 'completed') return (say.out(report.message), report.status === 'failed' ? EXIT.NO_GO : EXIT.INCONCLUSIVE);
    const decision = verify?.decision;
    say.out(`Gate after the rollback: ${String(decision)}.`);
    return decision === 'GO' ? EXIT.GO : decision === 'NO-GO' ? EXIT.NO_GO : EXIT.INCONCLUSIVE;
  } finally {
    lock.release();
  }
}
