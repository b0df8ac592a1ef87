import type { ApiBudget } from '../../config/app-profile.ts';
import { SECRET_DEFAULTS } from '../../config/secrets.ts';
import { worst } from '../../core/status.ts';
import type { CheckResult, Status } from '../../core/types.ts';
import { routeOf, type GateContext } from '../context.ts';
import { checkResult, errorResult } from '../result.ts';
import { evaluateEndpoint, type EndpointSamples } from './api-budgets.ts';
import { ApiSession, describe } from './api-session.ts';
import { createAssessment } from './assessment-setup.ts';
import { measureReportGeneration } from './report-timing.ts';

/**
 * `<app>.perf.api`: the runbook's "API Response Times" against the real API, as the smoke
 * account. Each budget: `warmup` untimed requests, then `samples` timed ones, one at a time
 * (a latency budget measures one user's wait, not throughput). Data it creates is tagged with
 * the run id and deleted at the end.
 */

/** `id`: the catalogue id it measures for (perf/index.ts registers it; FlowComply has no API budgets and no such check). */
export async function runApiLatencyCheck(ctx: GateContext, id: string): Promise<CheckResult> {
  const started = ctx.now();
  const budgets = ctx.profile.perf.api as readonly ApiBudget[];
  // No budget would make a pass that proves nothing.
  if (budgets.length === 0)
    return errorResult(
      id,
      started,
      ctx.now,
      `API latency not measured: the ${ctx.profile.name} profile lists no API budgets (perf.api)`,
      `add budgets to perf.api of the profile, or waive ${id}`,
    );
  const email = ctx.secrets.smokeEmail;
  const password = ctx.secrets.smokePassword;
  if (!email || !password) {
    const vars = ['smokeEmail', 'smokePassword'].map((r) => ctx.target.secrets[r] ?? SECRET_DEFAULTS[ctx.app][r]?.env).join(' and ');
    return errorResult(id, started, ctx.now, 'API latency not measured: the smoke account credentials are missing', `set ${vars}`);
  }
  const csrf = (ctx.profile as { csrf?: { cookie: string; header: string } }).csrf;
  const session = new ApiSession(ctx.target.apiUrl, { ...(csrf ? { csrf } : {}), timeoutMs: 30_000, ...(ctx.pacer ? { pacer: ctx.pacer } : {}) });
  const primed = await session.prime(routeOf(ctx, 'health'));
  if (primed.status === 0) {
    return errorResult(
      id,
      started,
      ctx.now,
      `API latency not measured: ${ctx.target.apiUrl} did not answer (${describe(primed)})`,
      'check that the API is up and reachable from this machine',
      'error',
      'target',
    );
  }
  try {
    await session.loginShared(ctx.runId, routeOf(ctx, 'login'), email, password, ctx.profile.responses.token ?? 'access_token');
  } catch (error) {
    return errorResult(
      id,
      started,
      ctx.now,
      `API latency not measured: ${(error as Error).message}`,
      'check the smoke account (it may be locked or rate limited) and the login route',
    );
  }

  const created: string[] = [];
  const outcomes: EndpointSamples[] = [];
  try {
    for (const budget of budgets) {
      ctx.log(`perf api: ${budget.name} (${budget.warmup} warm-up + ${budget.samples} timed)`);
      outcomes.push(await measure(ctx, session, budget, created));
    }
  } finally {
    const leftovers = await cleanUp(ctx, session, created);
    if (leftovers.length > 0) ctx.log(`perf api: could not delete assessment(s) ${leftovers.join(', ')}; delete them by hand`);
  }

  const verdicts = outcomes.map(evaluateEndpoint);
  const status: Status = worst(verdicts.map((v) => v.status));
  return checkResult(id, {
    status,
    message: verdicts.map((v) => v.summary).join(' | '),
    assertions: verdicts.flatMap((v) => v.assertions),
    metrics: Object.assign({}, ...verdicts.map((v) => v.metrics)),
    startedAt: started,
    durationMs: ctx.now().getTime() - started.getTime(),
  });
}

/** How to exercise one budget; a route the runner has no recipe for is an error, never a pass. */
async function measure(ctx: GateContext, session: ApiSession, budget: ApiBudget, created: string[]): Promise<EndpointSamples> {
  if (budget.route === 'generateReport') return measureReportGeneration(ctx, session, budget, created);
  const samples: EndpointSamples = { budget, latenciesMs: [], failures: [] };
  let path: string;
  try {
    path = routeOf(ctx, budget.route);
  } catch (error) {
    return { ...samples, setupError: (error as Error).message };
  }
  if (budget.method === 'POST' && budget.route !== 'assessments') {
    return { ...samples, setupError: `no request body is known for POST ${budget.route}: add a recipe to src/checks/perf/api-latency.ts` };
  }
  for (let i = 0; i < budget.warmup + budget.samples; i++) {
    const res =
      budget.method === 'GET'
        ? await session.request('GET', path).then((r) => ({ ...r, problem: describe(r) }))
        : await createAssessment(ctx, session, `perf-${i + 1}`).then((r) => {
            if (r.id) created.push(r.id);
            return { ...r, problem: r.problem ?? '' };
          });
    // Refused test data measures nothing: an error of the gate naming the keys, not a slow or failing API.
    if ('refused' in res && res.refused) return { ...samples, setupError: res.problem };
    if (i < budget.warmup) continue;
    if (res.ok) samples.latenciesMs.push(res.ms);
    else samples.failures.push(res.problem);
  }
  return samples;
}

/** Deletes what the run created; returns the ids it could not delete. */
async function cleanUp(ctx: GateContext, session: ApiSession, ids: string[]): Promise<string[]> {
  const left: string[] = [];
  for (const id of ids) {
    const res = await session.request('DELETE', routeOf(ctx, 'assessment', { id }));
    if (!res.ok) left.push(`${id} (${describe(res)})`);
  }
  return left;
}
