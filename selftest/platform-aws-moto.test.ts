import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand } from '@aws-sdk/client-rds';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { ListInvalidationsCommand } from '@aws-sdk/client-cloudfront';
import { MOTO_INSTALL_HINT, findMotoServer, resetMoto, seedAwsWorld, startMoto, type MotoServer } from '../sandbox/aws/seed.ts';
import type { AwsClients } from '../src/aws/clients.ts';
import type { AppAws } from '../src/config/environment.ts';
import type { AppId } from '../src/core/types.ts';
import { openJournalFile } from '../src/evidence/journal/file.ts';
import { replayText } from '../src/evidence/journal/replay.ts';
import { bindPlan, renderDryRun } from '../src/orchestrator/bind.ts';
import { buildRollbackPlan } from '../src/orchestrator/rollback-plan.ts';
import { rollbackTarget } from '../src/orchestrator/rollback-target.ts';
import { runPlan } from '../src/orchestrator/engine.ts';
import { acquireDeployLock, LockRefusedError } from '../src/orchestrator/lock.ts';
import { shortTd, type ServiceView } from '../src/platforms/aws/rollout.ts';
import type { ActionContext } from '../src/platforms/outcome.ts';
import { motoClients, motoPlatform, motoServiceView, platformDeployPlan, REGION, resumeCommand } from './fixtures/orchestrator/moto-platform.ts';

const motoBin = await findMotoServer();
const skip = motoBin ? false : `moto_server is not on PATH — ${MOTO_INSTALL_HINT}`;
const ctx = (key: string, ms = 30_000): ActionContext => ({ deadline: Date.now() + ms, idempotencyKey: key });

describe('aws platform against moto: the calls land in moto state', { skip }, () => {
  let moto: MotoServer;
  let aws: AwsClients;
  let names: Record<AppId, AppAws>;
  const fr = () => names['financial-rise'];
  const serviceTd = async (service: string, cluster = fr().cluster) =>
    shortTd((await aws.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services![0]!.taskDefinition!);
  // Manual snapshots only: moto, like RDS, also keeps an automated one from the instance's creation.
  const snapshots = async (db = fr().dbInstance) =>
    (await aws.rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: db, SnapshotType: 'manual' }))).DBSnapshots ?? [];
  const revisions = async (family: string) => (await aws.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }))).taskDefinitionArns ?? [];
  const invalidations = async () =>
    (await aws.cloudfront.send(new ListInvalidationsCommand({ DistributionId: fr().distributionId! }))).InvalidationList?.Items ?? [];
  const platform = (serviceView?: (v: ServiceView) => ServiceView) =>
    motoPlatform(moto.endpoint, 'financial-rise', { names: fr(), ...(serviceView ? { serviceView } : {}) }).platform;

  before(async () => {
    moto = await startMoto();
    aws = motoClients(moto.endpoint);
  });
  after(async () => {
    aws?.destroy();
    await moto?.stop();
  });
  beforeEach(async () => {
    await resetMoto(moto.endpoint);
    names = await seedAwsWorld(moto.endpoint, REGION);
  });

  it('snapshotDb: the snapshot exists and is available, with request ids; a second run does not create it twice', async () => {
    const p = platform();
    const first = await p.snapshotDb('pre-deploy-r1', ctx('r1/snap'));
    assert.equal(first.status, 'succeeded', first.message);
    assert.equal(first.outputs!.created, true);
    assert.ok(
      first.calls!.some((c) => c.operation === 'CreateDBSnapshot' && c.requestId),
      JSON.stringify(first.calls),
    );
    const again = await p.snapshotDb('pre-deploy-r1', ctx('r1/snap'));
    assert.equal(again.status, 'succeeded');
    assert.equal(again.outputs!.created, false);
    assert.deepEqual(
      (await snapshots()).map((s) => [s.DBSnapshotIdentifier, s.Status]),
      [['pre-deploy-r1', 'available']],
    );
  });

  it('deployService points the service at a newly registered task definition with the release image; revertService points it back', async () => {
    const p = platform();
    assert.equal(await serviceTd('backend-service'), 'financial-rise-backend:2');
    const out = await p.deployService('backend', '1.1.0', ctx('r1/backend'));
    assert.equal(out.status, 'succeeded', out.message);
    assert.equal(shortTd(String(out.outputs!.taskDefinition)), 'financial-rise-backend:3');
    assert.equal(shortTd(String(out.outputs!.previousTaskDefinition)), 'financial-rise-backend:2');
    assert.equal(await serviceTd('backend-service'), 'financial-rise-backend:3');
    const td = await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'financial-rise-backend:3' }));
    assert.match(td.taskDefinition!.containerDefinitions![0]!.image!, /financial-rise-backend:v1\.1\.0$/);
    for (const op of ['RegisterTaskDefinition', 'UpdateService'])
      assert.ok(
        out.calls!.some((c) => c.operation === op && c.requestId),
        `${op} request id`,
      );
    // Resumed after the process died: nothing registered or updated twice.
    const again = await p.deployService('backend', '1.1.0', ctx('r1/backend'));
    assert.equal(again.status, 'succeeded', again.message);
    assert.equal((await revisions('financial-rise-backend')).length, 3);
    assert.equal(await p.currentRevision('backend'), td.taskDefinition!.taskDefinitionArn);

    const back = await p.revertService('backend', 'financial-rise-backend:2', ctx('r1/revert'));
    assert.equal(back.status, 'succeeded', back.message);
    assert.equal(await serviceTd('backend-service'), 'financial-rise-backend:2');
  });

  it('a service whose primary deployment is not the registered task definition is a failed deploy (updated behind our back)', async () => {
    let sabotage: Promise<unknown> | undefined;
    let settled = false;
    // When our update has landed, someone else points the service back at :1 before it is stable.
    const p = platform((v) => {
      const view = motoServiceView(v);
      if (shortTd(view.taskDefinition) === 'financial-rise-backend:3' && !sabotage) {
        sabotage = aws.ecs
          .send(new UpdateServiceCommand({ cluster: fr().cluster, service: 'backend-service', taskDefinition: 'financial-rise-backend:1' }))
          .then(() => {
            settled = true;
          });
      }
      return settled ? view : { ...view, running: 0 };
    });
    const out = await p.deployService('backend', '1.1.0', ctx('r1/backend'));
    await sabotage;
    assert.equal(out.status, 'failed', out.message);
    assert.match(out.message, /rolled backend-service back silently: its PRIMARY deployment runs financial-rise-backend:1, not financial-rise-backend:3/);
  });

  it('a circuit-breaker rollback (rolloutState FAILED, old primary) is failed, never success', async () => {
    const p = platform((v) => ({
      ...v,
      deployments: [
        { id: 'ecs-svc/2', status: 'PRIMARY', taskDefinition: v.deployments[0]!.taskDefinition, desired: 2, running: 2, rolloutState: 'COMPLETED' },
        {
          id: 'ecs-svc/3',
          status: 'ACTIVE',
          taskDefinition: v.taskDefinition,
          desired: 0,
          running: 0,
          rolloutState: 'FAILED',
          rolloutStateReason: 'circuit breaker: rolled back',
        },
      ],
    }));
    const out = await p.deployService('frontend', '1.1.0', ctx('r1/frontend'));
    assert.equal(out.status, 'failed');
    assert.match(out.message, /back silently.*financial-rise-frontend:3 is now ACTIVE, FAILED/);
  });

  it('invalidateCdn: the invalidation exists and is Completed; stop backend, restoreDb swaps a restored instance in and keeps the old one, restart', async () => {
    const p = platform();
    const inv = await p.invalidateCdn(ctx('r1/cdn'));
    assert.equal(inv.status, 'succeeded', inv.message);
    assert.deepEqual(
      (await invalidations()).map((i) => [i.Id, i.Status]),
      [[inv.outputs!.invalidationId, 'COMPLETED']],
    );

    await p.snapshotDb('pre-deploy-r1', ctx('r1/snap'));
    // Procedure B's shape: stop the backend, restore, restart it with its former count.
    const stopped = await p.scaleService('backend', 0, ctx('r1/stop'));
    assert.equal(stopped.status, 'succeeded', stopped.message);
    assert.equal(stopped.outputs!.previousDesired, 2);
    assert.equal((await aws.ecs.send(new DescribeServicesCommand({ cluster: fr().cluster, services: ['backend-service'] }))).services![0]!.desiredCount, 0);
    const restored = await p.restoreDb('pre-deploy-r1', ctx('r1/restore'));
    assert.equal(restored.status, 'succeeded', restored.message);
    const ids = ((await aws.rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [])
      .map((i) => `${i.DBInstanceIdentifier}:${i.DBInstanceStatus}`)
      .sort();
    assert.ok(ids.includes('financial-rise-db:available'), ids.join(' '));
    assert.ok(ids.includes(`${restored.outputs!.keptAs}:available`), ids.join(' '));
    assert.ok(!ids.some((i) => i.includes('-restored-')), 'the side instance took the live name');
    const again = await p.restoreDb('pre-deploy-r1', ctx('r1/restore'));
    assert.equal(again.status, 'succeeded', 'a resumed restore sees it is done');
    assert.equal(((await aws.rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? []).length, ids.length, 'no second restore');
    const restarted = await p.scaleService('backend', Number(stopped.outputs!.previousDesired), ctx('r1/restart'));
    assert.equal(restarted.status, 'succeeded', restarted.message);
    assert.equal((await aws.ecs.send(new DescribeServicesCommand({ cluster: fr().cluster, services: ['backend-service'] }))).services![0]!.runningCount, 2);
  });

  it('deploy lock: a service with a deployment in progress refuses a new deploy (across machines)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pf-state-'));
    try {
      const busy = platform((v) => ({
        ...v,
        deployments: [...v.deployments, { id: 'ecs-svc/old', status: 'ACTIVE', taskDefinition: 'financial-rise-backend:1', desired: 2, running: 1 }],
      }));
      await assert.rejects(
        acquireDeployLock({ stateDir: dir, app: 'financial-rise', env: 'local', runId: 'r1', deploymentInProgress: () => busy.deploymentInProgress() }),
        (e: Error) => e instanceof LockRefusedError && /backend-service has 2 deployments/.test(e.message),
      );
      const lock = await acquireDeployLock({
        stateDir: dir,
        app: 'financial-rise',
        env: 'local',
        runId: 'r1',
        deploymentInProgress: () => platform().deploymentInProgress(),
      });
      lock.release();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('dry-run makes no call: moto state unchanged', async () => {
    const state = async () =>
      JSON.stringify([
        await snapshots(),
        await revisions('financial-rise-backend'),
        await revisions('financial-rise-frontend'),
        await serviceTd('backend-service'),
        await serviceTd('frontend-service'),
        (await invalidations()).length,
      ]);
    const before = await state();
    const text = renderDryRun(platformDeployPlan('financial-rise', 'r1', '1.1.0', platform()));
    assert.match(text, /CreateDBSnapshot/);
    assert.equal(await state(), before);
  });

  it('engine over moto: the platform plan completes, journaled with request ids; procedure A then restores the recorded revisions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pf-run-'));
    try {
      const plan = platformDeployPlan('financial-rise', 'r2', '1.1.0', platform());
      const journal = openJournalFile(join(dir, 'journal.jsonl'), { writer: 'orchestrator', runId: 'r2' });
      const report = await runPlan(plan, { journal, resumeCommand: resumeCommand('financial-rise', 'r2', '1.1.0') });
      assert.equal(report.status, 'completed', report.message);
      const r = replayText(await readFile(join(dir, 'journal.jsonl'), 'utf8'));
      assert.deepEqual(
        [...r.steps.values()].map((s) => `${s.stepId}:${s.state}`),
        [
          'fr.orch.revisions:succeeded',
          'fr.deploy.db-snapshot:succeeded',
          'fr.deploy.backend:succeeded',
          'fr.deploy.frontend:succeeded',
          'fr.deploy.cdn:succeeded',
        ],
      );
      assert.equal(
        shortTd(String(r.steps.get('fr.orch.revisions')!.outputs.backend)),
        'financial-rise-backend:2',
        'the revision before the deploy is recorded',
      );
      assert.ok(
        r.steps.get('fr.deploy.backend')!.calls.every((c) => c.requestId),
        'every call has its request id',
      );
      assert.equal(await serviceTd('frontend-service'), 'financial-rise-frontend:3');

      // NO-GO, no GO history: procedure A goes back to the revisions recorded before the deploy.
      const target = rollbackTarget({
        app: 'financial-rise',
        env: 'local',
        failing: '1.1.0',
        history: [],
        recordedBefore: r.steps.get('fr.orch.revisions')!.outputs as Record<string, string>,
      });
      assert.equal(target.kind, 'revisions');
      const procedure = { id: 'A', title: 'Revert Application Code', runbookSection: 'Rollback Procedure A', destructive: false, budgetMinutes: 15 };
      const rollback = buildRollbackPlan({
        app: 'financial-rise',
        env: 'local',
        runId: 'r2-rollback',
        procedure,
        ...(target.kind === 'revisions' ? { target: { revisions: target.revisions as { backend: string; frontend: string } } } : {}),
      });
      rollback.steps = rollback.steps.filter((s) => s.action.kind === 'platform'); // the gate is the CLI's
      // Into the deploy's own journal: one record shows deploy -> rollback.
      const done = await runPlan(bindPlan(rollback, platform()), {
        journal: openJournalFile(join(dir, 'journal.jsonl'), { writer: 'orchestrator' }),
        resumeCommand: 'x',
      });
      assert.equal(done.status, 'completed', done.message);
      const both = replayText(await readFile(join(dir, 'journal.jsonl'), 'utf8'));
      assert.deepEqual(
        both.plans.map((p) => p.kind),
        ['deploy', 'rollback:A'],
      );
      assert.equal(await serviceTd('backend-service'), 'financial-rise-backend:2');
      assert.equal(await serviceTd('frontend-service'), 'financial-rise-frontend:2');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('kill -9 during the snapshot step, then resume: completes with ONE snapshot', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pf-kill-'));
    const journalPath = join(dir, 'journal.jsonl');
    const runId = '20261201-020000-k9k9';
    const child = spawn(process.execPath, ['--import', 'tsx', 'selftest/fixtures/orchestrator/deploy-driver.ts'], {
      env: {
        ...process.env,
        PF_MOTO_ENDPOINT: moto.endpoint,
        PF_JOURNAL: journalPath,
        PF_RUN_ID: runId,
        PF_RELEASE: '1.1.0',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`the driver never reached the snapshot step: ${out} ${err.slice(-800)}`)), 60_000);
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          if (out.includes('SNAPSHOT-REQUESTED')) {
            clearTimeout(t);
            resolve();
          }
        });
        child.once('exit', () => {
          clearTimeout(t);
          reject(new Error(`the driver exited early: ${out} ${err.slice(-800)}`));
        });
      });
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL');
      const died = replayText(await readFile(journalPath, 'utf8'));
      assert.deepEqual(died.inFlight, ['fr.deploy.db-snapshot']);
      assert.equal(died.steps.get('fr.orch.revisions')!.state, 'succeeded');

      const plan = platformDeployPlan('financial-rise', runId, '1.1.0', platform());
      const report = await runPlan(plan, {
        journal: openJournalFile(journalPath, { writer: 'orchestrator' }),
        resumeCommand: resumeCommand('financial-rise', runId, '1.1.0'),
      });
      assert.equal(report.status, 'completed', report.message);
      assert.deepEqual(report.skipped, ['fr.orch.revisions']);
      assert.deepEqual(
        (await snapshots()).map((s) => s.DBSnapshotIdentifier),
        [`pre-deploy-${runId}`],
        'one snapshot',
      );
      const r = replayText(await readFile(journalPath, 'utf8'));
      const snap = r.steps.get('fr.deploy.db-snapshot')!;
      assert.equal(snap.attempts, 2);
      assert.equal(snap.outputs.created, false, 'the resumed step found the snapshot and waited for it');
      const starts = r.events.filter((e) => e.event === 'step-started' && e.stepId === 'fr.deploy.db-snapshot');
      assert.deepEqual(
        starts.map((e) => (e as { resumed: boolean }).resumed),
        [false, true],
      );
      assert.equal(await serviceTd('backend-service'), 'financial-rise-backend:3');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
