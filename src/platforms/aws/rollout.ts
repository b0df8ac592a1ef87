/**
 * Pure judgement of an ECS rollout, from one DescribeServices answer. Known failures of
 * deploy tools this beats: ECS's circuit breaker rolls the service back to the old task
 * definition before the tool's wait ends, and the tool, seeing a "stable" service, reports
 * success while the old release runs. Here "stable" also requires the PRIMARY deployment to
 * run exactly the task definition this deploy registered.
 */

export interface DeploymentView {
  id: string;
  /** PRIMARY (the newest), ACTIVE (older, draining), INACTIVE. */
  status: string;
  taskDefinition: string;
  desired: number;
  running: number;
  /** COMPLETED | IN_PROGRESS | FAILED (absent on old APIs and some emulators). */
  rolloutState?: string;
  rolloutStateReason?: string;
}

export interface ServiceView {
  name: string;
  desired: number;
  running: number;
  taskDefinition: string;
  deployments: DeploymentView[];
}

export type RolloutJudgement = { state: 'stable' } | { state: 'waiting'; waitingFor: string } | { state: 'failed'; reason: string };

/** `arn:...:task-definition/fam:3` -> `fam:3`, for messages and comparisons. */
export const shortTd = (td: string): string => td.split('/').pop() ?? td;

export function judgeRollout(view: ServiceView, expected: string): RolloutJudgement {
  const want = shortTd(expected);
  const primary = view.deployments.find((d) => d.status === 'PRIMARY');
  if (!primary) return { state: 'waiting', waitingFor: `a PRIMARY deployment of ${view.name} (none listed yet)` };
  if (primary.rolloutState === 'FAILED') {
    return {
      state: 'failed',
      reason: `ECS marked the rollout of ${view.name} FAILED (${primary.rolloutStateReason ?? 'no reason given'}); the primary deployment runs ${shortTd(primary.taskDefinition)}, not ${want}. Look at the service events and the stopped tasks' reasons.`,
    };
  }
  if (shortTd(primary.taskDefinition) !== want) {
    const ours = view.deployments.find((d) => shortTd(d.taskDefinition) === want);
    return {
      state: 'failed',
      reason:
        `ECS rolled ${view.name} back silently: its PRIMARY deployment runs ${shortTd(primary.taskDefinition)}, not ${want} registered for this release` +
        `${ours ? ` (${want} is now ${ours.status}${ours.rolloutState ? `, ${ours.rolloutState}` : ''})` : ''}` +
        " — a circuit-breaker rollback or someone else's update. The release is NOT running; read the service events before deploying again.",
    };
  }
  if (view.running !== view.desired) return { state: 'waiting', waitingFor: `${view.name}: running ${view.running} of ${view.desired} desired tasks` };
  if (primary.running !== primary.desired)
    return { state: 'waiting', waitingFor: `${view.name}: primary deployment at ${primary.running}/${primary.desired} tasks` };
  const old = view.deployments.filter((d) => d !== primary && d.status !== 'INACTIVE');
  if (old.length)
    return {
      state: 'waiting',
      waitingFor: `${view.name}: ${old.length} old deployment(s) still draining (${old.map((d) => `${shortTd(d.taskDefinition)} ${d.running} running`).join(', ')})`,
    };
  if (primary.rolloutState === 'IN_PROGRESS') return { state: 'waiting', waitingFor: `${view.name}: rollout still IN_PROGRESS` };
  return { state: 'stable' };
}

/** Why a new deploy must not start on this service now, or undefined. */
export function deploymentUnderWay(view: ServiceView): string | undefined {
  const live = view.deployments.filter((d) => d.status !== 'INACTIVE');
  if (live.length > 1)
    return `${view.name} has ${live.length} deployments (${live.map((d) => `${d.status} ${shortTd(d.taskDefinition)}`).join(', ')}): a deployment is still in progress`;
  const p = live[0];
  if (p?.rolloutState === 'IN_PROGRESS') return `${view.name}'s deployment ${p.id} (${shortTd(p.taskDefinition)}) is IN_PROGRESS`;
  return undefined;
}

/** Docker image `repo:tag` with the tag replaced; `release` 1.2.0 -> tag v1.2.0 (the runbooks' tags). */
export function imageForRelease(image: string, release: string): string {
  const tag = release.startsWith('v') ? release : `v${release}`;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const at = image.indexOf('@');
  const repo = at >= 0 ? image.slice(0, at) : colon > slash ? image.slice(0, colon) : image;
  return `${repo}:${tag}`;
}

/**
 * Which containers carry the app's image: those whose repository is named like the task
 * family (sidecars such as a log router keep their image); when none is, every essential one.
 */
export function appContainerNames(containers: readonly { name?: string; image?: string; essential?: boolean }[], family: string): string[] {
  const repoName = (image = '') =>
    image
      .split('@')[0]!
      .replace(/:[^/:]*$/, '')
      .split('/')
      .pop();
  const named = containers.filter((c) => repoName(c.image) === family);
  const chosen = named.length ? named : containers.filter((c) => c.essential !== false);
  return chosen.map((c) => c.name ?? '');
}
