import type { CheckResult } from '../core/types.ts';
import type { Finding } from '../core/finding.ts';
import { AwsError } from '../aws/errors.ts';
import type { GateContext } from './context.ts';
import { errorResult, toResult } from './result.ts';

/** A probe outside AWS (TLS, DNS, git, HTTP) could not measure; `hint` says what to do. */
export class ProbeError extends Error {
  override readonly name = 'ProbeError';
  constructor(
    message: string,
    readonly hint: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

const AWS_HINTS: Record<AwsError['kind'], string> = {
  unreachable: 'fix connectivity to the AWS endpoint, then run the gate again',
  credentials: 'provide credentials that may read this resource, then run the gate again',
  'not-found': 'fix the resource name in the environment, or create the resource',
  throttled: 'run the gate again shortly',
  other: 'see the cause in the journal; run the gate again once fixed',
};

/**
 * The one wrapper every check runs in: times it, and turns whatever it throws into an `error`
 * result that says what to do — a provider's typed error with its hint, a bug as a bug.
 * "Could not measure" is never a pass, and one broken check never crashes the gate.
 */
export async function guarded(id: string, ctx: Pick<GateContext, 'now'>, fn: () => Promise<Finding | CheckResult>): Promise<CheckResult> {
  const startedAt = ctx.now();
  try {
    const found = await fn();
    return 'id' in found ? found : toResult(id, found, startedAt, ctx.now());
  } catch (err) {
    if (err instanceof AwsError) return errorResult(id, startedAt, ctx.now, err.message, AWS_HINTS[err.kind]);
    if (err instanceof ProbeError) return errorResult(id, startedAt, ctx.now, err.message, err.hint);
    return errorResult(
      id,
      startedAt,
      ctx.now,
      `${id} crashed: ${(err as Error)?.message ?? String(err)}`,
      'this is a postflight bug: report it with the run folder',
    );
  }
}
