import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { StopTaskCommand, ListTasksCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { AWS_FAULTS, MOTO_INSTALL_HINT, findMotoServer, refreshAwsActivity, resetMoto, seedAwsWorld, startMoto, type MotoServer } from '../sandbox/aws/seed.ts';
import { createAwsClients } from '../src/aws/clients.ts';
import { runMonitoringChecks, runPreflightChecks, runDeployStateChecks } from '../src/checks/aws/index.ts';
import { testContext } from './fixtures/aws/context.ts';
import { LOCAL_NOT_PASS, gitRepoWithTag, motoEnv, runAllAwsChecks, statuses } from './fixtures/aws/world.ts';
import { refusedPort } from './fixtures/refused-port.ts';

const motoBin = await findMotoServer();
const skip = motoBin ? false : `moto_server is not on PATH — ${MOTO_INSTALL_HINT}`;
const REGION = 'us-east-1';

describe('AWS checks on the real wire protocol (moto)', { skip }, () => {
  let moto: MotoServer;
  let repo: Awaited<ReturnType<typeof gitRepoWithTag>>;
  let healthy: Record<string, string>;
  const opts = () => ({ endpoint: moto.endpoint, release: '1.0.0', processEnv: motoEnv({ POSTFLIGHT_RELEASE_REPO: repo.path }) });
  const seed = async (faults: string[] = []) => {
    await resetMoto(moto.endpoint);
    await seedAwsWorld(moto.endpoint, REGION, undefined, new Set(faults));
  };
  const clients = () => createAwsClients({ region: REGION, endpoint: moto.endpoint }, motoEnv());

  before(async () => {
    [moto, repo] = await Promise.all([startMoto(), gitRepoWithTag('1.0.0')]);
  });
  after(async () => {
    await moto?.stop();
    await repo?.remove();
  });

  it('healthy world: every preflight, deploy and monitoring check passes (TLS on http skipped, no status page)', async () => {
    await seed();
    const results = await runAllAwsChecks(opts());
    healthy = statuses(results);
    for (const [id, status] of Object.entries(healthy)) {
      assert.equal(status, LOCAL_NOT_PASS[id] ?? 'pass', `${id}: ${results.get(id)?.message}`);
    }
    assert.equal(Object.keys(healthy).length, 32, 'both apps: 16 Financial RISE + 16 FlowComply AWS checks');
    assert.match(results.get('fr.pre.release-tag')!.message, /v1\.0\.0/);
  });

  for (const fault of AWS_FAULTS) {
    it(`fault ${fault.id} trips ${fault.trips.join(', ')} and nothing else`, async () => {
      assert.ok(healthy, 'the healthy case runs first');
      await seed([fault.id]);
      const results = await runAllAwsChecks(opts());
      // "No datapoints" is never a pass, and never a measured failure either.
      const expected = fault.id === 'fc:no-datapoints' ? 'inconclusive' : 'fail';
      for (const [id, status] of Object.entries(statuses(results))) {
        if (fault.trips.includes(id)) assert.equal(status, expected, `${id} should trip: ${results.get(id)?.message}`);
        else assert.equal(status, healthy[id], `${id} changed under ${fault.id}: ${results.get(id)?.message}`);
      }
    });
  }

  it('an alarm set to ALARM by hand (SetAlarmState) fails fr.mon.alarms, naming it; FlowComply is unaffected', async () => {
    await seed();
    const aws = clients();
    await aws.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'financial-rise-db-cpu', StateValue: 'ALARM', StateReason: 'CPU 97 % for 10 minutes' }));
    aws.destroy();
    const fr = await runMonitoringChecks(testContext({ ...opts(), app: 'financial-rise' }));
    const alarms = fr.find((r) => r.id === 'fr.mon.alarms')!;
    assert.equal(alarms.status, 'fail');
    assert.match(alarms.message, /financial-rise-db-cpu \(CPU 97 % for 10 minutes/);
    const fc = await runMonitoringChecks(testContext({ ...opts(), app: 'flowcomply' }));
    assert.equal(fc.find((r) => r.id === 'fc.mon.alarms')!.status, 'pass');
  });

  it('an alarm already in ALARM before the deploy is flagged; with alarmsBeforeDeploy "flag" it is inconclusive', async () => {
    await seed(['fr:alarm-firing']);
    const deployedAt = new Date(Date.now() + 1000);
    const ctx = testContext({ ...opts(), app: 'financial-rise', deployedAt });
    const counted = (await runMonitoringChecks(ctx)).find((r) => r.id === 'fr.mon.alarms')!;
    assert.equal(counted.status, 'fail');
    assert.match(counted.message, /already in ALARM before the deploy/);
    const flagged = (await runMonitoringChecks(ctx, undefined, { alarmsBeforeDeploy: 'flag' })).find((r) => r.id === 'fr.mon.alarms')!;
    assert.equal(flagged.status, 'inconclusive', flagged.message);
  });

  it('a runbook alarm in INSUFFICIENT_DATA makes fr.mon.alarms inconclusive, and says so', async () => {
    await seed();
    const aws = clients();
    await aws.cloudwatch.send(
      new SetAlarmStateCommand({ AlarmName: 'financial-rise-target-response-time', StateValue: 'INSUFFICIENT_DATA', StateReason: 'no datapoints' }),
    );
    aws.destroy();
    const r = (await runMonitoringChecks(testContext({ ...opts(), app: 'financial-rise' }))).find((x) => x.id === 'fr.mon.alarms')!;
    assert.equal(r.status, 'inconclusive');
    assert.match(r.message, /INSUFFICIENT_DATA: financial-rise-target-response-time/);
  });

  it('a stopped task fails fc.deploy.tasks; a service scaled to 0 fails fc.deploy.backend', async () => {
    await seed();
    const aws = clients();
    const { taskArns } = await aws.ecs.send(new ListTasksCommand({ cluster: 'flowcomply-production' }));
    await aws.ecs.send(new StopTaskCommand({ cluster: 'flowcomply-production', task: taskArns![0], reason: 'Essential container in task exited' }));
    await aws.ecs.send(new UpdateServiceCommand({ cluster: 'flowcomply-production', service: 'backend-service', desiredCount: 0 }));
    aws.destroy();
    const results = await runDeployStateChecks(testContext({ ...opts(), app: 'flowcomply' }));
    const byId = new Map(results.map((r) => [r.id, r]));
    assert.equal(byId.get('fc.deploy.tasks')!.status, 'fail', byId.get('fc.deploy.tasks')!.message);
    assert.equal(byId.get('fc.deploy.backend')!.status, 'fail', byId.get('fc.deploy.backend')!.message);
    assert.equal(byId.get('fc.deploy.frontend')!.status, 'pass');
  });

  it('a world seeded 3 hours ago: stale logs fail, old metrics are inconclusive; refreshAwsActivity brings them back', async () => {
    await resetMoto(moto.endpoint);
    await seedAwsWorld(moto.endpoint, REGION, undefined, new Set(), { now: new Date(Date.now() - 3 * 3600_000) });
    const stale = await runAllAwsChecks(opts());
    assert.equal(stale.get('fr.mon.logs')!.status, 'fail');
    assert.match(stale.get('fr.mon.logs')!.message, /no event in the last 60 min/);
    for (const id of ['fc.mon.alb-p95', 'fc.mon.ecs-util', 'fc.mon.rds-connections', 'fc.mon.redis-hit-rate'])
      assert.equal(stale.get(id)!.status, 'inconclusive', id);
    await refreshAwsActivity(moto.endpoint, REGION);
    const fresh = await runAllAwsChecks(opts());
    for (const id of ['fr.mon.logs', 'fr.deploy.backend-logs', 'fc.mon.alb-p95', 'fc.mon.ecs-util', 'fc.mon.rds-connections', 'fc.mon.redis-hit-rate']) {
      assert.equal(fresh.get(id)!.status, 'pass', `${id}: ${fresh.get(id)!.message}`);
    }
  });

  it('a closed port gives error results fast, with a message that says what to do', async () => {
    const closed = `http://127.0.0.1:${await refusedPort()}`;
    const started = Date.now();
    const results = [
      ...(await runMonitoringChecks(testContext({ ...opts(), endpoint: closed, app: 'financial-rise' }))),
      ...(await runPreflightChecks(testContext({ ...opts(), endpoint: closed, app: 'flowcomply' }))),
    ];
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    const aws = results.filter((r) => !['fr.mon.uptime', 'fc.pre.tls', 'fc.pre.dns', 'fc.pre.release-tag'].includes(r.id));
    for (const r of aws) {
      assert.equal(r.status, 'error', `${r.id}: ${r.message}`);
      assert.match(r.message, /could not be reached .*ECONNREFUSED.*aws\.endpoint/, r.id);
    }
  });

  it('missing credentials give error results naming the variables to set', async () => {
    await seed();
    const saved = { ...process.env };
    // The SDK's default chain reads process.env; point it at nothing.
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[k];
    Object.assign(process.env, {
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    try {
      const results = await runMonitoringChecks(testContext({ endpoint: moto.endpoint, app: 'flowcomply', processEnv: {} }));
      for (const r of results) {
        assert.equal(r.status, 'error', `${r.id}: ${r.message}`);
        assert.match(r.message, /credentials.*AWS_ACCESS_KEY_ID/, r.id);
      }
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  it('an environment without an aws block gives error results, never pass', async () => {
    const results = await runMonitoringChecks(testContext({ endpoint: null, app: 'financial-rise' }));
    for (const r of results.filter((x) => x.id !== 'fr.mon.uptime')) {
      assert.equal(r.status, 'error');
      assert.match(r.message, /has no `aws` block.*add `aws: \{ region/);
    }
  });
});
