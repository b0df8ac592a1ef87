import { assertThat } from '../../core/assertions.ts';
import type { Assertion, Status } from '../../core/types.ts';
import type { CertificateInfo } from '../../aws/acm.ts';
import type { ServedCertificate } from './probes/tls.ts';
import type { DnsAnswer } from './probes/dns.ts';
import type { Lookup } from './infra-rules.ts';
import type { Finding } from '../../core/finding.ts';

const DAY_MS = 86_400_000;
const daysLeft = (until: Date, now: Date) => Math.floor((until.getTime() - now.getTime()) / DAY_MS);

export interface TlsMeasurement {
  /** Absent when the environment names no ACM certificate. */
  acm?: Lookup<CertificateInfo>;
  served: readonly ServedCertificate[];
  /** Targets on plain http: no certificate is served, so none can be checked. */
  httpHosts: readonly string[];
  now: Date;
  /** What an http-only target yields: `skipped` locally, `inconclusive` on a real environment. */
  httpStatus: Extract<Status, 'skipped' | 'inconclusive'>;
}

function acmAssertions(acm: Lookup<CertificateInfo>, now: Date, minDays: number): Assertion[] {
  if (!acm.found) return [{ ...assertThat('ACM certificate exists', false, 'truthy', true), message: `ACM certificate ${acm.ref} not found` }];
  const c = acm.value;
  const a = [assertThat(`ACM ${c.domain ?? c.arn} status`, c.status, '==', 'ISSUED')];
  const pending = c.validations.filter((v) => v.status !== 'SUCCESS');
  if (c.type !== 'IMPORTED')
    a.push({
      ...assertThat(
        `ACM ${c.domain ?? c.arn} validation`,
        pending.map((v) => `${v.domain}: ${v.status}`),
        '==',
        [],
      ),
      ...(pending.length ? {} : { message: `ACM ${c.domain ?? c.arn} validated` }),
    });
  if (c.notAfter) a.push(assertThat(`ACM ${c.domain ?? c.arn} days left`, daysLeft(c.notAfter, now), '>', minDays, { unit: ' days' }));
  return a;
}

/** fr.pre.tls / fc.pre.tls: ACM issued and validated; each served certificate trusted and valid > 14 days. */
/** `minDays`: the profile's `thresholds.tls.minDaysLeft` ("served certificate valid > 14 days"). */
export function evaluateTls(m: TlsMeasurement, minDays: number): Finding {
  const assertions: Assertion[] = [...(m.acm ? acmAssertions(m.acm, m.now, minDays) : [])];
  for (const s of m.served) {
    assertions.push({
      ...assertThat(`${s.host}:${s.port} certificate trusted`, s.trusted, '==', true),
      ...(s.trusted ? {} : { message: `${s.host}:${s.port} certificate not trusted: ${s.trustError}` }),
    });
    assertions.push(assertThat(`${s.host}:${s.port} certificate days left`, daysLeft(s.validTo, m.now), '>', minDays, { unit: ' days' }));
  }
  const bad = assertions.filter((a) => !a.passed);
  const notes = m.httpHosts.length ? ` ${m.httpHosts.join(', ')} ${m.httpHosts.length > 1 ? 'are' : 'is'} plain http: no served certificate to check.` : '';
  const served = m.served.map((s) => `${s.host} valid until ${s.validTo.toISOString().slice(0, 10)} (${daysLeft(s.validTo, m.now)} days)`).join(', ');
  const status: Status | undefined = m.served.length === 0 && m.httpHosts.length > 0 ? m.httpStatus : undefined;
  return {
    ...(status ? { status } : {}),
    message: bad.length
      ? `${bad.map((a) => a.message).join('; ')} — renew or re-issue the certificate before deploying.${notes}`
      : `${[m.acm?.found ? `ACM certificate ${m.acm.value.domain ?? m.acm.value.arn} issued` : '', served].filter(Boolean).join('; ') || 'No certificate checked'}.${notes}`,
    assertions,
    metrics: Object.fromEntries(m.served.map((s) => [`${s.host}.daysLeft`, daysLeft(s.validTo, m.now)])),
  };
}

/** fr.pre.dns / fc.pre.dns: every host of the app's URLs resolves. */
export function evaluateDns(answers: readonly DnsAnswer[]): Finding {
  const assertions = answers.map((a) => ({
    ...assertThat(`${a.host} resolves`, a.resolved, '==', true),
    message: a.resolved ? `${a.host} -> ${a.addresses.join(', ')}` : `${a.host} does not resolve (${a.error ?? 'no addresses'})`,
  }));
  const bad = assertions.filter((a) => !a.passed);
  return {
    message: bad.length
      ? `${bad.map((a) => a.message).join('; ')} — check the DNS records (Route 53) and propagation`
      : `DNS resolves: ${assertions.map((a) => a.message).join('; ')}`,
    assertions,
  };
}

/** fr.pre.release-tag / fc.pre.release-tag. */
export function evaluateReleaseTag(m: { release?: string; repo?: string; found: readonly string[] }): Finding {
  if (!m.release)
    return {
      status: 'inconclusive',
      message: 'No release set for this target — set `release` in the environment (or pass --release) to check its tag',
      assertions: [],
    };
  if (!m.repo)
    return {
      status: 'inconclusive',
      message: `No repository configured to look for the tag of ${m.release} — set POSTFLIGHT_FR_RELEASE_REPO / POSTFLIGHT_FC_RELEASE_REPO (or POSTFLIGHT_RELEASE_REPO) to a path or URL`,
      assertions: [],
    };
  const assertion = assertThat(`tag for ${m.release} in ${m.repo}`, m.found.length, '>=', 1);
  return {
    message: assertion.passed
      ? `Release tag ${m.found.join(', ')} exists in ${m.repo}`
      : `No tag ${m.release} or v${m.release.replace(/^v/, '')} in ${m.repo} — tag the release (git tag -a v${m.release.replace(/^v/, '')}) and push it`,
    assertions: [assertion],
  };
}
