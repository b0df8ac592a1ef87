import { DescribeCertificateCommand, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { AwsError, awsCall } from './errors.ts';
import type { AwsClients } from './clients.ts';

export interface CertificateInfo {
  arn: string;
  domain?: string;
  /** ISSUED, PENDING_VALIDATION, EXPIRED, REVOKED, FAILED, ... */
  status: string;
  /** AMAZON_ISSUED or IMPORTED (imported ones carry no validation records). */
  type?: string;
  /** Per-domain validation status (`SUCCESS` once validated). */
  validations: { domain: string; status: string }[];
  notAfter?: Date;
  inUseBy: string[];
}

/**
 * `ref` is a certificate ARN or a domain name. A domain is looked up with ListCertificates
 * (newest issued first): emulators give random ARNs, so the sandbox names its certificate
 * by domain; a real environment gives the ARN.
 */
async function resolveArn(aws: AwsClients, ref: string): Promise<string> {
  if (ref.startsWith('arn:')) return ref;
  const site = aws.site('ACM', `find certificate for ${ref}`);
  const matches: { arn: string; status: string }[] = [];
  let token: string | undefined;
  do {
    const out = await awsCall(site, () => aws.acm.send(new ListCertificatesCommand({ ...(token ? { NextToken: token } : {}) })));
    for (const c of out.CertificateSummaryList ?? []) {
      if (c.CertificateArn && c.DomainName === ref) matches.push({ arn: c.CertificateArn, status: c.Status ?? '' });
    }
    token = out.NextToken;
  } while (token);
  const best = matches.find((m) => m.status === 'ISSUED') ?? matches[0];
  if (!best)
    throw new AwsError('not-found', `ACM: no certificate for ${ref} in region ${aws.target.region}. Request one, or set \`aws.certificateArn\` to its ARN.`);
  return best.arn;
}

export async function describeCertificate(aws: AwsClients, ref: string): Promise<CertificateInfo> {
  const arn = await resolveArn(aws, ref);
  const out = await awsCall(aws.site('ACM', `describe certificate ${arn}`), () => aws.acm.send(new DescribeCertificateCommand({ CertificateArn: arn })));
  const c = out.Certificate;
  return {
    arn,
    ...(c?.DomainName ? { domain: c.DomainName } : {}),
    status: c?.Status ?? 'unknown',
    ...(c?.Type ? { type: c.Type } : {}),
    validations: (c?.DomainValidationOptions ?? []).map((v) => ({ domain: v.DomainName ?? '', status: v.ValidationStatus ?? 'unknown' })),
    ...(c?.NotAfter ? { notAfter: new Date(c.NotAfter) } : {}),
    inUseBy: c?.InUseBy ?? [],
  };
}
