import { CreateClusterCommand, CreateServiceCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import type { AppAws } from '../../src/config/environment.ts';
import type { AwsClients } from '../../src/aws/clients.ts';
import type { SeedApp } from './seed-types.ts';

/** Two revisions per family: revision 2 is "the release", revision 1 the rollback target. */
async function registerFamily(aws: AwsClients, family: string, logGroup: string | undefined, region: string, port: number): Promise<void> {
  for (const release of ['0.9.0', '1.0.0']) {
    await aws.ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        cpu: '512',
        memory: '1024',
        // Not `awsvpc`: moto would then need subnets and security groups for every task.
        networkMode: 'bridge',
        containerDefinitions: [
          {
            name: family.endsWith('frontend') ? 'frontend' : 'backend',
            image: `123456789012.dkr.ecr.${region}.amazonaws.com/${family}:v${release}`,
            memory: 1024,
            essential: true,
            portMappings: [{ containerPort: port, protocol: 'tcp' }],
            ...(logGroup
              ? { logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': logGroup, 'awslogs-region': region, 'awslogs-stream-prefix': 'ecs' } } }
              : {}),
          },
        ],
      }),
    );
  }
}

async function createService(aws: AwsClients, n: AppAws, service: string, family: string): Promise<void> {
  const out = await aws.ecs.send(
    new CreateServiceCommand({ cluster: n.cluster, serviceName: service, taskDefinition: `${family}:2`, desiredCount: 2, launchType: 'FARGATE' }),
  );
  if ((out.service?.runningCount ?? 0) < 2) {
    throw new Error(
      `moto reports ${service} with ${out.service?.runningCount ?? 0} running tasks: start moto with startMoto() (it sets MOTO_ECS_SERVICE_RUNNING=2)`,
    );
  }
  // moto does not launch service tasks; run them in the service's task group so list/describe find them.
  await aws.ecs.send(
    new RunTaskCommand({
      cluster: n.cluster,
      taskDefinition: `${family}:2`,
      count: 2,
      launchType: 'FARGATE',
      group: `service:${service}`,
      startedBy: `ecs-svc/${service}`,
    }),
  );
}

/** Cluster, task definitions (two revisions each), both services with two RUNNING tasks. */
export async function seedEcs({ aws, names: n, region }: SeedApp): Promise<void> {
  await aws.ecs.send(new CreateClusterCommand({ clusterName: n.cluster }));
  const group = (kind: 'backend' | 'frontend') => n.logGroups.find((g) => g.includes(kind));
  await registerFamily(aws, n.backendTaskFamily, group('backend'), region, 3000);
  await registerFamily(aws, n.frontendTaskFamily, group('frontend'), region, 80);
  await createService(aws, n, n.backendService, n.backendTaskFamily);
  await createService(aws, n, n.frontendService, n.frontendTaskFamily);
}
