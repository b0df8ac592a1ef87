import type { ApiBudget } from '../../config/app-profile.ts';
import { routeOf } from '../context.ts';
import type { EndpointSamples } from './api-budgets.ts';
import { describe, type ApiSession } from './api-session.ts';
import { completeAssessment, createAssessment, type Ctx } from './assessment-setup.ts';

/**
 * "POST /reports/generate < 5 s": generation is asynchronous (202, then poll), so the time
 * that matters to a consultant is from the generate request until the status says
 * `completed`. One consultant report per sample, on one completed assessment made for the run.
 */

/** Poll interval: the measured time is accurate to this; kept coarse enough for the rate limit. */
const POLL_MS = 250;

export async function measureReportGeneration(
  ctx: Ctx,
  session: ApiSession,
  budget: ApiBudget,
  created: string[],
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<EndpointSamples> {
  const result: EndpointSamples = { budget, latenciesMs: [], failures: [] };
  const made = await createAssessment(ctx, session, 'report');
  if (made.id) created.push(made.id);
  if (!made.ok || !made.id) return { ...result, setupError: `could not create an assessment to report on: ${made.problem}` };
  const notReady = await completeAssessment(ctx, session, made.id, made.clientEmail);
  if (notReady) return { ...result, setupError: notReady };

  // Give up well after the budget so a slow report is measured (and fails), not cut short.
  const deadlineMs = Math.max(budget.budgetMs * 4, 20_000);
  for (let i = 0; i < budget.warmup + budget.samples; i++) {
    const timed = await generateOnce(ctx, session, made.id, deadlineMs, sleep);
    if (i < budget.warmup) continue;
    if ('ms' in timed) result.latenciesMs.push(timed.ms);
    else result.failures.push(timed.failure);
  }
  return result;
}

async function generateOnce(
  ctx: Ctx,
  session: ApiSession,
  assessmentId: string,
  deadlineMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<{ ms: number } | { failure: string }> {
  const started = performance.now();
  const res = await session.request('POST', routeOf(ctx, 'generateReport', { type: 'consultant' }), { body: { assessmentId } });
  const reportId = (res.data as { reportId?: unknown } | null)?.reportId;
  if (!res.ok || typeof reportId !== 'string') return { failure: `POST generate: ${describe(res)}` };
  for (;;) {
    const status = await session.request('GET', routeOf(ctx, 'reportStatus', { id: reportId }));
    const elapsed = performance.now() - started;
    const state = (status.data as { status?: unknown; error?: unknown } | null)?.status;
    if (!status.ok) return { failure: `GET report status: ${describe(status)}` };
    if (state === 'completed') return { ms: elapsed };
    if (state === 'failed') {
      return { failure: `report ${reportId} ended "failed": ${String((status.data as { error?: unknown }).error ?? 'no error given')}` };
    }
    if (elapsed > deadlineMs) return { failure: `report ${reportId} still "${String(state)}" after ${Math.round(elapsed / 1000)} s` };
    await sleep(POLL_MS);
  }
}
