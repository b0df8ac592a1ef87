import type { CheckResult } from '../../core/types.ts';
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
import { measureOnAws, offAws, onAws, type AwsRun, type AwsScope } from './finding.ts';
import { registeredIds, type MeasureRegistry } from '../registry.ts';
import { ProbeError } from '../guarded.ts';
import type { Finding } from '../../core/finding.ts';
import { alarmSpecs, evaluateAlarmsConfigured } from './alarm-rules.ts';
import { evaluateLogGroups } from './log-rules.ts';
import { evaluateInfra, evaluateSecrets, evaluateSes, type Lookup } from './infra-rules.ts';
import { evaluateDns, evaluateReleaseTag, evaluateTls } from './net-rules.ts';
import { inspectServedCertificate, type ServedCertificate } from './probes/tls.ts';
import { resolveHost } from './probes/dns.ts';
import { tlsTargets, trustedCas } from './tls-targets.ts';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
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

/** The distinct host names of the app: its API and web URLs, and the public face `tls.endpoints` names. */
function hostnamesOf(ctx: GateContext): string[] {
  const urls = [ctx.target.apiUrl, ctx.target.webUrl, ...(ctx.target.tls?.endpoints ?? [])];
  return [...new Set(urls.map((u) => new URL(u).hostname))];
}

/** The PEM bundle of `tls.caFile` (checked readable at load); unreadable now is the gate's problem, never a silent ignore. */
async function extraCa(ctx: GateContext): Promise<string | undefined> {
  const file = ctx.target.tls?.caFile;
  if (!file) return undefined;
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new ProbeError(
      `cannot read tls.caFile ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      'restore the CA bundle or fix apps.<app>.tls.caFile',
      {
        cause: err,
      },
    );
  }
}

async function tls(ctx: GateContext, scope: AwsScope): Promise<Finding> {
  const { https, httpHosts } = tlsTargets(ctx.target);
  const ca = trustedCas(await extraCa(ctx), rootCertificates);
  const served: ServedCertificate[] = await Promise.all(https.map((e) => inspectServedCertificate(e.hostname, e.port, ca ? { ca } : {})));
  const ref = scope.ok ? scope.names.certificateArn : undefined;
  const acm = scope.ok && ref ? await lookup(ref, () => describeCertificate(scope.aws, ref)) : undefined;
  return evaluateTls(
    {
      ...(acm ? { acm } : {}),
      served,
      httpHosts,
      now: ctx.now(),
      httpStatus: ctx.env.kind === 'local' ? 'skipped' : 'inconclusive',
    },
    ctx.profile.thresholds.tls.minDaysLeft,
  );
}

async function releaseTag(run: AwsRun): Promise<Finding> {
  const repo = releaseRepoOf(run.ctx, run.opts);
  const release = run.ctx.target.release;
  const found = repo && release ? await findReleaseTags(repo, release, { env: run.ctx.processEnv }) : [];
  return evaluateReleaseTag({ ...(release ? { release } : {}), ...(repo ? { repo } : {}), found });
}

const dns = async (run: AwsRun): Promise<Finding> => evaluateDns(await Promise.all(hostnamesOf(run.ctx).map((host) => resolveHost(host))));
const servedTls = (run: AwsRun): Promise<Finding> => tls(run.ctx, run.scope);
const infrastructure = (_ctx: GateContext, aws: AwsClients, names: AppAws): Promise<Finding> => infra(aws, names);
const secrets = async (_ctx: GateContext, aws: AwsClients, names: AppAws) => evaluateSecrets(await describeSecrets(aws, names.secrets));
const alarmsConfigured = async (ctx: GateContext, aws: AwsClients, names: AppAws) =>
  evaluateAlarmsConfigured(await describeAlarms(aws, names.alarmPrefix), alarmSpecs(ctx.profile.thresholds.alarms));
const logGroups = async (ctx: GateContext, aws: AwsClients, names: AppAws) =>
  evaluateLogGroups(await describeLogGroups(aws, names.logGroups), ctx.profile.thresholds.logs.retentionDays);

async function ses(ctx: GateContext, aws: AwsClients, names: AppAws): Promise<Finding> {
  if (!names.sesIdentity)
    throw new ProbeError('`aws.sesIdentity` is not set, so the SES sender cannot be checked', 'set `aws.sesIdentity` (e.g. noreply@flowcomply.com)');
  return evaluateSes(await getSesIdentity(aws, names.sesIdentity, ctx.now));
}

/**
 * The preflight measures (T-7 / T-48 / checklist 2-3), one per catalogue id: infrastructure,
 * TLS, DNS, alarms, log groups, secrets, SES, release tag. Read-only: nothing here changes AWS.
 */
export const PREFLIGHT_MEASURES: MeasureRegistry<AwsRun> = {
  'fr.pre.infra': onAws(infrastructure),
  'fr.pre.tls': offAws(servedTls),
  'fr.pre.dns': offAws(dns),
  'fr.pre.alarms-configured': onAws(alarmsConfigured),
  'fr.pre.log-groups': onAws(logGroups),
  'fr.pre.secrets': onAws(secrets),
  'fr.pre.release-tag': offAws(releaseTag),
  'fc.pre.release-tag': offAws(releaseTag),
  'fc.pre.infra': onAws(infrastructure),
  'fc.pre.tls': offAws(servedTls),
  'fc.pre.dns': offAws(dns),
  'fc.pre.secrets': onAws(secrets),
  'fc.pre.ses': onAws(ses),
};

/** The preflight checks `ids` names (default: every id of the app this area measures), side by side. */
export async function runPreflightChecks(
  ctx: GateContext,
  ids: readonly string[] = registeredIds(PREFLIGHT_MEASURES, ctx.app),
  opts: AwsCheckOptions = {},
): Promise<CheckResult[]> {
  return measureOnAws(PREFLIGHT_MEASURES, ids, ctx, opts, 'the preflight checks (src/checks/aws/preflight.ts)');
}
