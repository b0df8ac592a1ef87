/**
 * The one error every AWS module throws. A provider measures or throws; it never decides a
 * verdict (argo-rollouts habit). The kind lets a check say what to do next, and `cause`
 * keeps the SDK error for the journal.
 */
export type AwsErrorKind = 'unreachable' | 'credentials' | 'not-found' | 'throttled' | 'other';

export class AwsError extends Error {
  override readonly name = 'AwsError';
  constructor(
    readonly kind: AwsErrorKind,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** What an AWS call was for, so the message can say what was checked. */
export interface AwsCallSite {
  /** Service label, e.g. `CloudWatch`. */
  service: string;
  /** What was asked, e.g. `describe alarms with prefix "financial-rise-"`. */
  what: string;
  /** Endpoint override, when any (moto, LocalStack, a VPC endpoint). */
  endpoint?: string;
  region: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const CREDENTIAL_NAMES =
  /^(CredentialsProviderError|InvalidClientTokenId|UnrecognizedClientException|ExpiredToken(Exception)?|InvalidSignatureException|SignatureDoesNotMatch|AuthFailure|AccessDenied(Exception)?|MissingAuthenticationToken|IncompleteSignature|UnauthorizedOperation|InvalidAccessKeyId)$/;
const NOT_FOUND_NAMES = /(NotFound|NotFoundFault|NotFoundException|NoSuch[A-Za-z]*|ResourceNotFoundException)$/;
const THROTTLE_NAMES =
  /^(Throttling|ThrottlingException|ThrottledException|TooManyRequestsException|RequestLimitExceeded|RequestThrottled(Exception)?|SlowDown|PriorRequestNotComplete|LimitExceededException)$/;

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

function networkCode(err: SdkLikeError): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as SdkLikeError).code;
    if (code && NETWORK_CODES.has(code)) return code;
    e = (e as SdkLikeError).cause;
  }
  return undefined;
}

/** Classifies any error from an SDK call into an `AwsError` whose message says what to do. */
export function toAwsError(err: unknown, site: AwsCallSite): AwsError {
  if (err instanceof AwsError) return err;
  const e = (err ?? {}) as SdkLikeError;
  const name = e.name ?? 'Error';
  const detail = e.message ?? String(err);
  const where = site.endpoint ? `${site.endpoint} (region ${site.region})` : `region ${site.region}`;
  const checked = `${site.service}: ${site.what} at ${where}`;
  const status = e.$metadata?.httpStatusCode;
  const net = networkCode(e);
  if (net || name === 'TimeoutError' || name === 'RequestTimeout' || /socket hang up|timed? ?out|connect/i.test(name)) {
    return new AwsError(
      'unreachable',
      `${checked} could not be reached (${net ?? name}: ${detail}). ` +
        "Check the network or VPN, the environment's `aws.endpoint`/`aws.region`, or that the emulator is running.",
      { cause: err },
    );
  }
  if (CREDENTIAL_NAMES.test(name) || (/credential/i.test(detail) && name !== 'ValidationError')) {
    return new AwsError(
      'credentials',
      `${checked} was refused for lack of usable credentials (${name}: ${detail}). ` +
        'Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE for a role that may read this resource.',
      { cause: err },
    );
  }
  if (THROTTLE_NAMES.test(name) || status === 429) {
    return new AwsError('throttled', `${checked} was throttled after retries (${name}). Run the gate again in a minute, or raise the account's API limits.`, {
      cause: err,
    });
  }
  if (NOT_FOUND_NAMES.test(name) || status === 404) {
    return new AwsError('not-found', `${checked}: not found (${name}: ${detail}). Check the resource name in the environment's \`apps.<app>.aws\` block.`, {
      cause: err,
    });
  }
  return new AwsError('other', `${checked} failed (${name}${status ? `, HTTP ${status}` : ''}: ${detail}).`, { cause: err });
}

/** Runs one SDK call and converts whatever it throws. */
export async function awsCall<T>(site: AwsCallSite, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toAwsError(err, site);
  }
}
