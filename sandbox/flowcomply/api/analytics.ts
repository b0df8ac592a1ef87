import type { FastifyInstance } from 'fastify';
import { FC } from '../faults.ts';
import type { ApiContext } from './context.ts';
import { userOf, type Guards } from './guard.ts';

/**
 * The analytics dashboard: an organisation's overview computed from the database, cached in
 * Redis for a short time as the deployed app does (`cached: true` on a cache hit).
 */
export interface Overview {
  totalAssets: number;
  criticalAssets: number;
  activeDWSPs: number;
  pendingReports: number;
  overdueItems: number;
  recentIncidents: number;
  complianceScore: number;
}

export const DASHBOARD_TTL_S = 60;
export const dashboardKey = (organizationId: string) => `fc:dashboard:${organizationId}`;

/**
 * Pure: 100, minus 10 per overdue item, minus 5 per recent incident, minus 20 without an
 * active Drinking Water Safety Plan (the plan the regulator requires), never below 0.
 */
export function complianceScore(o: Omit<Overview, 'complianceScore'>): number {
  const score = 100 - 10 * o.overdueItems - 5 * o.recentIncidents - (o.activeDWSPs > 0 ? 0 : 20);
  return Math.max(0, Math.min(100, score));
}

const OVERVIEW_SQL = `SELECT
  (SELECT count(*) FROM "Asset" WHERE "organizationId" = $1)::int AS "totalAssets",
  (SELECT count(*) FROM "Asset" WHERE "organizationId" = $1 AND ("isCritical" OR "riskLevel" = 'CRITICAL'))::int AS "criticalAssets",
  (SELECT count(*) FROM "CompliancePlan" WHERE "organizationId" = $1 AND "type" = 'DWSP' AND "status" = 'ACTIVE')::int AS "activeDWSPs",
  (SELECT count(*) FROM "Report" WHERE "organizationId" = $1 AND "status" IN ('DRAFT', 'PENDING'))::int AS "pendingReports",
  ((SELECT count(*) FROM "Report" WHERE "organizationId" = $1 AND "status" IN ('DRAFT', 'PENDING') AND "dueDate" < now())
   + (SELECT count(*) FROM "CompliancePlan" WHERE "organizationId" = $1 AND "status" <> 'ARCHIVED' AND "reviewDate" < now()))::int AS "overdueItems",
  (SELECT count(*) FROM "Incident" WHERE "organizationId" = $1 AND "occurredAt" > now() - interval '30 days')::int AS "recentIncidents"`;

export async function computeOverview(ctx: ApiContext, organizationId: string): Promise<Overview> {
  const { rows } = await ctx.db.query<Omit<Overview, 'complianceScore'>>(OVERVIEW_SQL, [organizationId]);
  return { ...rows[0], complianceScore: complianceScore(rows[0]) };
}

/** Drops an organisation's cached dashboard after its register changed. */
export async function invalidateDashboard(ctx: ApiContext, organizationId: string): Promise<void> {
  await ctx.redis?.del(dashboardKey(organizationId)).catch(() => 0);
}

export function analyticsRoutes(app: FastifyInstance, ctx: ApiContext, guard: Guards): void {
  const { requireAuth } = guard;

  app.get('/api/v1/analytics/dashboard', { preHandler: requireAuth }, async (request) => {
    if (ctx.faults.has(FC.dashboard500)) throw new Error('Dashboard aggregation failed: division by zero in compliance score');
    const key = dashboardKey(userOf(request).organizationId);
    // A cache that is down is a slower dashboard, not a broken one: read through to the DB.
    const hit = await ctx.redis?.get(key).catch(() => null);
    if (hit) return { success: true, data: JSON.parse(hit) as unknown, cached: true };
    const data = { overview: await computeOverview(ctx, userOf(request).organizationId), generatedAt: new Date().toISOString() };
    await ctx.redis?.set(key, JSON.stringify(data), 'EX', DASHBOARD_TTL_S).catch(() => null);
    return { success: true, data, cached: false };
  });
}
