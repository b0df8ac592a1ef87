import { assertThat } from '../../core/assertions.ts';
import type { Assertion } from '../../core/types.ts';
import type { ServiceInfo, TaskInfo } from '../../aws/ecs.ts';
import type { Finding } from '../../core/finding.ts';

/** `arn:...:task-definition/financial-rise-backend:7` -> `financial-rise-backend:7`. */
export function taskDefName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

/**
 * Runbook Phase 2.4 / 4.1-4.2: running = desired, the PRIMARY deployment at 100 % on the
 * expected family, old deployments drained (no other deployment with running tasks).
 */
export function evaluateServiceStable(s: ServiceInfo, expectedFamily: string): Finding {
  const primary = s.deployments.find((d) => d.status === 'PRIMARY');
  const draining = s.deployments.filter((d) => d !== primary && (d.running > 0 || d.pending > 0));
  const a: Assertion[] = [
    assertThat(`${s.name} status`, s.status, '==', 'ACTIVE'),
    assertThat(`${s.name} desired count`, s.desired, '>=', 1),
    assertThat(`${s.name} running count`, s.running, '==', s.desired),
    assertThat(`${s.name} task definition family`, taskDefName(s.taskDefinition).split(':')[0], '==', expectedFamily),
  ];
  if (primary) {
    a.push(assertThat(`${s.name} primary deployment running`, primary.running, '>=', primary.desired));
    if (primary.rolloutState) a.push(assertThat(`${s.name} rollout state`, primary.rolloutState, '==', 'COMPLETED'));
  } else a.push({ ...assertThat(`${s.name} primary deployment`, 'none', '==', 'PRIMARY'), message: `${s.name}: no PRIMARY deployment` });
  a.push({
    ...assertThat(
      `${s.name} old deployments draining`,
      draining.map((d) => `${taskDefName(d.taskDefinition)} (${d.running} running)`),
      '==',
      [],
    ),
  });
  const bad = a.filter((x) => !x.passed);
  const td = taskDefName(primary?.taskDefinition ?? s.taskDefinition);
  return {
    message: bad.length
      ? `${s.name} not stable: ${bad.map((x) => x.message).join('; ')}${s.events[0] ? ` (latest event: ${s.events[0]})` : ''} — wait for the rollout or roll back to the previous task definition`
      : `${s.name} stable on ${td}: ${s.running}/${s.desired} running, old tasks drained`,
    assertions: a,
    metrics: { running: s.running, desired: s.desired, taskDefinition: td },
  };
}

/** fc.deploy.tasks (runbook 4.3): every task RUNNING, none unhealthy, as many as desired. */
export function evaluateTasks(services: readonly { service: ServiceInfo; tasks: readonly TaskInfo[] }[]): Finding {
  const a: Assertion[] = [];
  const problems: string[] = [];
  for (const { service, tasks } of services) {
    const running = tasks.filter((t) => t.lastStatus === 'RUNNING');
    a.push(assertThat(`${service.name} RUNNING tasks`, running.length, '>=', Math.max(1, service.desired)));
    for (const t of tasks) {
      const id = t.arn.split('/').pop() ?? t.arn;
      const sick = t.health === 'UNHEALTHY' || t.containers.some((c) => c.health === 'UNHEALTHY');
      if (t.lastStatus !== 'RUNNING') problems.push(`${service.name} task ${id} is ${t.lastStatus}${t.stoppedReason ? ` (${t.stoppedReason})` : ''}`);
      if (sick) problems.push(`${service.name} task ${id} health check failing`);
      a.push(assertThat(`${service.name} task ${id}`, `${t.lastStatus}${sick ? '/UNHEALTHY' : ''}`, '==', 'RUNNING'));
    }
  }
  const bad = a.filter((x) => !x.passed);
  const count = services.reduce((n, s) => n + s.tasks.length, 0);
  return {
    message: bad.length
      ? `${problems.length ? problems.join('; ') : bad.map((x) => x.message).join('; ')} — see the stopped reasons and container logs (runbook Troubleshooting)`
      : `All ${count} tasks RUNNING and healthy across ${services.map((s) => s.service.name).join(', ')}`,
    assertions: a,
    metrics: { tasks: count },
  };
}
