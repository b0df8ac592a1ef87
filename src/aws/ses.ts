import { createHash, createHmac } from 'node:crypto';
import { AWS_CLIENT_DEFAULTS, type AwsClients, type AwsCredentials } from './clients.ts';
import { awsCall, toAwsError } from './errors.ts';

/**
 * SES identity verification (FlowComply checklist 3: "Email service verified (AWS SES)").
 * No SES SDK client is installed, so this module makes the one Query-API call it needs,
 * signed with Signature V4 here (about 30 lines); credentials come from the same chain as
 * every other client. Swap for `@aws-sdk/client-ses` when that package is added.
 */
export interface SesIdentityInfo {
  identity: string;
  /** Success, Pending, Failed, TemporaryFailure, NotStarted; `absent` when SES does not know it. */
  status: string;
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** Signs a form POST for an AWS Query API (exported for its unit test). */
export function signQuery(opts: { url: URL; body: string; region: string; service: string; creds: AwsCredentials; now: Date }): Record<string, string> {
  const amzDate = opts.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    host: opts.url.host,
    'x-amz-date': amzDate,
    ...(opts.creds.sessionToken ? { 'x-amz-security-token': opts.creds.sessionToken } : {}),
  };
  const names = Object.keys(headers).sort();
  const canonical = ['POST', opts.url.pathname || '/', '', ...names.map((n) => `${n}:${headers[n]}`), '', names.join(';'), sha256(opts.body)].join('\n');
  const scope = `${day}/${opts.region}/${opts.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${opts.creds.secretAccessKey}`, day), opts.region), opts.service), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${opts.creds.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}

async function post(url: URL, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  let last: unknown;
  for (let attempt = 1; attempt <= AWS_CLIENT_DEFAULTS.maxAttempts; attempt++) {
    try {
      const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(AWS_CLIENT_DEFAULTS.requestTimeoutMs) });
      const text = await res.text();
      // Retry throttling and server errors with backoff, like the SDK's standard mode.
      if (res.status !== 429 && res.status < 500) return { status: res.status, text };
      last = Object.assign(new Error(`HTTP ${res.status}`), {
        name: /Throttl/.test(text) ? 'Throttling' : 'ServerError',
        $metadata: { httpStatusCode: res.status },
      });
    } catch (err) {
      last = err;
    }
    if (attempt < AWS_CLIENT_DEFAULTS.maxAttempts) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt * Math.random()));
  }
  throw last;
}

export async function getSesIdentity(aws: AwsClients, identity: string, now: () => Date = () => new Date()): Promise<SesIdentityInfo> {
  const site = aws.site('SES', `get verification status of ${identity}`);
  const url = new URL(aws.target.endpoint ?? `https://email.${aws.target.region}.amazonaws.com/`);
  const body = new URLSearchParams({ Action: 'GetIdentityVerificationAttributes', Version: '2010-12-01', 'Identities.member.1': identity }).toString();
  // The resolved credential provider of any SDK client walks the standard chain.
  const creds = await awsCall(site, () => aws.cloudwatch.config.credentials());
  const res = await awsCall(site, () => post(url, body, signQuery({ url, body, region: aws.target.region, service: 'ses', creds, now: now() })));
  if (res.status >= 400) {
    const code = /<Code>([^<]+)<\/Code>/.exec(res.text)?.[1] ?? `HTTP${res.status}`;
    const message = /<Message>([^<]+)<\/Message>/.exec(res.text)?.[1] ?? res.text.slice(0, 200);
    throw toAwsError(Object.assign(new Error(message), { name: code, $metadata: { httpStatusCode: res.status } }), site);
  }
  const status = /<VerificationStatus>([^<]+)<\/VerificationStatus>/.exec(res.text)?.[1];
  return { identity, status: status ?? 'absent' };
}
