import type { CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import type { AwsClients } from '../../aws/clients.ts';
import type { AppAws } from '../../config/environment.ts';
import { describeService, listServiceTasks } from '../../aws/ecs.ts';
import { measureOnAws, onAws, type AwsRun } from './finding.ts';
import { evaluateServiceStable, evaluateTasks } from './ecs-rules.ts';
import { registeredIds, type MeasureRegistry } from '../registry.ts';
import type { Finding } from '../../core/finding.ts';

const backendStable = async (_ctx: GateContext, aws: AwsClients, n: AppAws): Promise<Finding> =>
  evaluateServiceStable(await describeService(aws, n.cluster, n.backendService), n.backendTaskFamily);
const frontendStable = async (_ctx: GateContext, aws: AwsClients, n: AppAws): Promise<Finding> =>
  evaluateServiceStable(await describeService(aws, n.cluster, n.frontendService), n.frontendTaskFamily);
const tasksRunning = async (_ctx: GateContext, aws: AwsClients, n: AppAws): Promise<Finding> =>
  evaluateTasks(
    await Promise.all(
      [n.backendService, n.frontendService].map(async (name) => ({
        service: await describeService(aws, n.cluster, name),
        tasks: await listServiceTasks(aws, n.cluster, name),
      })),
    ),
  );

/**
 * The ECS side of a deploy (Financial RISE Phase 2.4/3.4, FlowComply 4.1-4.3). The catalogue
 * gives these ids to the orchestrator: no gate phase runs them of its own accord; a deploy
 * step asks for them by id (`fc.deploy.tasks`) to re-read what it did.
 */
export const DEPLOY_STATE_MEASURES: MeasureRegistry<AwsRun> = {
  'fr.deploy.backend': onAws(backendStable),
  'fr.deploy.frontend': onAws(frontendStable),
  'fc.deploy.backend': onAws(backendStable),
  'fc.deploy.frontend': onAws(frontendStable),
  'fc.deploy.tasks': onAws(tasksRunning),
};

/**
 * Reads describe_services / list_tasks / describe_tasks for the ids asked (default: every id
 * of the app this area measures). It verifies a deploy; it never changes a service.
 */
export async function runDeployStateChecks(ctx: GateContext, ids: readonly string[] = registeredIds(DEPLOY_STATE_MEASURES, ctx.app)): Promise<CheckResult[]> {
  return measureOnAws(DEPLOY_STATE_MEASURES, ids, ctx, {}, 'the deploy-state checks (src/checks/aws/deploy-state.ts)');
}
