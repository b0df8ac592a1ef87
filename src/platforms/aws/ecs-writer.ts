import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { AwsError } from '../../aws/errors.ts';
import { errored, failed, succeeded, type ActionContext, type StepOutcome } from '../outcome.ts';
import { humanMs, waitUntil } from '../wait.ts';
import type { Caller } from './call.ts';
import type { AwsPlatformDeps } from './deps.ts';
import { appContainerNames, imageForRelease, judgeRollout, shortTd, type ServiceView } from './rollout.ts';

/**
 * ECS writes: register the release's task definition, point the service at it (or back at an
 * older one), and wait until the rollout is really done (./rollout.ts judges).
 */

export async function readService(d: AwsPlatformDeps, caller: Caller, service: string): Promise<ServiceView> {
  const { cluster } = d.names;
  const out = await caller.call(d.aws.site('ECS', `describe service ${service} in cluster ${cluster}`), 'DescribeServices', () =>
    d.aws.ecs.send(new DescribeServicesCommand({ cluster, services: [service] })),
  );
  const s = out.services?.find((x) => x.serviceName === service);
  if (!s)
    throw new AwsError(
      'not-found',
      `ECS: service ${service} not found in cluster ${cluster} (${out.failures?.[0]?.reason ?? 'no such service'}). Check the environment's aws.backendService/frontendService.`,
    );
  const view: ServiceView = {
    name: service,
    desired: s.desiredCount ?? 0,
    running: s.runningCount ?? 0,
    taskDefinition: s.taskDefinition ?? '',
    deployments: (s.deployments ?? []).map((x) => ({
      id: x.id ?? '',
      status: x.status ?? 'UNKNOWN',
      taskDefinition: x.taskDefinition ?? '',
      desired: x.desiredCount ?? 0,
      running: x.runningCount ?? 0,
      ...(x.rolloutState ? { rolloutState: x.rolloutState } : {}),
      ...(x.rolloutStateReason ? { rolloutStateReason: x.rolloutStateReason } : {}),
    })),
  };
  return d.serviceView ? d.serviceView(view) : view;
}

async function readTaskDefinition(d: AwsPlatformDeps, caller: Caller, td: string): Promise<TaskDefinition> {
  const out = await caller.call(d.aws.site('ECS', `describe task definition ${td}`), 'DescribeTaskDefinition', () =>
    d.aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: td })),
  );
  if (!out.taskDefinition) throw new AwsError('not-found', `ECS: task definition ${td} not found. Give a revision that exists (family:revision or its ARN).`);
  return out.taskDefinition;
}

/** The current task definition with the app's image tag replaced; every other field copied. */
export function releaseTaskDefinition(current: TaskDefinition, release: string): RegisterTaskDefinitionCommandInput {
  const app = new Set(appContainerNames(current.containerDefinitions ?? [], current.family ?? ''));
  const {
    family,
    taskRoleArn,
    executionRoleArn,
    networkMode,
    volumes,
    placementConstraints,
    requiresCompatibilities,
    cpu,
    memory,
    pidMode,
    ipcMode,
    proxyConfiguration,
    inferenceAccelerators,
    ephemeralStorage,
    runtimePlatform,
  } = current;
  return {
    family,
    taskRoleArn,
    executionRoleArn,
    networkMode,
    volumes,
    placementConstraints,
    requiresCompatibilities,
    cpu,
    memory,
    pidMode,
    ipcMode,
    proxyConfiguration,
    inferenceAccelerators,
    ephemeralStorage,
    runtimePlatform,
    containerDefinitions: (current.containerDefinitions ?? []).map((c) =>
      app.has(c.name ?? '') && c.image ? { ...c, image: imageForRelease(c.image, release) } : c,
    ),
  };
}

const imagesOf = (td: { containerDefinitions?: { image?: string }[] }) => (td.containerDefinitions ?? []).map((c) => c.image ?? '').join(',');

/** Updates the service to `target` unless it is there already, then waits for the rollout. */
async function rollTo(
  d: AwsPlatformDeps,
  caller: Caller,
  service: string,
  target: string,
  ctx: ActionContext,
  outputs: Record<string, unknown>,
): Promise<StepOutcome> {
  const before = await readService(d, caller, service);
  if (shortTd(before.taskDefinition) !== shortTd(target)) {
    await caller.call(d.aws.site('ECS', `update service ${service} to ${shortTd(target)}`), 'UpdateService', () =>
      d.aws.ecs.send(new UpdateServiceCommand({ cluster: d.names.cluster, service, taskDefinition: target })),
    );
    outputs.updated = true;
  } else {
    outputs.updated = false; // a resumed step: the update was made before the process died
  }
  let verdict: StepOutcome | undefined;
  const waited = await waitUntil(
    async () => {
      const j = judgeRollout(await readService(d, caller, service), target);
      if (j.state === 'waiting') return { done: false, waitingFor: j.waitingFor };
      verdict = j.state === 'failed' ? failed(j.reason, outputs, caller.calls) : undefined;
      return { done: true, value: j.state };
    },
    { clock: d.clock, deadline: ctx.deadline, intervalMs: d.pollMs, ...(ctx.signal ? { signal: ctx.signal } : {}) },
  );
  if (verdict) return verdict;
  if (!waited.done) {
    return errored(
      `${service} did not become stable on ${shortTd(target)} within the step's time (${humanMs(waited.waitedMs)}, ${waited.polls} looks): still waiting for ${waited.waitingFor}. Nothing was rolled back; resume to keep waiting, or roll back.`,
      true,
      outputs,
      caller.calls,
    );
  }
  return succeeded(`${service} runs ${shortTd(target)}: running = desired, primary at 100 %, old deployments drained.`, outputs, caller.calls);
}

export async function deployService(d: AwsPlatformDeps, caller: Caller, service: string, release: string, ctx: ActionContext): Promise<StepOutcome> {
  const current = await readService(d, caller, service);
  const currentTd = await readTaskDefinition(d, caller, current.taskDefinition);
  const wanted = releaseTaskDefinition(currentTd, release);
  const outputs: Record<string, unknown> = { service, release, previousTaskDefinition: current.taskDefinition };
  let target = current.taskDefinition;
  // The family's latest revision may already be the release's (registered, then the process died).
  const latest = imagesOf(currentTd) === imagesOf(wanted) ? currentTd : await readTaskDefinition(d, caller, wanted.family ?? '');
  if (imagesOf(latest) === imagesOf(wanted) && latest !== currentTd) {
    target = latest.taskDefinitionArn ?? target;
  } else if (imagesOf(currentTd) !== imagesOf(wanted)) {
    const reg = await caller.call(d.aws.site('ECS', `register task definition ${wanted.family} for release ${release}`), 'RegisterTaskDefinition', () =>
      d.aws.ecs.send(new RegisterTaskDefinitionCommand(wanted)),
    );
    target = reg.taskDefinition?.taskDefinitionArn ?? '';
    if (!target) return errored(`ECS registered no task definition for ${wanted.family} (empty answer): try again.`, true, outputs, caller.calls);
  } else {
    // The service already runs the release's images (a resumed step): register nothing twice.
    delete outputs.previousTaskDefinition;
  }
  outputs.taskDefinition = target;
  return rollTo(d, caller, service, target, ctx, outputs);
}

export async function revertService(d: AwsPlatformDeps, caller: Caller, service: string, to: string, ctx: ActionContext): Promise<StepOutcome> {
  const td = await readTaskDefinition(d, caller, to);
  const target = td.taskDefinitionArn ?? to;
  return rollTo(d, caller, service, target, ctx, { service, taskDefinition: target });
}

export async function scaleService(d: AwsPlatformDeps, caller: Caller, service: string, desired: number, ctx: ActionContext): Promise<StepOutcome> {
  const before = await readService(d, caller, service);
  const outputs: Record<string, unknown> = { service, desired, previousDesired: before.desired };
  if (before.desired !== desired) {
    await caller.call(d.aws.site('ECS', `set desired count of ${service} to ${desired}`), 'UpdateService', () =>
      d.aws.ecs.send(new UpdateServiceCommand({ cluster: d.names.cluster, service, desiredCount: desired })),
    );
  } else {
    // Already there (a resumed step): the count before this step is not known any more.
    delete outputs.previousDesired;
  }
  const waited = await waitUntil(
    async () => {
      const v = await readService(d, caller, service);
      return v.running === desired && v.desired === desired
        ? { done: true, value: v }
        : { done: false, waitingFor: `${service}: running ${v.running}, desired ${v.desired}, want ${desired}` };
    },
    { clock: d.clock, deadline: ctx.deadline, intervalMs: d.pollMs, ...(ctx.signal ? { signal: ctx.signal } : {}) },
  );
  if (!waited.done)
    return errored(
      `${service} did not reach ${desired} running tasks within the step's time (${humanMs(waited.waitedMs)}): ${waited.waitingFor}. Resume to keep waiting.`,
      true,
      outputs,
      caller.calls,
    );
  return succeeded(`${service} runs ${desired} task(s)${desired === 0 ? ': stopped' : ''}.`, outputs, caller.calls);
}
