import { createInterface } from 'node:readline/promises';
import { EXIT, type Decision, type RollbackRecommendation } from '../core/types.ts';
import type { JournalSink } from '../evidence/journal/file.ts';
import { afterGate } from './after-gate.ts';
import type { StepExecutors } from './bind.ts';
import type { RunReport } from './engine.ts';
import { PlanError } from './plan.ts';
import { rollbackTarget } from './rollback-target.ts';
import type { CliIO } from '../core/console-io.ts';
import { gateHistory } from './history.ts';
import { planRollback, runRollback } from './run-rollback.ts';
import { rollbackCommand, type DeployTarget } from './target.ts';

/**
 * The deploy's last word: read the gate step's verdict, ask `afterGate` what to do, and do it
 * (roll back with the non-destructive procedure and verify again, ask, or print the exact
 * command). Returns the exit code.
 */

export interface AfterDeployInput {
  target: DeployTarget;
  runId: string;
  release: string;
  report: RunReport;
  journal: JournalSink;
  executors: StepExecutors;
  say: CliIO;
  outRoot: string;
  outArg?: string;
  autoRollback: boolean;
  resumeCommand: string;
  /** Tells the executors a rollback plan runs now, and the release it restores. */
  setKind(kind: string, release?: string): void;
}

/** The deploy plan's steps this reads (src/orchestrator/deploy-phases.ts), their ids in full. */
const STEPS: Record<DeployTarget['app'], { gate: string; revisions: string }> = {
  'financial-rise': { gate: 'fr.orch.gate', revisions: 'fr.orch.revisions' },
  flowcomply: { gate: 'fc.orch.gate', revisions: 'fc.orch.revisions' },
};

const interactive = (env: NodeJS.ProcessEnv) => Boolean(process.stdin.isTTY && process.stdout.isTTY && !env.CI);

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export async function afterDeployGate(i: AfterDeployInput): Promise<number> {
  const { target, say } = i;
  const gate = i.report.steps.get(STEPS[target.app].gate)?.outputs ?? {};
  const decision = gate.decision as Decision;
  const procedureId = gate.procedure as string | undefined;
  const proc = target.procedures.find((p) => p.id === procedureId);
  const next = afterGate({
    decision,
    recommendation: (gate.recommendation as RollbackRecommendation) ?? 'none',
    ...(proc ? { procedure: { id: proc.id, destructive: proc.destructive, automatic: proc.automatic } } : {}),
    autoRollback: i.autoRollback,
    interactive: interactive(say.env),
  });
  say.out(`\nGate after the deploy: ${decision} (${gate.link ?? 'no gate run'} in the deploy folder). ${next.why}.`);
  if (next.action === 'done') return next.exit;

  const revisions = i.report.steps.get(STEPS[target.app].revisions)?.outputs;
  const to = rollbackTarget({
    app: target.app,
    env: target.envName,
    failing: i.release,
    history: gateHistory(i.outRoot, target.app, target.envName),
    ...(revisions ? { recordedBefore: { backend: String(revisions.backend), frontend: String(revisions.frontend) } } : {}),
  });
  const command = procedureId
    ? rollbackCommand(target, procedureId, {
        destructive: proc?.destructive ?? false,
        ...(i.outArg ? { out: i.outArg } : {}),
        ...(to.kind === 'release' ? { to: to.release } : {}),
      })
    : undefined;
  say.out(
    `Rollback target: ${
      to.kind === 'release'
        ? `release ${to.release}`
        : to.kind === 'revisions'
          ? `revisions ${Object.entries(to.revisions)
              .map(([service, revision]) => `${service} ${revision}`)
              .join(', ')}`
          : 'none'
    } — ${to.reason}.`,
  );
  if (next.action === 'print' || (next.action === 'ask' && !(await ask(`${next.why}`)))) {
    if (command) say.out(`To roll back:\n  ${command}`);
    return next.action === 'print' ? next.exit : EXIT.NO_GO;
  }

  const snapshotId = [...i.report.steps.values()].find((s) => s.stepId.endsWith('db-snapshot') && s.state === 'succeeded')?.outputs.snapshotId as
    | string
    | undefined;
  say.out(`\nRolling back ${target.app} with procedure ${procedureId}...`);
  let plan;
  try {
    plan = planRollback({ target, runId: i.runId, procedureId: procedureId!, to, ...(snapshotId ? { snapshotId } : {}) }, i.executors);
  } catch (err) {
    if (!(err instanceof PlanError)) throw err;
    say.out(`${err.message}${command ? `\nRoll back by hand:\n  ${command}` : ''}`);
    return EXIT.INCONCLUSIVE;
  }
  i.setKind(plan.kind, to.kind === 'release' ? to.release : undefined);
  const { report, verify } = await runRollback(plan, {
    journal: i.journal,
    allowDestructive: false,
    resumeCommand: i.resumeCommand,
    log: (l) => say.out(`  ${l}`),
  });
  if (report.status !== 'completed') {
    say.out(report.message);
    return EXIT.INCONCLUSIVE;
  }
  const after = verify?.decision as Decision | undefined;
  say.out(
    `\nGate after the rollback: ${after ?? '?'} (${verify?.link ?? 'no gate run'} in the deploy folder). ${
      after === 'GO'
        ? `The restored release is verified GO; the deploy of ${i.release} ended NO-GO and was rolled back.`
        : 'The restored release is NOT verified GO: escalate (runbook: Emergency Contacts) and consider the database procedure.'
    }`,
  );
  return after === 'INCONCLUSIVE' ? EXIT.INCONCLUSIVE : EXIT.NO_GO;
}
