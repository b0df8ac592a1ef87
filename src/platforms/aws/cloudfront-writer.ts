import { CreateInvalidationCommand, GetInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { getDistribution } from '../../aws/cloudfront.ts';
import { errored, succeeded, type ActionContext, type StepOutcome } from '../outcome.ts';
import { humanMs, waitUntil } from '../wait.ts';
import type { Caller } from './call.ts';
import type { AwsPlatformDeps } from './deps.ts';

/**
 * CloudFront: invalidate `/*` and wait until the invalidation is Completed (Phase 3.3).
 * The CallerReference is the step's idempotency key: CloudFront answers a repeated request
 * with the same reference and paths with the invalidation it already made, so a resumed step
 * does not queue a second one on real AWS.
 */

export const INVALIDATION_PATHS = ['/*'];

export async function invalidateCdn(d: AwsPlatformDeps, caller: Caller, ctx: ActionContext): Promise<StepOutcome> {
  const ref = d.names.distributionId;
  if (!ref)
    return succeeded(
      'No CloudFront distribution is configured for this app (aws.distributionId): nothing to invalidate.',
      { notApplicable: true },
      caller.calls,
    );
  // The id may be given as an alias or comment (emulators assign random ids); resolve it once.
  const dist = await getDistribution(d.aws, ref);
  caller.calls.push({ service: 'CloudFront', operation: 'GetDistribution' });
  const site = d.aws.site('CloudFront', `invalidate ${INVALIDATION_PATHS.join(' ')} on distribution ${dist.id}`);
  const created = await caller.call(site, 'CreateInvalidation', () =>
    d.aws.cloudfront.send(
      new CreateInvalidationCommand({
        DistributionId: dist.id,
        InvalidationBatch: { CallerReference: ctx.idempotencyKey, Paths: { Quantity: INVALIDATION_PATHS.length, Items: INVALIDATION_PATHS } },
      }),
    ),
  );
  const id = created.Invalidation?.Id ?? '';
  const outputs = { distributionId: dist.id, invalidationId: id, paths: INVALIDATION_PATHS };
  if (!id) return errored(`CloudFront accepted the invalidation on ${dist.id} but returned no id: try again.`, true, outputs, caller.calls);
  const waited = await waitUntil(
    async () => {
      const out = await caller.call(site, 'GetInvalidation', () => d.aws.cloudfront.send(new GetInvalidationCommand({ DistributionId: dist.id, Id: id })));
      const status = out.Invalidation?.Status ?? 'unknown';
      return /^completed$/i.test(status) ? { done: true, value: status } : { done: false, waitingFor: `invalidation ${id} to complete (now ${status})` };
    },
    { clock: d.clock, deadline: ctx.deadline, intervalMs: d.pollMs, ...(ctx.signal ? { signal: ctx.signal } : {}) },
  );
  if (!waited.done)
    return errored(
      `CloudFront invalidation ${id} on ${dist.id} was not Completed within the step's time (${humanMs(waited.waitedMs)}). Resume to keep waiting; the same invalidation is reused.`,
      true,
      outputs,
      caller.calls,
    );
  return succeeded(`CloudFront invalidation ${id} of ${INVALIDATION_PATHS.join(' ')} on ${dist.id} is Completed.`, outputs, caller.calls);
}
