import type { CheckResult } from '../../core/types.ts';
import type { Finding } from '../../core/finding.ts';
import { errorResult } from '../result.ts';
import { guarded } from '../guarded.ts';
import type { GateContext } from '../context.ts';
import type { AppAws } from '../../config/environment.ts';
import { createAwsClients, type AwsClients } from '../../aws/clients.ts';
import { measureTogether, type Measure, type MeasureRegistry } from '../registry.ts';
import type { AwsCheckOptions } from './options.ts';

/** The AWS side of one gate run: clients and the app's resource names, or why there are none. */
export type AwsScope = { ok: true; aws: AwsClients; names: AppAws } | { ok: false; what: string; hint: string };

export function awsScope(ctx: GateContext): AwsScope {
  if (!ctx.env.aws) {
    return {
      ok: false,
      what: `Environment "${ctx.env.name}" has no \`aws\` block, so nothing in AWS can be measured`,
      hint: 'add `aws: { region: "...", endpoint?: "..." }` to the environment',
    };
  }
  if (!ctx.target.aws) {
    return {
      ok: false,
      what: `Environment "${ctx.env.name}" names no AWS resources for ${ctx.profile.name}`,
      hint: `add \`apps.${ctx.app}.aws\` (cluster, services, dbInstance, logGroups, ...) to the environment`,
    };
  }
  return { ok: true, aws: createAwsClients(ctx.env.aws, ctx.processEnv), names: ctx.target.aws };
}

/** Runs one AWS check; without an AWS scope it is an `error` saying what to configure. */
export async function runCheck(id: string, ctx: GateContext, scope: AwsScope, fn: (aws: AwsClients, names: AppAws) => Promise<Finding>): Promise<CheckResult> {
  if (!scope.ok) return errorResult(id, ctx.now(), ctx.now, scope.what, scope.hint);
  return guarded(id, ctx, () => fn(scope.aws, scope.names));
}

/** What the AWS areas' measures share in one run: the context, the AWS scope, the options. */
export interface AwsRun {
  ctx: GateContext;
  scope: AwsScope;
  opts: AwsCheckOptions;
}

/** A measure that reads AWS: without an AWS scope it is the `error` saying what to configure. */
export const onAws =
  (fn: (ctx: GateContext, aws: AwsClients, names: AppAws, opts: AwsCheckOptions) => Promise<Finding>): Measure<AwsRun> =>
  (run, id) =>
    runCheck(id, run.ctx, run.scope, (aws, names) => fn(run.ctx, aws, names, run.opts));

/** A measure of an AWS area that needs no AWS (TLS handshake, DNS, git tag). */
export const offAws =
  (fn: (run: AwsRun) => Promise<Finding>): Measure<AwsRun> =>
  (run, id) =>
    runLocalCheck(id, run.ctx, () => fn(run));

/** Measures `ids` with one AWS scope, opened here and closed after, whatever happens. */
export async function measureOnAws(
  registry: MeasureRegistry<AwsRun>,
  ids: readonly string[],
  ctx: GateContext,
  opts: AwsCheckOptions,
  area: string,
): Promise<CheckResult[]> {
  const scope = awsScope(ctx);
  try {
    return await measureTogether(registry, ids, { ctx, scope, opts }, ctx, area);
  } finally {
    if (scope.ok) scope.aws.destroy();
  }
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
