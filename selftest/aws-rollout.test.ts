import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appContainerNames, deploymentUnderWay, imageForRelease, judgeRollout, type DeploymentView, type ServiceView } from '../src/platforms/aws/rollout.ts';
import { makeCaller } from '../src/platforms/aws/call.ts';
import { waitUntil } from '../src/platforms/wait.ts';
import { AwsError } from '../src/aws/errors.ts';
import { virtualClock } from './fixtures/orchestrator/virtual-clock.ts';

const TD = (rev: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/fr-backend:${rev}`;
const dep = (rev: number, o: Partial<DeploymentView> = {}): DeploymentView => ({
  id: `d${rev}`,
  status: 'PRIMARY',
  taskDefinition: TD(rev),
  desired: 2,
  running: 2,
  rolloutState: 'COMPLETED',
  ...o,
});
const svc = (deployments: DeploymentView[], o: Partial<ServiceView> = {}): ServiceView => ({
  name: 'backend-service',
  desired: 2,
  running: 2,
  taskDefinition: TD(3),
  deployments,
  ...o,
});

const rollouts: { name: string; view: ServiceView; state: string; says?: RegExp }[] = [
  { name: 'stable on the registered revision', view: svc([dep(3)]), state: 'stable' },
  { name: 'stable, expected given as family:rev', view: svc([dep(3)]), state: 'stable' },
  { name: 'no rolloutState (older API): judged by counts', view: svc([dep(3, { rolloutState: undefined })]), state: 'stable' },
  {
    name: 'new tasks still starting',
    view: svc([dep(3, { running: 1 }), dep(2, { status: 'ACTIVE', running: 2 })], { running: 3 }),
    state: 'waiting',
    says: /running 3 of 2|primary deployment at 1\/2/,
  },
  {
    name: 'old deployment still draining',
    view: svc([dep(3), dep(2, { status: 'ACTIVE', running: 1 })]),
    state: 'waiting',
    says: /1 old deployment\(s\) still draining \(fr-backend:2 1 running\)/,
  },
  { name: 'rollout IN_PROGRESS with counts met', view: svc([dep(3, { rolloutState: 'IN_PROGRESS' })]), state: 'waiting', says: /IN_PROGRESS/ },
  { name: 'no primary listed yet', view: svc([]), state: 'waiting', says: /PRIMARY/ },
  {
    name: 'circuit breaker rolled back: primary is the OLD revision, service "stable"',
    view: svc([dep(2)], { taskDefinition: TD(2) }),
    state: 'failed',
    says: /rolled backend-service back silently: its PRIMARY deployment runs fr-backend:2, not fr-backend:3/,
  },
  {
    name: 'rollback in progress: ours is ACTIVE',
    view: svc([dep(2, { rolloutState: 'IN_PROGRESS' }), dep(3, { status: 'ACTIVE', rolloutState: 'FAILED' })]),
    state: 'failed',
    says: /fr-backend:3 is now ACTIVE, FAILED/,
  },
  {
    name: 'rolloutState FAILED on our primary',
    view: svc([dep(3, { rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start' })]),
    state: 'failed',
    says: /FAILED \(tasks failed to start\)/,
  },
];

for (const c of rollouts) {
  test(`judgeRollout: ${c.name} -> ${c.state}`, () => {
    const j = judgeRollout(c.view, c.name.includes('family:rev') ? 'fr-backend:3' : TD(3));
    assert.equal(j.state, c.state);
    if (c.says) assert.match(j.state === 'failed' ? j.reason : j.state === 'waiting' ? j.waitingFor : '', c.says);
  });
}

test('deploymentUnderWay: two deployments or IN_PROGRESS refuse a new deploy; one COMPLETED does not', () => {
  assert.equal(deploymentUnderWay(svc([dep(3)])), undefined);
  assert.match(deploymentUnderWay(svc([dep(3), dep(2, { status: 'ACTIVE' })]))!, /2 deployments \(PRIMARY fr-backend:3, ACTIVE fr-backend:2\)/);
  assert.match(deploymentUnderWay(svc([dep(3, { rolloutState: 'IN_PROGRESS' })]))!, /IN_PROGRESS/);
  assert.equal(deploymentUnderWay(svc([dep(3), dep(1, { status: 'INACTIVE' })])), undefined);
});

test('imageForRelease and appContainerNames: only the app image gets the release tag', () => {
  const table: [string, string, string][] = [
    ['123.dkr.ecr.us-east-1.amazonaws.com/financial-rise-backend:v1.0.0', '1.1.0', '123.dkr.ecr.us-east-1.amazonaws.com/financial-rise-backend:v1.1.0'],
    ['registry:5000/team/app:latest', 'v2.0.0', 'registry:5000/team/app:v2.0.0'],
    ['app', '1.0.0', 'app:v1.0.0'],
    ['repo/app@sha256:abc', '1.2.3', 'repo/app:v1.2.3'],
  ];
  for (const [image, release, want] of table) assert.equal(imageForRelease(image, release), want);
  const containers = [
    { name: 'backend', image: 'x/financial-rise-backend:v1', essential: true },
    { name: 'log-router', image: 'amazon/aws-for-fluent-bit:2', essential: true },
  ];
  assert.deepEqual(appContainerNames(containers, 'financial-rise-backend'), ['backend']);
  assert.deepEqual(
    appContainerNames(
      [
        { name: 'a', image: 'x/other:1' },
        { name: 'b', image: 'y:1', essential: false },
      ],
      'fam',
    ),
    ['a'],
  );
});

test('caller: throttling is retried with backoff on the clock, request ids kept; other errors are not retried', async () => {
  const clock = virtualClock();
  const caller = makeCaller({ clock, deadline: clock.now() + 60_000 });
  const site = { service: 'ECS', what: 'update service', region: 'us-east-1' };
  let n = 0;
  const out = await caller.call(site, 'UpdateService', async () => {
    if (++n < 3) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { requestId: `t${n}` } });
    return { $metadata: { requestId: 'ok-1' } };
  });
  assert.equal(out.$metadata.requestId, 'ok-1');
  assert.deepEqual(caller.calls, [{ service: 'ECS', operation: 'UpdateService', requestId: 'ok-1', attempts: 3 }]);
  assert.equal(clock.elapsed(), 1_000 + 2_000);
  await assert.rejects(
    caller.call(site, 'UpdateService', async () => {
      throw Object.assign(new Error('no'), { name: 'ServiceNotFoundException', $metadata: { requestId: 'nf' } });
    }),
    (e: Error) => e instanceof AwsError && e.kind === 'not-found',
  );
  assert.deepEqual(caller.calls[1], { service: 'ECS', operation: 'UpdateService', requestId: 'nf', attempts: 1 });
});

test('caller: no retry that would end after the deadline', async () => {
  const clock = virtualClock();
  const caller = makeCaller({ clock, deadline: clock.now() + 1_500 });
  let n = 0;
  await assert.rejects(
    caller.call({ service: 'RDS', what: 'x', region: 'r' }, 'CreateDBSnapshot', async () => {
      n++;
      throw Object.assign(new Error('slow down'), { name: 'Throttling' });
    }),
    (e: Error) => e instanceof AwsError && e.kind === 'throttled',
  );
  assert.equal(n, 2, 'first try, one retry after 1 s, none after 2 s more (past the deadline)');
});

test('waitUntil: bounded by the deadline, says what it still waited for', async () => {
  const clock = virtualClock();
  let looks = 0;
  const never = await waitUntil(async () => ({ done: false, waitingFor: `look ${++looks}` }), { clock, deadline: clock.now() + 60_000, intervalMs: 10_000 });
  assert.deepEqual(never, { done: false, waitingFor: 'look 7', polls: 7, waitedMs: 60_000 });
  const soon = await waitUntil(async () => (clock.elapsed() >= 80_000 ? { done: true, value: 'ok' } : { done: false, waitingFor: 'x' }), {
    clock,
    deadline: clock.now() + 60_000,
    intervalMs: 10_000,
  });
  assert.deepEqual(soon, { done: true, value: 'ok', polls: 3 });
});
