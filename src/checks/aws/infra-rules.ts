import { assertThat } from '../../core/assertions.ts';
import type { Assertion } from '../../core/types.ts';
import type { ClusterInfo } from '../../aws/ecs.ts';
import type { DbInstanceInfo } from '../../aws/rds.ts';
import type { DistributionInfo } from '../../aws/cloudfront.ts';
import type { TargetGroupInfo } from '../../aws/elb.ts';
import type { SecretInfo } from '../../aws/secrets.ts';
import type { SesIdentityInfo } from '../../aws/ses.ts';
import { listOf } from './finding.ts';
import type { Finding } from '../../core/finding.ts';

/** A resource looked up by name: found, or a measured absence (not an error). */
export type Lookup<T> = { found: true; value: T } | { found: false; ref: string };

export interface InfraMeasurement {
  db: Lookup<DbInstanceInfo>;
  requireMultiAz: boolean;
  cluster: Lookup<ClusterInfo>;
  targetGroups: readonly TargetGroupInfo[];
  /** Absent when the environment names no distribution (FlowComply has none in its runbook). */
  distribution?: Lookup<DistributionInfo>;
}

const missing = (what: string, ref: string): Assertion => ({ ...assertThat(`${what} exists`, false, 'truthy', true), message: `${what} ${ref} not found` });

/** fr.pre.infra / fc.pre.infra: RDS available (Multi-AZ when required), cluster ACTIVE, target groups, CloudFront. */
export function evaluateInfra(m: InfraMeasurement): Finding {
  const a: Assertion[] = [];
  if (m.db.found) {
    a.push(assertThat(`RDS ${m.db.value.id} status`, m.db.value.status, '==', 'available'));
    if (m.requireMultiAz) a.push(assertThat(`RDS ${m.db.value.id} Multi-AZ`, m.db.value.multiAz, '==', true));
  } else a.push(missing('RDS instance', m.db.ref));
  if (m.cluster.found) a.push(assertThat(`ECS cluster ${m.cluster.value.name} status`, m.cluster.value.status, '==', 'ACTIVE'));
  else a.push(missing('ECS cluster', m.cluster.ref));
  for (const tg of m.targetGroups) {
    if (!tg.found) a.push(missing('target group', tg.ref));
    else {
      const healthy = tg.targets.filter((t) => t.state === 'healthy').length;
      // A target group needs a healthy target; zero registered targets is not healthy either:
      // the load balancer has nowhere to send traffic (it was a silent pass before).
      if (tg.targets.length) a.push(assertThat(`target group ${tg.name} healthy targets`, healthy, '>=', 1));
      else
        a.push({
          ...assertThat(`target group ${tg.name} registered targets`, 0, '>=', 1),
          message: `target group ${tg.name} has no registered targets: the load balancer has nowhere to send traffic`,
        });
    }
  }
  if (m.distribution) {
    if (m.distribution.found) {
      a.push(assertThat(`CloudFront ${m.distribution.value.id} status`, m.distribution.value.status, '==', 'Deployed'));
      a.push(assertThat(`CloudFront ${m.distribution.value.id} enabled`, m.distribution.value.enabled, '==', true));
    } else a.push(missing('CloudFront distribution', m.distribution.ref));
  }
  const bad = a.filter((x) => !x.passed);
  return {
    message: bad.length
      ? `Infrastructure not ready: ${bad.map((x) => x.message).join('; ')} — fix it before deploying (S3 and ElastiCache are not checked: no client configured)`
      : `Infrastructure ready: ${a
          .map((x) => x.name.replace(/ (status|exists|healthy targets|enabled|Multi-AZ)$/, ''))
          .filter((v, i, all) => all.indexOf(v) === i)
          .join(', ')} (S3 and ElastiCache not checked)`,
    assertions: a,
  };
}

/** fr.pre.secrets / fc.pre.secrets: every named secret exists and is not scheduled for deletion. */
export function evaluateSecrets(secrets: readonly SecretInfo[]): Finding {
  if (!secrets.length) return { status: 'error', message: 'No secrets named in `aws.secrets` — list the secrets the app reads', assertions: [] };
  const assertions = secrets.map((s) =>
    s.present && !s.pendingDeletion
      ? assertThat(`secret ${s.name}`, 'present', '==', 'present')
      : {
          ...assertThat(`secret ${s.name}`, s.present ? 'scheduled for deletion' : 'missing', '==', 'present'),
          message: `${s.name} ${s.present ? 'is scheduled for deletion' : 'is missing'}`,
        },
  );
  const bad = assertions.filter((x) => !x.passed);
  return {
    message: bad.length
      ? `${bad.length} of ${secrets.length} secrets not usable: ${bad.map((x) => x.message).join('; ')} — create them in Secrets Manager before deploying`
      : `All ${secrets.length} secrets present: ${listOf(secrets.map((s) => s.name))}`,
    assertions,
  };
}

/** fc.pre.ses: the sender identity is verified. */
export function evaluateSes(info: SesIdentityInfo): Finding {
  const assertion = assertThat(`SES identity ${info.identity}`, info.status, '==', 'Success');
  return {
    message: assertion.passed
      ? `SES identity ${info.identity} verified`
      : `SES identity ${info.identity} is ${info.status === 'absent' ? 'not registered' : info.status} — verify it in SES before deploying (emails will not be sent)`,
    assertions: [assertion],
  };
}
