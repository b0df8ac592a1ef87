import type { ProgressSink } from '../core/progress.ts';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { lastDeployFacts, pastDeploys } from './history.ts';
import { snapshotUrl } from '../platforms/local/rows-since.ts';
import { CHECKS } from '../../config/checks.ts';
import { Diagnostics } from '../config/diagnostics.ts';
import { loadGateConfig, type GateConfig } from '../config/load.ts';
import type { RunFlags } from '../config/run-settings.ts';
import type { AppId, Phase } from '../core/types.ts';
import type { JournalSink } from '../evidence/journal/file.ts';
import { makeRedactor } from '../evidence/redact.ts';
import { runInGroup } from '../host/child-group.ts';
import { runGate } from '../gate/evaluate.ts';
import { deployTimeFromJournal } from './deploy-time.ts';
import type { StepExecutors } from './bind.ts';
import type { StepContext } from './step.ts';
import { errored, failed, succeeded } from '../platforms/outcome.ts';
import { readLocalEnvironment } from '../platforms/local/index.ts';

/**
 * What the orchestrator's `checks`, `command` and `gate` steps do, for the CLI: the gate's own
 * evaluator (a fresh config per step, so the gate sees the release the sandbox serves now), and
 * configured commands in their own process group. Everything a step writes goes under
 * `<deploy folder>/steps/<step id>/`; the gate's runs go where every gate run goes (so the
 * history of GO releases sees them) and are linked from the deploy folder.
 */

/**
 * The journal as the executors see it before it exists: deploy and rollback bind the executors
 * first (a dry run binds them too and must not create a folder) and open the journal only once
 * the lock is held, so every call reads the sink at the time it is made.
 */
export function lateJournal(holder: { sink?: JournalSink }): JournalSink {
  return {
    get lines() {
      return holder.sink!.lines;
    },
    append: (e) => holder.sink!.append(e),
  };
}

export interface ExecutorOptions {
  app: AppId;
  /** `--env` as given (a name or a file). */
  envArg: string;
  cwd: string;
  processEnv: NodeJS.ProcessEnv;
  /** The size of the gate's measurements asked on the command line (--load-duration, --lighthouse-runs). */
  runFlags: RunFlags;
  /** The reports root of the gate runs. */
  outRoot: string;
  /** This deploy's folder. */
  deployDir: string;
  journal: JournalSink;
  log: (line: string) => void;
  /** The live console of the gate's long waits (load window, Lighthouse runs); absent: none. */
  progress?: ProgressSink;
  /** Phases of the gate after a deploy, and of the verification after a rollback. */
  gatePhases: { deploy: Phase[]; rollback: Phase[] };
  /** Release expected on the target per plan kind (`deploy` -> the new one). */
  expectedRelease: (planKind: string) => string | undefined;
  /** Which plan is running: set by the CLI before each `runPlan`. */
  planKind: () => string;
}

const stepIdOf = (ctx: StepContext) => ctx.idempotencyKey.slice(ctx.idempotencyKey.indexOf('/') + 1);

async function config(o: ExecutorOptions, phases: Phase[]): Promise<GateConfig | string> {
  const diags = new Diagnostics();
  const c = await loadGateConfig(
    { app: o.app, env: o.envArg, only: phases, cwd: o.cwd, processEnv: o.processEnv, local: readLocalEnvironment, flags: o.runFlags },
    diags,
  );
  if (!c || diags.hasErrors)
    return diags.items
      .filter((d) => d.level === 'error')
      .map((d) => `${d.where}: ${d.message}`)
      .join('; ');
  return c;
}

const deadlineOf = (ctx: StepContext, what: string) => ({
  minutes: Math.max(0.1, (ctx.deadline - ctx.clock.now()) / 60_000),
  source: `the timeout of ${what}`,
  ...(ctx.signal ? { signal: ctx.signal } : { signal: new AbortController().signal }),
});

/**
 * The snapshot this deploy took, when the gate can read it as a database (the local platform
 * keeps it as a PostgreSQL copy on the same server): a schema failure is compared with it.
 * An RDS snapshot is not readable that way; the gate then uses `previousSchemaFile`, if set.
 */
function readableSnapshot(o: ExecutorOptions, c: GateConfig): { id: string; databaseUrl: string } | undefined {
  const app = c.apps[0];
  if (c.env.kind !== 'local' || !app?.databaseUrl) return undefined;
  const facts = lastDeployFacts(pastDeploys(o.outRoot, o.app, c.env.name));
  if (!facts.snapshotId || facts.fromRun !== basename(o.deployDir)) return undefined;
  return { id: facts.snapshotId, databaseUrl: snapshotUrl(app.databaseUrl, facts.snapshotId) };
}

export function makeExecutors(o: ExecutorOptions): Required<StepExecutors> {
  return {
    async checks(checkIds, ctx) {
      const step = stepIdOf(ctx);
      const phases = [...new Set(checkIds.map((id) => CHECKS.find((c) => c.id === id)?.phase).filter((p): p is Phase => Boolean(p)))];
      const c = await config(o, phases);
      if (typeof c === 'string') return errored(`The checks of ${step} cannot run: ${c}.`, false);
      const gate = await runGate(c, {
        outRoot: join(o.deployDir, 'steps', step),
        reportsRoot: o.outRoot,
        log: () => {},
        retries: 0,
        deadline: deadlineOf(ctx, step),
        checkIds,
      });
      const results = gate.runs[0]!.results.filter((r) => checkIds.includes(r.id));
      const missing = checkIds.filter((id) => !results.some((r) => r.id === id));
      const line = (r: (typeof results)[number]) => `${r.id} ${r.status}: ${r.message}`;
      const bad = results.filter((r) => r.status === 'fail');
      // The sandbox without moto has no AWS at all: an AWS check there cannot apply (there is no
      // alarm to be in ALARM). Only there is a gate-caused error "not verified" instead of a stop.
      const noAws = c.env.kind === 'local' && !c.env.aws;
      const inapplicable = (r: (typeof results)[number]) => noAws && r.status === 'error' && r.cause === 'gate';
      const broken = results.filter((r) => r.status === 'error' && !inapplicable(r));
      // Not verified is said, never passed off as a pass; it does not stop the deploy (the gate's
      // verdict is where INCONCLUSIVE counts), a failure or an unmeasured check does.
      const notVerified = results.filter((r) => r.status === 'inconclusive' || r.status === 'skipped' || inapplicable(r)).map((r) => r.id);
      const outputs = { results: Object.fromEntries(results.map((r) => [r.id, r.status])), notVerified, evidence: relative(o.deployDir, gate.runs[0]!.runDir) };
      if (bad.length) return failed(`${bad.map(line).join(' | ')}`, outputs);
      if (broken.length || missing.length)
        return errored(`Could not verify: ${[...broken.map(line), ...missing.map((id) => `${id}: no result`)].join(' | ')}`, true, outputs);
      return succeeded(
        `${results.length - notVerified.length} of ${checkIds.length} pass${notVerified.length ? `; not verified: ${notVerified.join(', ')}${noAws ? ' (the sandbox runs without AWS: install moto for these)' : ''}` : ''}.`,
        outputs,
      );
    },

    async command(name, ctx) {
      const step = stepIdOf(ctx);
      const c = await config(o, ['pre']);
      if (typeof c === 'string') return errored(`The command ${name} cannot run: ${c}.`, false);
      const cmd = c.apps[0]!.target.commands?.[name as 'migrate'];
      if (!cmd) return failed(`No command "${name}" is configured for ${o.app} in this environment: add apps.${o.app}.commands.${name}.`);
      const dir = join(o.deployDir, 'steps', step);
      mkdirSync(dir, { recursive: true });
      const chunks: Buffer[] = [];
      const limit = Math.min(ctx.deadline - ctx.clock.now(), (cmd.timeoutMinutes ?? Infinity) * 60_000);
      const run = await runInGroup({
        command: cmd.run[0]!,
        args: cmd.run.slice(1),
        cwd: cmd.cwd ?? o.cwd,
        env: c.processEnv,
        timeoutMs: limit,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        onStdout: (b) => chunks.push(b),
        onStderr: (b) => chunks.push(b),
      }).catch((err: Error) => ({ exitCode: null, signal: null, timedOut: false, aborted: false, durationMs: 0, spawnError: err.message }));
      const text = makeRedactor(c.secretValues)(Buffer.concat(chunks).toString('utf8'));
      const file = join(dir, 'output.log');
      writeFileSync(file, text);
      const tail = text.trim().split('\n').slice(-3).join(' / ');
      const outputs = { command: cmd.run.join(' '), exitCode: run.exitCode, output: relative(o.deployDir, file) };
      if ('spawnError' in run) return failed(`${name}: could not start ${cmd.run[0]}: ${run.spawnError}.`, outputs);
      if (run.timedOut || run.aborted) return errored(`${name} did not finish in time and was killed (output: ${outputs.output}).`, true, outputs);
      if (run.exitCode !== 0) return failed(`${name} exited ${run.exitCode}: ${tail} (output: ${outputs.output}).`, outputs);
      return succeeded(`${name} done in ${(run.durationMs / 1000).toFixed(1)} s (output: ${outputs.output}).`, outputs);
    },

    async gate(ctx) {
      const step = stepIdOf(ctx);
      const kind = o.planKind();
      const phases = kind === 'deploy' ? o.gatePhases.deploy : o.gatePhases.rollback;
      const c = await config(o, phases);
      if (typeof c === 'string') return errored(`The gate cannot run: ${c}.`, false);
      const expected = o.expectedRelease(kind);
      // A remote environment file names the release it last saw; what the gate verifies is this one.
      if (expected) c.apps[0]!.target.release = expected;
      o.log(`  gate: ${phases.join(', ')} on ${o.app}${expected ? ` ${expected}` : ''}...`);
      const snapshot = kind === 'deploy' ? readableSnapshot(o, c) : undefined;
      // "Since the deploy" (alarms, logs, the ALB's 5xx rate and p95): the environment's own
      // deployedAt when it has one (the sandbox's restart), else this journal's backend step.
      const since = c.apps[0]!.target.deployedAt ? undefined : deployTimeFromJournal(readJournalLines(o.deployDir));
      const gate = await runGate(c, {
        outRoot: o.outRoot,
        log: () => {},
        ...(since ? { deployedAt: since } : {}),
        ...(o.progress ? { progress: o.progress } : {}),
        deadline: deadlineOf(ctx, step),
        ...(snapshot ? { preDeploySnapshot: snapshot } : {}),
      });
      const run = gate.runs[0]!;
      const v = run.verdict;
      // The gate run's seal goes into the deploy's journal too: the deploy's record names the exact evidence.
      o.journal.append({
        event: 'run-end',
        at: new Date(ctx.clock.now()).toISOString(),
        decision: v.decision,
        rollback: v.rollback,
        counts: v.counts,
        gateRun: relative(o.deployDir, run.runDir),
        ...(run.manifestSha256 ? { manifestSha256: run.manifestSha256 } : {}),
      });
      const link = join(o.deployDir, `gate-${step}`);
      try {
        symlinkSync(relative(o.deployDir, run.runDir), link);
      } catch {
        /* a resume: already linked */
      }
      const outputs = {
        decision: v.decision,
        recommendation: v.rollback.recommendation,
        ...(v.rollback.procedure ? { procedure: v.rollback.procedure } : {}),
        reasons: v.reasons.slice(0, 8),
        release: expected,
        phases,
        gateRun: relative(o.deployDir, run.runDir),
        link: `gate-${step}`,
        ...(run.manifestSha256 ? { manifestSha256: run.manifestSha256 } : {}),
      };
      // The step succeeded in running the gate; what the decision means is the CLI's to act on.
      return succeeded(
        `Gate ${v.decision}${v.decision === 'GO' ? '' : ` (rollback: ${v.rollback.recommendation}${v.rollback.procedure ? `, procedure ${v.rollback.procedure}` : ''})`}: ${v.reasons[0] ?? ''} — ${run.runDir}`,
        outputs,
      );
    },
  };
}

/** The deploy journal's lines as they are now (none when it cannot be read: the environment's window then applies). */
function readJournalLines(deployDir: string): string[] {
  try {
    return readFileSync(join(deployDir, 'journal.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim());
  } catch {
    return [];
  }
}
