import type { AppId, CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import type { AppAws } from '../../config/environment.ts';
import type { AwsClients } from '../../aws/clients.ts';
import { AwsError } from '../../aws/errors.ts';
import { describeAlarms } from '../../aws/alarms.ts';
import { describeLogGroups } from '../../aws/logs.ts';
import { describeDbInstance } from '../../aws/rds.ts';
import { describeCluster } from '../../aws/ecs.ts';
import { describeTargetGroups } from '../../aws/elb.ts';
import { getDistribution } from '../../aws/cloudfront.ts';
import { describeSecrets } from '../../aws/secrets.ts';
import { describeCertificate } from '../../aws/acm.ts';
import { getSesIdentity } from '../../aws/ses.ts';
import { awsScope, runCheck, runLocalCheck, type AwsScope } from './finding.ts';
import { ProbeError } from '../guarded.ts';
import type { Finding } from '../../core/finding.ts';
import { alarmSpecs, evaluateAlarmsConfigured } from './alarm-rules.ts';
import { evaluateLogGroups } from './log-rules.ts';
import { evaluateInfra, evaluateSecrets, evaluateSes, type Lookup } from './infra-rules.ts';
import { evaluateDns, evaluateReleaseTag, evaluateTls } from './net-rules.ts';
import { inspectServedCertificate, type ServedCertificate } from './probes/tls.ts';
import { resolveHost } from './probes/dns.ts';
import { findReleaseTags } from './probes/git-tag.ts';
import { releaseRepoOf, type AwsCheckOptions } from './options.ts';

/** A lookup whose `not-found` is a measured absence; every other AwsError still means "could not measure". */
export async function lookup<T>(ref: string, fn: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { found: true, value: await fn() };
  } catch (err) {
    if (err instanceof AwsError && err.kind === 'not-found') return { found: false, ref };
    throw err;
  }
}

async function infra(aws: AwsClients, names: AppAws): Promise<Finding> {
  const [db, cluster, targetGroups, distribution] = await Promise.all([
    lookup(names.dbInstance, () => describeDbInstance(aws, names.dbInstance)),
    lookup(names.cluster, () => describeCluster(aws, names.cluster)),
    describeTargetGroups(aws, names.targetGroupArns),
    names.distributionId ? lookup(names.distributionId, () => getDistribution(aws, names.distributionId!)) : Promise.resolve(undefined),
  ]);
  return evaluateInfra({ db, requireMultiAz: names.multiAz, cluster, targetGroups, ...(distribution ? { distribution } : {}) });
}

/** The distinct hosts of the app's API and web URLs. */
function hostsOf(ctx: GateContext): URL[] {
  const urls = [new URL(ctx.target.apiUrl), new URL(ctx.target.webUrl)];
  return urls.filter((u, i) => urls.findIndex((v) => v.host === u.host && v.protocol === u.protocol) === i);
}

async function tls(ctx: GateContext, scope: AwsScope): Promise<Finding> {
  const urls = hostsOf(ctx);
  const https = urls.filter((u) => u.protocol === 'https:');
  const served: ServedCertificate[] = await Promise.all(https.map((u) => inspectServedCertificate(u.hostname, Number(u.port || 443))));
  const ref = scope.ok ? scope.names.certificateArn : undefined;
  const acm = scope.ok && ref ? await lookup(ref, () => describeCertificate(scope.aws, ref)) : undefined;
  return evaluateTls({
    ...(acm ? { acm } : {}),
    served,
    httpHosts: urls.filter((u) => u.protocol === 'http:').map((u) => u.host),
    now: ctx.now(),
    httpStatus: ctx.env.kind === 'local' ? 'skipped' : 'inconclusive',
  }, ctx.profile.thresholds.tls.minDaysLeft);
}

/** The common preflight checks' ids, written in full per app (config/checks.ts). */
const PRE_IDS = {
  'financial-rise': { infra: 'fr.pre.infra', tls: 'fr.pre.tls', dns: 'fr.pre.dns', secrets: 'fr.pre.secrets', releaseTag: 'fr.pre.release-tag' },
  flowcomply: { infra: 'fc.pre.infra', tls: 'fc.pre.tls', dns: 'fc.pre.dns', secrets: 'fc.pre.secrets', releaseTag: 'fc.pre.release-tag' },
} as const satisfies Record<AppId, Record<string, string>>;

/**
 * The preflight phase (T-7 / T-48 / checklist 2-3): infrastructure, TLS, DNS, alarms, log
 * groups, secrets, SES, release tag. Read-only: nothing here changes AWS.
 */
export async function runPreflightChecks(ctx: GateContext, opts: AwsCheckOptions = {}): Promise<CheckResult[]> {
  const scope = awsScope(ctx);
  const ids = PRE_IDS[ctx.app];
  const run = (id: string, fn: (aws: AwsClients, names: AppAws) => Promise<Finding>) => runCheck(id, ctx, scope, fn);
  const common = [
    run(ids.infra, infra),
    runLocalCheck(ids.tls, ctx, () => tls(ctx, scope)),
    runLocalCheck(ids.dns, ctx, async () => evaluateDns(await Promise.all(hostsOf(ctx).map((u) => resolveHost(u.hostname))))),
    run(ids.secrets, async (aws, names) => evaluateSecrets(await describeSecrets(aws, names.secrets))),
    runLocalCheck(ids.releaseTag, ctx, async () => {
      const repo = releaseRepoOf(ctx, opts);
      const release = ctx.target.release;
      const found = repo && release ? await findReleaseTags(repo, release, { env: ctx.processEnv }) : [];
      return evaluateReleaseTag({ ...(release ? { release } : {}), ...(repo ? { repo } : {}), found });
    }),
  ];
  const specific = ctx.app === 'financial-rise'
    ? [
      run('fr.pre.alarms-configured', async (aws, names) => evaluateAlarmsConfigured(await describeAlarms(aws, names.alarmPrefix), alarmSpecs(ctx.profile.thresholds.alarms))),
      run('fr.pre.log-groups', async (aws, names) => evaluateLogGroups(await describeLogGroups(aws, names.logGroups), ctx.profile.thresholds.logs.retentionDays)),
    ]
    : [
      run('fc.pre.ses', async (aws, names) => {
        if (!names.sesIdentity) throw new ProbeError('`aws.sesIdentity` is not set, so the SES sender cannot be checked', 'set `aws.sesIdentity` (e.g. noreply@flowcomply.com)');
        return evaluateSes(await getSesIdentity(aws, names.sesIdentity, ctx.now));
      }),
    ];
  try {
    return await Promise.all([...common, ...specific]);
  } finally {
    if (scope.ok) scope.aws.destroy();
  }
}
