import { DescribeClustersCommand, DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { AwsError, awsCall } from './errors.ts';
import type { AwsClients } from './clients.ts';

export interface ClusterInfo {
  name: string;
  status: string;
  activeServices: number;
  runningTasks: number;
}

export interface DeploymentInfo {
  id: string;
  /** PRIMARY (the new one), ACTIVE (old, still draining), INACTIVE. */
  status: string;
  taskDefinition: string;
  desired: number;
  running: number;
  pending: number;
  failedTasks: number;
  /** COMPLETED | IN_PROGRESS | FAILED (absent on older APIs). */
  rolloutState?: string;
}

export interface ServiceInfo {
  name: string;
  status: string;
  desired: number;
  running: number;
  pending: number;
  taskDefinition: string;
  deployments: DeploymentInfo[];
  /** The last few service events (evidence: "has reached a steady state", placement failures). */
  events: string[];
}

export interface TaskInfo {
  arn: string;
  lastStatus: string;
  desiredStatus: string;
  /** HEALTHY | UNHEALTHY | UNKNOWN (no container health check). */
  health: string;
  group?: string;
  taskDefinition: string;
  stoppedReason?: string;
  containers: { name: string; lastStatus: string; health: string }[];
}

export async function describeCluster(aws: AwsClients, cluster: string): Promise<ClusterInfo> {
  const out = await awsCall(aws.site('ECS', `describe cluster ${cluster}`), () => aws.ecs.send(new DescribeClustersCommand({ clusters: [cluster] })));
  const c = out.clusters?.find((x) => x.clusterName === cluster || x.clusterArn === cluster);
  if (!c) throw new AwsError('not-found', `ECS: cluster ${cluster} not found in region ${aws.target.region}. Check \`aws.cluster\`.`);
  return { name: cluster, status: c.status ?? 'UNKNOWN', activeServices: c.activeServicesCount ?? 0, runningTasks: c.runningTasksCount ?? 0 };
}

export async function describeService(aws: AwsClients, cluster: string, service: string): Promise<ServiceInfo> {
  const out = await awsCall(aws.site('ECS', `describe service ${service} in cluster ${cluster}`), () =>
    aws.ecs.send(new DescribeServicesCommand({ cluster, services: [service] })),
  );
  const s = out.services?.find((x) => x.serviceName === service);
  if (!s)
    throw new AwsError(
      'not-found',
      `ECS: service ${service} not found in cluster ${cluster} (${out.failures?.[0]?.reason ?? 'no such service'}). Check \`aws.backendService\`/\`aws.frontendService\`.`,
    );
  return {
    name: service,
    status: s.status ?? 'UNKNOWN',
    desired: s.desiredCount ?? 0,
    running: s.runningCount ?? 0,
    pending: s.pendingCount ?? 0,
    taskDefinition: s.taskDefinition ?? '',
    deployments: (s.deployments ?? []).map((d) => ({
      id: d.id ?? '',
      status: d.status ?? 'UNKNOWN',
      taskDefinition: d.taskDefinition ?? '',
      desired: d.desiredCount ?? 0,
      running: d.runningCount ?? 0,
      pending: d.pendingCount ?? 0,
      failedTasks: d.failedTasks ?? 0,
      ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
    })),
    events: (s.events ?? []).slice(0, 5).map((e) => e.message ?? ''),
  };
}

/**
 * Tasks of one service. `ListTasks --service-name` is the runbook's call; the result is
 * filtered again by the task group `service:<name>` because some emulators ignore the filter.
 */
export async function listServiceTasks(aws: AwsClients, cluster: string, service: string): Promise<TaskInfo[]> {
  const site = aws.site('ECS', `list tasks of ${service} in cluster ${cluster}`);
  const arns: string[] = [];
  let token: string | undefined;
  do {
    const page = await awsCall(site, () => aws.ecs.send(new ListTasksCommand({ cluster, serviceName: service, ...(token ? { nextToken: token } : {}) })));
    arns.push(...(page.taskArns ?? []));
    token = page.nextToken;
  } while (token);
  const tasks: TaskInfo[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const out = await awsCall(site, () => aws.ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) })));
    for (const t of out.tasks ?? []) {
      tasks.push({
        arn: t.taskArn ?? '',
        lastStatus: t.lastStatus ?? 'UNKNOWN',
        desiredStatus: t.desiredStatus ?? 'UNKNOWN',
        health: t.healthStatus ?? 'UNKNOWN',
        ...(t.group ? { group: t.group } : {}),
        taskDefinition: t.taskDefinitionArn ?? '',
        ...(t.stoppedReason ? { stoppedReason: t.stoppedReason } : {}),
        containers: (t.containers ?? []).map((c) => ({ name: c.name ?? '', lastStatus: c.lastStatus ?? 'UNKNOWN', health: c.healthStatus ?? 'UNKNOWN' })),
      });
    }
  }
  return tasks.filter((t) => !t.group || t.group === `service:${service}`);
}
