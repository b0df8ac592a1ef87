import { loggedIn } from '../apps/logged-in.ts';
import { FinancialRiseApi } from '../apps/financial-rise/client.ts';
import { describeResponse } from '../http/client.ts';
import type { SuiteContext } from '../apps/suite-context.ts';
import type { CleanupOptions } from './context.ts';
import { accountTag, assessmentTag, selectLeftovers, type Leftover } from './leftovers.ts';
import { collectPages } from './paging.ts';
import type { AppCleanup, Outcome } from './report.ts';
import { ListingError, listingProblem } from './listing-error.ts';
import { fillRoute } from '../config/routes.ts';

/**
 * Financial RISE: the assessments runs made (as the smoke consultant, who owns them: others
 * get 404), and the accounts Smoke 3 registered (as the admin, who can list but not delete
 * users: the contract has no such route).
 */

interface AssessmentRow {
  id: string;
  business_name?: string;
  client_email?: string;
  created_at?: string;
}

interface UserRow {
  id: string;
  email?: string;
  role?: string;
  created_at?: string;
}

const PAGE_SIZE = 100;

/** Every page of a `{data, meta:{totalPages}}` listing. */
function listAll<T>(api: FinancialRiseApi, ctx: SuiteContext, key: string, query: Record<string, string | number>): Promise<T[]> {
  return collectPages(async (index) => {
    const res = await api.call('GET', key, { query: { ...query, page: index + 1, limit: PAGE_SIZE } });
    if (res.status !== 200 || !Array.isArray(res.data?.data))
      throw ListingError.fromResponse(
        `GET ${fillRoute(ctx.profile.routes as Record<string, string>, ctx.target.routes, key, {})}`,
        key,
        res,
        `(page ${index + 1}, expected 200 with a \`data\` array)`,
      );
    return { items: res.data.data as T[], last: index + 1 >= Number(res.data.meta?.totalPages ?? 0) };
  }, `GET ${key}`);
}

async function deleteAssessment(api: FinancialRiseApi, leftover: Leftover): Promise<Outcome> {
  try {
    const res = await api.call('DELETE', 'assessment', { params: { id: leftover.id } });
    if (res.status === 204 || res.status === 200) return { leftover, result: 'deleted' };
    // Listed by this same consultant a moment ago: a 404 now means someone else deleted it first.
    if (res.status === 404) return { leftover, result: 'deleted', reason: 'already gone' };
    return { leftover, result: 'not deleted', reason: `DELETE answered ${describeResponse(res)}` };
  } catch (error) {
    return { leftover, result: 'not deleted', reason: (error as Error).message };
  }
}

async function assessmentOutcomes(ctx: SuiteContext, opts: CleanupOptions): Promise<Outcome[]> {
  const api = await loggedIn(new FinancialRiseApi(ctx), ctx, 'smoke', 'smoke consultant');
  // Every tagged name starts with "Postflight"; the search narrows the listing, the tag decides.
  const rows = await listAll<AssessmentRow>(api, ctx, 'assessments', { search: 'Postflight' });
  const leftovers = selectLeftovers(
    rows,
    (a) => ({
      tag: assessmentTag(a, ctx.target.mailDomain),
      createdAt: a.created_at,
      leftover: { kind: 'assessment', id: a.id, label: `"${a.business_name}" <${a.client_email}>` },
    }),
    opts.olderThanMinutes,
    opts.now,
  );
  const outcomes: Outcome[] = [];
  for (const leftover of leftovers) {
    outcomes.push(opts.dryRun ? { leftover, result: 'would delete' } : await deleteAssessment(api, leftover));
  }
  return outcomes;
}

async function accountOutcomes(ctx: SuiteContext, opts: CleanupOptions): Promise<Outcome[]> {
  const api = await loggedIn(new FinancialRiseApi(ctx), ctx, 'admin', 'admin');
  const users = await listAll<UserRow>(api, ctx, 'adminUsers', {});
  return selectLeftovers(
    users,
    (u) => ({
      tag: accountTag(u.email, ctx.target.mailDomain),
      createdAt: u.created_at,
      leftover: { kind: 'account', id: u.id, label: `<${u.email}>` },
    }),
    opts.olderThanMinutes,
    opts.now,
  ).map((leftover) => {
    // A registration probe that was granted admin (fr.smoke.security-role failed) left a
    // privileged account: said first and loudest, never just another test account.
    const privileged = users.find((u) => u.id === leftover.id)?.role === 'admin';
    return {
      leftover: privileged ? { ...leftover, label: `${leftover.label} PRIVILEGED (role admin)` } : leftover,
      result: 'left for an admin' as const,
      reason: privileged
        ? 'privileged account created by the probe: remove it now — the API has no route to delete or disable an account; remove it in the database or the admin tools'
        : 'the API has no route to delete an account; remove it in the database or the admin tools',
    };
  });
}

export async function cleanFinancialRise(ctx: SuiteContext, opts: CleanupOptions): Promise<AppCleanup> {
  const report: AppCleanup = { appName: ctx.profile.name, envName: ctx.envName, outcomes: [], problems: [], notes: [] };
  try {
    report.outcomes.push(...(await assessmentOutcomes(ctx, opts)));
  } catch (error) {
    report.problems.push(listingProblem('assessments made by runs', error, ctx.app));
  }
  try {
    report.outcomes.push(...(await accountOutcomes(ctx, opts)));
  } catch (error) {
    // Accounts are only reported, never deleted; but a listing that failed cannot tell the
    // reader there are none, so it makes cleanup incomplete like any other.
    report.problems.push(listingProblem('accounts registered by runs', error, ctx.app));
  }
  return report;
}
