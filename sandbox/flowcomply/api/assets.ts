import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { invalidateDashboard } from './analytics.ts';
import type { ApiContext } from './context.ts';
import { ADMIN_ROLES, EDITOR_ROLES, userOf, type Guards } from './guard.ts';
import { bodyOf, fail, intParam, missingStrings } from './respond.ts';

/**
 * The asset register (`/api/v1/assets`), always scoped to the caller's organisation, so a
 * smoke test that creates and deletes assets can only touch its own smoke organisation.
 */
export const ASSET_TYPES = ['SOURCE', 'BORE', 'TREATMENT_PLANT', 'RESERVOIR', 'PUMP_STATION', 'PIPELINE', 'OTHER'] as const;
export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

const COLUMNS = `"id", "organizationId", "name", "type", "description", "location", "riskLevel", "isCritical", "createdAt", "updatedAt"`;

export function assetRoutes(app: FastifyInstance, ctx: ApiContext, guard: Guards): void {
  const { requireAuth, requireRole } = guard;

  app.get('/api/v1/assets', { preHandler: requireAuth }, async (request) => {
    const query = request.query as Record<string, unknown>;
    const limit = intParam(query.limit, 20, 1, 100);
    const offset = intParam(query.offset, 0, 0, 1_000_000);
    const org = userOf(request).organizationId;
    const [page, count] = await Promise.all([
      ctx.db.query(`SELECT ${COLUMNS} FROM "Asset" WHERE "organizationId" = $1 ORDER BY "createdAt", "id" LIMIT $2 OFFSET $3`, [org, limit, offset]),
      ctx.db.query<{ total: number }>('SELECT count(*)::int AS total FROM "Asset" WHERE "organizationId" = $1', [org]),
    ]);
    return { success: true, data: { assets: page.rows, total: count.rows[0].total, limit, offset } };
  });

  app.get('/api/v1/assets/:id', { preHandler: requireAuth }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const { rows } = await ctx.db.query(`SELECT ${COLUMNS} FROM "Asset" WHERE "id" = $1 AND "organizationId" = $2`, [id, userOf(request).organizationId]);
    return rows[0] ? { success: true, data: rows[0] } : fail(reply, 404, 'Asset not found');
  });

  app.post('/api/v1/assets', { preHandler: [requireAuth, requireRole(EDITOR_ROLES)] }, async (request, reply) => {
    const missing = missingStrings(request.body, ['name', 'type']);
    if (missing.length) return fail(reply, 400, `Missing required field(s): ${missing.join(', ')}`);
    const body = bodyOf(request.body);
    const type = String(body.type);
    const riskLevel = typeof body.riskLevel === 'string' ? body.riskLevel : 'LOW';
    if (!(ASSET_TYPES as readonly string[]).includes(type)) return fail(reply, 400, `type must be one of ${ASSET_TYPES.join(', ')}`);
    if (!(RISK_LEVELS as readonly string[]).includes(riskLevel)) return fail(reply, 400, `riskLevel must be one of ${RISK_LEVELS.join(', ')}`);
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    const org = userOf(request).organizationId;
    const { rows } = await ctx.db.query(
      `INSERT INTO "Asset" ("id", "organizationId", "name", "type", "description", "location", "riskLevel", "isCritical")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [randomUUID(), org, String(body.name).trim(), type, text(body.description), text(body.location), riskLevel, body.isCritical === true],
    );
    await invalidateDashboard(ctx, org);
    return reply.code(201).send({ success: true, data: rows[0] });
  });

  app.delete('/api/v1/assets/:id', { preHandler: [requireAuth, requireRole(ADMIN_ROLES)] }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const org = userOf(request).organizationId;
    const { rowCount } = await ctx.db.query('DELETE FROM "Asset" WHERE "id" = $1 AND "organizationId" = $2', [id, org]);
    if (!rowCount) return fail(reply, 404, 'Asset not found');
    await invalidateDashboard(ctx, org);
    return { success: true, data: { id, deleted: true } };
  });
}
