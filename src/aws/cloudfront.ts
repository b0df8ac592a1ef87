import { GetDistributionCommand, ListDistributionsCommand } from '@aws-sdk/client-cloudfront';
import { AwsError, awsCall } from './errors.ts';
import type { AwsClients } from './clients.ts';

export interface DistributionInfo {
  /** The id CloudFront gave the distribution. */
  id: string;
  /** `Deployed` once configuration changes have propagated; `InProgress` before. */
  status: string;
  enabled: boolean;
  domainName?: string;
}

/**
 * Finds a distribution by id, or, when no distribution has that id, by an alias (CNAME) or
 * comment equal to it. Emulators assign random ids, so a fixed environment (the sandbox's
 * `local`) names its distribution by comment; a real environment gives the id.
 */
async function resolveId(aws: AwsClients, ref: string): Promise<string | undefined> {
  const site = aws.site('CloudFront', `find distribution "${ref}" by alias or comment`);
  let marker: string | undefined;
  do {
    const out = await awsCall(site, () => aws.cloudfront.send(new ListDistributionsCommand({ ...(marker ? { Marker: marker } : {}) })));
    const list = out.DistributionList;
    const hit = list?.Items?.find((d) => d.Id === ref || d.Comment === ref || (d.Aliases?.Items ?? []).includes(ref));
    if (hit?.Id) return hit.Id;
    // Some emulators (moto 5) leave Comment out of the summary: read those configurations.
    for (const d of (list?.Items ?? []).filter((x) => x.Comment === undefined && x.Id).slice(0, 50)) {
      const full = await awsCall(site, () => aws.cloudfront.send(new GetDistributionCommand({ Id: d.Id! })));
      if (full.Distribution?.DistributionConfig?.Comment === ref) return d.Id;
    }
    marker = list?.IsTruncated ? list.NextMarker : undefined;
  } while (marker);
  return undefined;
}

export async function getDistribution(aws: AwsClients, ref: string): Promise<DistributionInfo> {
  const site = aws.site('CloudFront', `get distribution ${ref}`);
  let id = ref;
  let out;
  try {
    out = await awsCall(site, () => aws.cloudfront.send(new GetDistributionCommand({ Id: id })));
  } catch (err) {
    if (!(err instanceof AwsError && err.kind === 'not-found')) throw err;
    const found = await resolveId(aws, ref);
    if (!found) throw err;
    id = found;
    out = await awsCall(site, () => aws.cloudfront.send(new GetDistributionCommand({ Id: id })));
  }
  const d = out.Distribution;
  return {
    id,
    status: d?.Status ?? 'unknown',
    enabled: d?.DistributionConfig?.Enabled === true,
    ...(d?.DomainName ? { domainName: d.DomainName } : {}),
  };
}
