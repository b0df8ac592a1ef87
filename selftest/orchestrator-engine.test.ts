import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryJournal } from '../src/evidence/journal/file.ts';
import { replay } from '../src/evidence/journal/replay.ts';
import type { StepRecord } from '../src/evidence/journal/schema.ts';
import { errored, failed, succeeded, type StepOutcome } from '../src/platforms/outcome.ts';
import { createAwsPlatform } from '../src/platforms/aws/platform.ts';
import type { AwsClients } from '../src/aws/clients.ts';
import { LOCAL_AWS_NAMES } from '../sandbox/aws/names.ts';
import { bindDeployPlan, renderDryRun } from '../src/orchestrator/bind.ts';
import { DestructiveRefusedError, ResumeMismatchError, runPlan } from '../src/orchestrator/engine.ts';
import { buildDeployPlan, PlanError, worstCaseMs } from '../src/orchestrator/plan.ts';
import type { RunnablePlan, Step, StepContext } from '../src/orchestrator/step.ts';
import { virtualClock } from './fixtures/orchestrator/virtual-clock.ts';

const RESUME = 'postflight deploy --app financial-rise --env staging --release 1.1.0 --resume r1';
const MIN = 60_000;

/** A step that sleeps `ms` on the clock, then returns `outcome`; counts its runs and resumes. */
function fakeStep(id: string, opts: { ms?: number; outcome?: StepOutcome; timeoutMs?: number; resume?: boolean } = {}) {
  const seen = { runs: 0, resumes: 0, prior: undefined as StepRecord | undefined, signal: undefined as AbortSignal | undefined };
  const body = async (ctx: StepContext) => {
    seen.signal = ctx.signal;
    await ctx.clock.sleep(opts.ms ?? 1000, ctx.signal);
    return opts.outcome ?? succeeded(`${id} done`, { at: id, key: ctx.idempotencyKey });
  };
  const step: Step = {
    id,
    title: id,
    phase: 'p',
    runbookRef: `ref ${id}`,
    destructive: false,
    timeoutMs: opts.timeoutMs ?? 10 * MIN,
    inputs: { id },
    plannedCalls: [],
    run: (ctx) => {
      seen.runs++;
      return body(ctx);
    },
    ...(opts.resume
      ? {
          resume: (ctx: StepContext, prior: StepRecord) => {
            seen.resumes++;
            seen.prior = prior;
            return body(ctx);
          },
        }
      : {}),
  };
  return { step, seen };
}

const plan = (steps: Step[]): RunnablePlan => ({ runId: 'r1', kind: 'deploy', app: 'financial-rise', env: 'staging', release: '1.1.0', steps });

test('plan: Financial RISE and FlowComply walk their runbooks in order, with refs and timeouts', () => {
  const fr = buildDeployPlan({ app: 'financial-rise', env: 'production', release: '1.1.0', runId: '20261201-020000-ab12' });
  assert.deepEqual(
    fr.steps.map((s) => s.id),
    [
      'fr.orch.preflight',
      'fr.orch.revisions',
      'fr.deploy.db-snapshot',
      'fr.orch.migrate',
      'fr.orch.verify-migrations',
      'fr.orch.seed',
      'fr.orch.verify-seed',
      'fr.orch.build-push',
      'fr.deploy.backend',
      'fr.orch.backend-logs',
      'fr.deploy.frontend',
      'fr.deploy.cdn',
      'fr.orch.gate',
    ],
  );
  const snap = fr.steps.find((s) => s.id === 'fr.deploy.db-snapshot')!;
  assert.deepEqual(snap.action, { kind: 'platform', action: { kind: 'snapshot-db', snapshotId: 'pre-deploy-20261201-020000-ab12' } });
  assert.match(snap.runbookRef, /Phase 1\.1/);
  assert.equal(snap.timeoutMs, 30 * MIN);
  for (const s of fr.steps) assert.ok(s.runbookRef && s.timeoutMs > 0, s.id);
  const fc = buildDeployPlan({ app: 'flowcomply', env: 'production', release: 'v2.0.0', runId: 'r2' });
  assert.deepEqual(
    fc.steps.filter((s) => s.action.kind === 'platform').map((s) => s.id),
    ['fc.pre.db-snapshot', 'fc.deploy.backend', 'fc.deploy.frontend'],
  );
  assert.deepEqual(fc.steps.find((s) => s.id === 'fc.deploy.backend')!.action, {
    kind: 'platform',
    action: { kind: 'deploy-service', service: 'backend', release: 'v2.0.0' },
  });
  assert.ok(worstCaseMs(fr) > 90 * MIN, 'the sum of step limits is what the run can take at worst');
});

test('plan: skip and timeout overrides; every problem listed at once (exit 3, nothing done)', () => {
  const p = buildDeployPlan({
    app: 'financial-rise',
    env: 's',
    release: '1.1.0',
    runId: 'r1',
    skip: ['fr.orch.build-push'],
    timeouts: { 'fr.deploy.backend': 45 * MIN },
  });
  assert.ok(!p.steps.some((s) => s.id === 'fr.orch.build-push'));
  assert.equal(p.steps.find((s) => s.id === 'fr.deploy.backend')!.timeoutMs, 45 * MIN);
  assert.throws(
    () => buildDeployPlan({ app: 'financial-rise', env: 's', release: 'latest', runId: 'r--1', skip: ['fr.nope'] }),
    (e: Error) => e instanceof PlanError && /release "latest"/.test(e.message) && /run id "r--1"/.test(e.message) && /step "fr\.nope"/.test(e.message),
  );
});

test('dry-run: every call with its key parameters, and not one call made', () => {
  const touched: string[] = [];
  const trap = new Proxy(
    {},
    {
      get: (_t, key) => {
        touched.push(String(key));
        throw new Error(`dry-run touched aws.${String(key)}`);
      },
    },
  ) as AwsClients;
  const platform = createAwsPlatform({ aws: trap, names: LOCAL_AWS_NAMES['financial-rise'] });
  const p = buildDeployPlan({ app: 'financial-rise', env: 'production', release: '1.1.0', runId: 'r1' });
  const noop = async () => succeeded('');
  const text = renderDryRun(bindDeployPlan(p, platform, { checks: noop, command: noop, gate: noop }));
  assert.deepEqual(touched, []);
  assert.match(text, /RDS CreateDBSnapshot \{"DBInstanceIdentifier":"financial-rise-db","DBSnapshotIdentifier":"pre-deploy-r1"\}/);
  assert.match(text, /ECS RegisterTaskDefinition \{"family":"financial-rise-backend","image":"<current image>:v1\.1\.0"\}/);
  assert.match(text, /ECS UpdateService \{"cluster":"financial-rise-prod","service":"frontend-service"/);
  assert.match(text, /primary runs financial-rise-backend:<registered>/);
  assert.match(text, /CloudFront CreateInvalidation \{"DistributionId":"financial-rise-frontend","Paths":\["\/\*"\]\}/);
  assert.match(text, /command migrate/);
  assert.throws(() => bindDeployPlan(p, platform, {}), /fr\.orch\.migrate needs the configured command "migrate"/);
});

test('engine: journals before and after every step, outputs and timings, then completed', async () => {
  const clock = virtualClock();
  const journal = memoryJournal();
  const a = fakeStep('a', { ms: 2 * MIN });
  const b = fakeStep('b', { ms: 3 * MIN });
  const report = await runPlan(plan([a.step, b.step]), { journal, clock, resumeCommand: RESUME });
  assert.equal(report.status, 'completed');
  const events = journal
    .all()
    .slice(1)
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    events.map((e) => `${e.event}${e.stepId ? `:${e.stepId}` : ''}`),
    ['plan', 'step-started:a', 'step-finished:a', 'step-started:b', 'step-finished:b', 'run-stopped'],
  );
  assert.equal(events[2].durationMs, 2 * MIN);
  assert.deepEqual(events[2].outputs, { at: 'a', key: 'r1/a' });
  assert.deepEqual(events[1].inputs, { id: 'a' });
  assert.equal(clock.elapsed(), 5 * MIN);
});

test('engine: a failed step stops the run; later steps do not run; the report says where', async () => {
  const journal = memoryJournal();
  const a = fakeStep('a', { outcome: failed('ECS rolled backend-service back silently') });
  const b = fakeStep('b');
  const report = await runPlan(plan([a.step, b.step]), { journal, clock: virtualClock(), resumeCommand: RESUME });
  assert.equal(report.status, 'failed');
  assert.equal(report.stoppedAt, 'a');
  assert.equal(b.seen.runs, 0);
  assert.match(report.message, /stopped at a \(ref a\): it failed\. ECS rolled backend-service back silently/);
});

test('engine: a step past its timeout is error, its waits are aborted, and the message says how to resume', async () => {
  const clock = virtualClock();
  const slow = fakeStep('fr.deploy.backend', { ms: 30 * MIN, timeoutMs: 10 * MIN });
  const after = fakeStep('after');
  const report = await runPlan(plan([slow.step, after.step]), { journal: memoryJournal(), clock, resumeCommand: RESUME });
  assert.equal(report.status, 'error');
  assert.equal(report.stoppedAt, 'fr.deploy.backend');
  assert.equal(report.resumeCommand, RESUME);
  assert.match(
    report.message,
    /did not finish within its timeout of 10 min \(runbook: ref fr\.deploy\.backend\).*Resume with: postflight deploy .* --resume r1/,
  );
  assert.equal(slow.seen.signal?.aborted, true, 'the step is told to stop waiting');
  assert.equal(clock.elapsed(), 10 * MIN);
  assert.equal(after.seen.runs, 0);
  assert.equal(report.steps.get('fr.deploy.backend')!.retriable, true);
});

test('engine: a step that throws is error with its message, not a crash of the run', async () => {
  const boom: Step = {
    ...fakeStep('x').step,
    run: async () => {
      throw new TypeError('cannot read snapshotId of undefined');
    },
  };
  const report = await runPlan(plan([boom]), { journal: memoryJournal(), clock: virtualClock(), resumeCommand: RESUME });
  assert.equal(report.status, 'error');
  assert.match(report.message, /threw TypeError: cannot read snapshotId/);
});

test('engine: resume skips succeeded steps, hands the in-flight one to resume() with its record, runs the rest', async () => {
  const first = memoryJournal();
  const a = fakeStep('a');
  const b = fakeStep('b', { ms: 60 * MIN, timeoutMs: 90 * MIN, resume: true });
  const c = fakeStep('c');
  const p = plan([a.step, b.step, c.step]);
  // Simulate the kill: run until b has started, then keep only the lines written so far.
  const clock = virtualClock();
  void runPlan(p, { journal: first, clock, resumeCommand: RESUME });
  while (!first.all().some((l) => l.includes('"step-started"') && l.includes('"b"'))) await new Promise((r) => setImmediate(r));
  const died = first.all();
  assert.deepEqual(replay(died).inFlight, ['b']);

  const a2 = fakeStep('a');
  const b2 = fakeStep('b', { ms: 1000, resume: true });
  const c2 = fakeStep('c');
  const journal = memoryJournal(died);
  const report = await runPlan(plan([a2.step, b2.step, c2.step]), { journal, clock: virtualClock(), resumeCommand: RESUME });
  assert.equal(report.status, 'completed');
  assert.deepEqual(report.skipped, ['a']);
  assert.equal(a2.seen.runs, 0);
  assert.equal(b2.seen.resumes, 1);
  assert.equal(b2.seen.runs, 0);
  assert.equal(b2.seen.prior?.state, 'in-flight');
  assert.equal(c2.seen.runs, 1);
  const r = replay(journal.all());
  assert.equal(r.steps.get('b')!.attempts, 2);
  assert.equal(r.steps.get('a')!.attempts, 1);
  assert.equal(journal.all().filter((l) => l.includes('"event":"plan"')).length, 1, 'the plan is journaled once');
});

test('engine: a resume with other arguments is refused before anything runs', async () => {
  const journal = memoryJournal();
  await runPlan(plan([fakeStep('a', { outcome: errored('throttled', true) }).step]), { journal, clock: virtualClock(), resumeCommand: RESUME });
  const other = { ...plan([fakeStep('a').step]), release: '9.9.9' };
  const b = fakeStep('a');
  await assert.rejects(
    runPlan({ ...other, steps: [b.step] }, { journal: memoryJournal(journal.all()), clock: virtualClock(), resumeCommand: RESUME }),
    ResumeMismatchError,
  );
  assert.equal(b.seen.runs, 0);
});

test('engine: a plan with a destructive step is refused without allowDestructive; nothing runs, nothing is journaled', async () => {
  const restore = { ...fakeStep('fr.orch.restore-db').step, destructive: true, title: 'Restore database from snapshot' };
  const a = fakeStep('a');
  const journal = memoryJournal();
  await assert.rejects(
    runPlan(plan([a.step, restore]), { journal, clock: virtualClock(), resumeCommand: RESUME }),
    (e: Error) => e instanceof DestructiveRefusedError && /fr\.orch\.restore-db: Restore database.*--confirm-data-loss/.test(e.message),
  );
  assert.equal(a.seen.runs, 0);
  assert.equal(journal.all().length, 1, 'only the header');
  const ok = await runPlan(plan([a.step, restore]), { journal, clock: virtualClock(), resumeCommand: RESUME, allowDestructive: true });
  assert.equal(ok.status, 'completed');
});

test('engine: one journal holds the deploy then the rollback it led to; a plan reusing a step id of another plan is refused', async () => {
  const journal = memoryJournal();
  await runPlan(plan([fakeStep('fr.deploy.backend').step]), { journal, clock: virtualClock(), resumeCommand: RESUME });
  const rollback = { ...plan([fakeStep('fr.rollback.backend').step]), kind: 'rollback:A', runId: 'r1' };
  const again = memoryJournal(journal.all());
  const done = await runPlan(rollback, { journal: again, clock: virtualClock(), resumeCommand: RESUME });
  assert.equal(done.status, 'completed');
  assert.deepEqual(
    replay(again.all()).plans.map((p) => p.kind),
    ['deploy', 'rollback:A'],
  );
  const clash = { ...plan([fakeStep('fr.deploy.backend').step]), kind: 'rollback:B' };
  await assert.rejects(
    runPlan(clash, { journal: memoryJournal(again.all()), clock: virtualClock(), resumeCommand: RESUME }),
    /fr\.deploy\.backend already ran in this journal under another plan \(deploy, rollback:A\)/,
  );
});
