import { loggedIn } from '../apps/logged-in.ts';
import { FlowComplyApi } from '../apps/flowcomply/client.ts';
import { describeResponse } from '../http/client.ts';
import { route, type SuiteContext } from '../apps/suite-context.ts';
import type { CleanupOptions } from './context.ts';
import { assetTag, selectLeftovers, type Leftover } from './leftovers.ts';
import { collectPages } from './paging.ts';
import type { AppCleanup, Outcome } from './report.ts';
import { ListingError, listingProblem } from './listing-error.ts';

/**
 * FlowComply: the smoke suites create nothing, but any `postflight-...` asset is ours (the
 * contract confines gate data to the smoke organisation). Assets are scoped to the caller's
 * organisation, so they are listed as the smoke user (whose organisation the gate writes to)
 * and deleted as the SYSTEM_ADMIN / ORG_ADMIN (only those roles may delete).
 */

interface AssetRow {
  id: string;
  name?: string;
  createdAt?: string;
}

const PAGE_SIZE = 100;

/**
 * The profile names the collection (`assets`) but no single-asset route; the item lives under
 * it, unless the environment names an `asset` route of its own.
 */
function withAssetRoute(ctx: SuiteContext): SuiteContext {
  if (ctx.target.routes.asset) return ctx;
  return { ...ctx, target: { ...ctx.target, routes: { ...ctx.target.routes, asset: `${route(ctx, 'assets')}/:id` } } };
}

/** Every page of `{data:{assets, total, limit, offset}}`. */
async function listAssets(api: FlowComplyApi, ctx: SuiteContext): Promise<AssetRow[]> {
  return collectPages(async (index) => {
    const offset = index * PAGE_SIZE;
    const res = await api.call('GET', 'assets', { query: { limit: PAGE_SIZE, offset } });
    const page = res.data?.data;
    if (res.status !== 200 || !Array.isArray(page?.assets))
      throw ListingError.fromResponse(`GET ${route(ctx, 'assets')}`, 'assets', res, `(offset ${offset}, expected 200 with \`data.assets\`)`);
    return { items: page.assets as AssetRow[], last: offset + page.assets.length >= Number(page.total ?? 0) };
  }, 'GET assets');
}

async function deleteAsset(api: FlowComplyApi, leftover: Leftover): Promise<Outcome> {
  try {
    const res = await api.call('DELETE', 'asset', { params: { id: leftover.id } });
    if (res.status === 200 || res.status === 204) return { leftover, result: 'deleted' };
    const why =
      res.status === 404
        ? 'the admin cannot see it (already gone, or the admin belongs to another organisation than the smoke user)'
        : `DELETE answered ${describeResponse(res)}`;
    return { leftover, result: 'not deleted', reason: why };
  } catch (error) {
    return { leftover, result: 'not deleted', reason: (error as Error).message };
  }
}

export async function cleanFlowComply(suite: SuiteContext, opts: CleanupOptions): Promise<AppCleanup> {
  const ctx = withAssetRoute(suite);
  const report: AppCleanup = { appName: ctx.profile.name, envName: ctx.envName, outcomes: [], problems: [], notes: [] };
  let leftovers: Leftover[];
  try {
    leftovers = selectLeftovers(
      await listAssets(await loggedIn(new FlowComplyApi(ctx), ctx, 'smoke', 'smoke user'), ctx),
      (a) => ({
        tag: assetTag(a.name),
        createdAt: a.createdAt,
        leftover: { kind: 'asset', id: a.id, label: `"${a.name}"` },
      }),
      opts.olderThanMinutes,
      opts.now,
    );
  } catch (error) {
    report.problems.push(listingProblem('postflight- assets', error, ctx.app));
    return report;
  }
  if (leftovers.length === 0 || opts.dryRun) {
    report.outcomes.push(...leftovers.map((leftover): Outcome => ({ leftover, result: 'would delete' })));
    return report;
  }
  let admin: FlowComplyApi;
  try {
    admin = await loggedIn(new FlowComplyApi(ctx), ctx, 'admin', 'SYSTEM_ADMIN');
  } catch (error) {
    // Each leftover is still listed, so the person reading knows exactly what is left.
    report.outcomes.push(...leftovers.map((leftover): Outcome => ({ leftover, result: 'not deleted', reason: (error as Error).message })));
    return report;
  }
  for (const leftover of leftovers) report.outcomes.push(await deleteAsset(admin, leftover));
  return report;
}
