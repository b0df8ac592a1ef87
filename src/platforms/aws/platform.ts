import type { AwsClients } from '../../aws/clients.ts';
import { AwsError } from '../../aws/errors.ts';
import type { AppAws } from '../../config/environment.ts';
import { errored, systemClock, type ActionContext, type Clock, type PlannedCall, type StepOutcome } from '../outcome.ts';
import type { Platform, PlatformAction, ServiceRole } from '../platform.ts';
import { makeCaller, type Caller, type RetryPolicy } from './call.ts';
import { invalidateCdn, INVALIDATION_PATHS } from './cloudfront-writer.ts';
import type { AwsPlatformDeps } from './deps.ts';
import { deployService, readService, revertService, scaleService } from './ecs-writer.ts';
import { restoreDb, restoreNames, snapshotDb } from './rds-writer.ts';
import { deploymentUnderWay, type ServiceView } from './rollout.ts';

/**
 * The `aws` platform: RDS, ECS and CloudFront writes for one app, through the clients of
 * src/aws/clients.ts (so the endpoint, e.g. moto, comes from the environment). The only place
 * in src/ that changes AWS state.
 */

export interface AwsPlatformOptions {
  aws: AwsClients;
  names: AppAws;
  clock?: Clock;
  pollMs?: number;
  retry?: RetryPolicy;
  serviceView?: (view: ServiceView) => ServiceView;
}

/** Throttled and unreachable may pass on a resume; a refusal or a missing resource will not. */
function fromError(err: unknown, what: string, caller: Caller): StepOutcome {
  if (err instanceof AwsError) {
    return errored(`${what}: ${err.message}`, err.kind === 'throttled' || err.kind === 'unreachable', {}, caller.calls);
  }
  const e = err as Error;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return errored(`${what}: stopped by the step's timeout.`, true, {}, caller.calls);
  return errored(`${what} failed unexpectedly (${e?.message ?? String(err)}).`, false, {}, caller.calls);
}

export function createAwsPlatform(opts: AwsPlatformOptions): Platform {
  const d: AwsPlatformDeps = {
    aws: opts.aws,
    names: opts.names,
    clock: opts.clock ?? systemClock,
    pollMs: opts.pollMs ?? 10_000,
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(opts.serviceView ? { serviceView: opts.serviceView } : {}),
  };
  const n = opts.names;
  const serviceName = (role: ServiceRole) => (role === 'backend' ? n.backendService : n.frontendService);
  const caller = (ctx: Pick<ActionContext, 'deadline' | 'signal'>) =>
    makeCaller({ clock: d.clock, deadline: ctx.deadline, ...(ctx.signal ? { signal: ctx.signal } : {}), ...(d.retry ? { retry: d.retry } : {}) });
  const act = async (what: string, ctx: ActionContext, run: (c: Caller) => Promise<StepOutcome>): Promise<StepOutcome> => {
    const c = caller(ctx);
    try {
      return await run(c);
    } catch (err) {
      return fromError(err, what, c);
    }
  };
  const forever = () => ({ deadline: d.clock.now() + 60_000 });

  return {
    kind: 'aws',
    describe: (action: PlatformAction) => describeCalls(n, action),
    snapshotDb: (id, ctx) => act(`RDS snapshot ${id} of ${n.dbInstance}`, ctx, (c) => snapshotDb(d, c, id, ctx)),
    restoreDb: (id, ctx) => act(`RDS restore of ${n.dbInstance} from ${id}`, ctx, (c) => restoreDb(d, c, id, ctx)),
    deployService: (role, release, ctx) =>
      act(`ECS deploy of ${serviceName(role)} to ${release}`, ctx, (c) => deployService(d, c, serviceName(role), release, ctx)),
    revertService: (role, to, ctx) => act(`ECS revert of ${serviceName(role)} to ${to}`, ctx, (c) => revertService(d, c, serviceName(role), to, ctx)),
    scaleService: (role, desired, ctx) =>
      act(`ECS scale of ${serviceName(role)} to ${desired}`, ctx, (c) => scaleService(d, c, serviceName(role), desired, ctx)),
    invalidateCdn: (ctx) => act('CloudFront invalidation', ctx, (c) => invalidateCdn(d, c, ctx)),
    currentRevision: async (role) => (await readService(d, caller(forever()), serviceName(role))).taskDefinition,
    deploymentInProgress: async () => {
      const reasons: string[] = [];
      for (const role of ['backend', 'frontend'] as const) {
        const why = deploymentUnderWay(await readService(d, caller(forever()), serviceName(role)));
        if (why) reasons.push(why);
      }
      return reasons.length ? `${reasons.join('; ')} (cluster ${n.cluster}). Wait for it to finish, or find who started it.` : undefined;
    },
  };
}

/** The calls of each action, as `--dry-run` prints them. Pure: nothing is called. */
export function describeCalls(n: AppAws, action: PlatformAction): PlannedCall[] {
  const svc = (role: ServiceRole) => (role === 'backend' ? n.backendService : n.frontendService);
  const family = (role: ServiceRole) => (role === 'backend' ? n.backendTaskFamily : n.frontendTaskFamily);
  const waitService = (role: ServiceRole, td: string): PlannedCall => ({
    service: 'ECS',
    operation: 'DescribeServices',
    params: { cluster: n.cluster, services: [svc(role)] },
    note: `repeated until running = desired, primary at 100 %, old deployments drained, and the primary runs ${td}`,
  });
  switch (action.kind) {
    case 'snapshot-db':
      return [
        {
          service: 'RDS',
          operation: 'DescribeDBSnapshots',
          params: { DBSnapshotIdentifier: action.snapshotId },
          note: 'an existing snapshot is waited for, not created twice',
        },
        { service: 'RDS', operation: 'CreateDBSnapshot', params: { DBInstanceIdentifier: n.dbInstance, DBSnapshotIdentifier: action.snapshotId } },
        { service: 'RDS', operation: 'DescribeDBSnapshots', params: { DBSnapshotIdentifier: action.snapshotId }, note: 'repeated until Status = available' },
      ];
    case 'restore-db': {
      const { restored, kept } = restoreNames(n.dbInstance, '<run-id>/<step>');
      return [
        {
          service: 'RDS',
          operation: 'RestoreDBInstanceFromDBSnapshot',
          params: { DBInstanceIdentifier: restored, DBSnapshotIdentifier: action.snapshotId },
          note: 'a NEW instance; the live one keeps serving meanwhile',
        },
        { service: 'RDS', operation: 'DescribeDBInstances', params: { DBInstanceIdentifier: restored }, note: 'repeated until available' },
        {
          service: 'RDS',
          operation: 'ModifyDBInstance',
          params: { DBInstanceIdentifier: n.dbInstance, NewDBInstanceIdentifier: kept, ApplyImmediately: true },
          note: 'the previous database is kept',
        },
        {
          service: 'RDS',
          operation: 'ModifyDBInstance',
          params: { DBInstanceIdentifier: restored, NewDBInstanceIdentifier: n.dbInstance, ApplyImmediately: true },
        },
        { service: 'RDS', operation: 'DescribeDBInstances', params: { DBInstanceIdentifier: n.dbInstance }, note: 'repeated until available' },
      ];
    }
    case 'deploy-service':
      return [
        {
          service: 'ECS',
          operation: 'DescribeServices',
          params: { cluster: n.cluster, services: [svc(action.service)] },
          note: 'reads the current task definition',
        },
        { service: 'ECS', operation: 'DescribeTaskDefinition', params: { taskDefinition: '<current>' } },
        {
          service: 'ECS',
          operation: 'RegisterTaskDefinition',
          params: { family: family(action.service), image: `<current image>:${action.release.startsWith('v') ? action.release : `v${action.release}`}` },
        },
        {
          service: 'ECS',
          operation: 'UpdateService',
          params: { cluster: n.cluster, service: svc(action.service), taskDefinition: `${family(action.service)}:<registered>` },
        },
        waitService(action.service, `${family(action.service)}:<registered>`),
      ];
    case 'revert-service':
      return [
        { service: 'ECS', operation: 'DescribeTaskDefinition', params: { taskDefinition: action.to } },
        { service: 'ECS', operation: 'UpdateService', params: { cluster: n.cluster, service: svc(action.service), taskDefinition: action.to } },
        waitService(action.service, action.to),
      ];
    case 'scale-service':
      return [
        { service: 'ECS', operation: 'UpdateService', params: { cluster: n.cluster, service: svc(action.service), desiredCount: action.desired } },
        {
          service: 'ECS',
          operation: 'DescribeServices',
          params: { cluster: n.cluster, services: [svc(action.service)] },
          note: `repeated until ${action.desired} running`,
        },
      ];
    case 'invalidate-cdn':
      return n.distributionId
        ? [
            { service: 'CloudFront', operation: 'CreateInvalidation', params: { DistributionId: n.distributionId, Paths: INVALIDATION_PATHS } },
            { service: 'CloudFront', operation: 'GetInvalidation', params: { DistributionId: n.distributionId }, note: 'repeated until Completed' },
          ]
        : [];
  }
}
