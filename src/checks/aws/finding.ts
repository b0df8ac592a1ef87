import type { Artifact, Assertion, CheckResult, Status } from '../../core/types.ts';
import { checkResult, errorResult } from '../../gate/result.ts';
import type { GateContext } from '../../gate/context.ts';
import type { AppAws } from '../../config/environment.ts';
import { AwsError } from '../../aws/errors.ts';
import { createAwsClients, type AwsClients } from '../../aws/clients.ts';

/**
 * What a pure evaluator concludes from a measurement: everything of a CheckResult except
 * the catalogue fields and the timing, which `toResult` adds. Keeping evaluators free of
 * ids and clocks makes them table-testable.
 */
export interface Finding {
  /** Explicit status (inconclusive, skipped, error); failed assertions make it a fail anyway. */
  status?: Status;
  message: string;
  assertions: Assertion[];
  metrics?: CheckResult['metrics'];
  evidence?: Artifact[];
}

export function toResult(id: string, finding: Finding, startedAt: Date, now: Date): CheckResult {
  return checkResult(id, {
    ...finding,
    // A finding without assertions and without a status would be an unproven pass.
    status: finding.status ?? (finding.assertions.length ? 'pass' : 'inconclusive'),
    startedAt,
    durationMs: Math.max(0, now.getTime() - startedAt.getTime()),
  });
}

/** The AWS side of one gate run: clients and the app's resource names, or why there are none. */
export type AwsScope = { ok: true; aws: AwsClients; names: AppAws } | { ok: false; what: string; hint: string };

export function awsScope(ctx: GateContext): AwsScope {
  if (!ctx.env.aws) {
    return { ok: false, what: `Environment "${ctx.env.name}" has no \`aws\` block, so nothing in AWS can be measured`, hint: 'add `aws: { region: "...", endpoint?: "..." }` to the environment' };
  }
  if (!ctx.target.aws) {
    return { ok: false, what: `Environment "${ctx.env.name}" names no AWS resources for ${ctx.profile.name}`, hint: `add \`apps.${ctx.app}.aws\` (cluster, services, dbInstance, logGroups, ...) to the environment` };
  }
  return { ok: true, aws: createAwsClients(ctx.env.aws, ctx.processEnv), names: ctx.target.aws };
}

/** A probe outside AWS (TLS, DNS, git) could not measure; `hint` says what to do. */
export class ProbeError extends Error {
  override readonly name = 'ProbeError';
  constructor(message: string, readonly hint: string, options: { cause?: unknown } = {}) {
    super(message, options);
  }
}

const HINTS: Record<AwsError['kind'], string> = {
  unreachable: 'fix connectivity to the AWS endpoint, then run the gate again',
  credentials: 'provide credentials that may read this resource, then run the gate again',
  'not-found': 'fix the resource name in the environment, or create the resource',
  throttled: 'run the gate again shortly',
  other: 'see the cause in the journal; run the gate again once fixed',
};

/** Times `fn` and turns whatever it throws into an `error` result that says what to do. */
async function guarded(id: string, ctx: GateContext, fn: () => Promise<Finding>): Promise<CheckResult> {
  const startedAt = ctx.now();
  try {
    return toResult(id, await fn(), startedAt, ctx.now());
  } catch (err) {
    if (err instanceof AwsError) return errorResult(id, startedAt, ctx.now, err.message, HINTS[err.kind]);
    if (err instanceof ProbeError) return errorResult(id, startedAt, ctx.now, err.message, err.hint);
    // A bug is an `error` too, never a pass.
    return errorResult(id, startedAt, ctx.now, `${id} could not be measured: ${(err as Error).message ?? String(err)}`, 'this is a harness problem: report it with the journal');
  }
}

/** Runs one AWS check; without an AWS scope it is an `error` saying what to configure. */
export async function runCheck(id: string, ctx: GateContext, scope: AwsScope, fn: (aws: AwsClients, names: AppAws) => Promise<Finding>): Promise<CheckResult> {
  if (!scope.ok) return errorResult(id, ctx.now(), ctx.now, scope.what, scope.hint);
  return guarded(id, ctx, () => fn(scope.aws, scope.names));
}

/** Runs a check that needs no AWS (TLS handshake, DNS, git tag). */
export function runLocalCheck(id: string, ctx: GateContext, fn: () => Promise<Finding>): Promise<CheckResult> {
  return guarded(id, ctx, fn);
}

/** "a, b and 3 more" for messages. */
export function listOf(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
