import type { AppId, CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { describeService, listServiceTasks } from '../../aws/ecs.ts';
import { awsScope, runCheck } from './finding.ts';
import { evaluateServiceStable, evaluateTasks } from './ecs-rules.ts';

/** Ids written in full per app (config/checks.ts); the orchestrator owns them, the gate re-reads them. */
const SERVICE_IDS = {
  'financial-rise': { backend: 'fr.deploy.backend', frontend: 'fr.deploy.frontend' },
  flowcomply: { backend: 'fc.deploy.backend', frontend: 'fc.deploy.frontend' },
} as const satisfies Record<AppId, Record<string, string>>;

/**
 * The ECS side of the deploy phase (Financial RISE Phase 2.4/3.4, FlowComply 4.1-4.3), read
 * from describe_services / list_tasks / describe_tasks. It verifies a deploy; it never
 * changes a service.
 */
export async function runDeployStateChecks(ctx: GateContext): Promise<CheckResult[]> {
  const scope = awsScope(ctx);
  const ids = SERVICE_IDS[ctx.app];
  try {
    const checks = [
      runCheck(ids.backend, ctx, scope, async (aws, n) => evaluateServiceStable(await describeService(aws, n.cluster, n.backendService), n.backendTaskFamily)),
      runCheck(ids.frontend, ctx, scope, async (aws, n) => evaluateServiceStable(await describeService(aws, n.cluster, n.frontendService), n.frontendTaskFamily)),
    ];
    if (ctx.app === 'flowcomply') {
      checks.push(runCheck('fc.deploy.tasks', ctx, scope, async (aws, n) => evaluateTasks(await Promise.all([n.backendService, n.frontendService].map(async (name) => ({
        service: await describeService(aws, n.cluster, name),
        tasks: await listServiceTasks(aws, n.cluster, name),
      }))))));
    }
    return await Promise.all(checks);
  } finally {
    if (scope.ok) scope.aws.destroy();
  }
}
