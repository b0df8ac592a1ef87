import type { FastifyInstance } from 'fastify';
import { authed, type ApiContext } from './context.ts';
import { httpError } from './http.ts';
import { listQuery, parse } from './validate.ts';

/** /admin: users, every consultant's assessments, and platform analytics. Admin role only. */
export function adminRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const guarded = (handler: Parameters<typeof authed>[1]) =>
    authed(
      ctx,
      async (request, reply, user) => {
        // `fr:admin-403` is a broken role guard: it refuses the admin as well.
        if (ctx.faults.on('admin-403')) throw httpError(403, 'Forbidden resource');
        return handler(request, reply, user);
      },
      { role: 'admin' },
    );
  // `fr:admin-routes-missing`: the release does not mount the admin module; everyone gets 404.
  const adminOnly = (handler: Parameters<typeof authed>[1]) => {
    const inner = guarded(handler);
    return async (request: Parameters<typeof inner>[0], reply: Parameters<typeof inner>[1]) => {
      if (ctx.faults.on('admin-routes-missing')) throw httpError(404, `Cannot GET ${request.url.split('?')[0]}`);
      return inner(request, reply);
    };
  };

  const page = async (sql: string, countSql: string, query: unknown) => {
    const q = parse(listQuery, query);
    const total = Number((await ctx.pool.query(countSql)).rows[0].n);
    const { rows } = await ctx.pool.query(`${sql} LIMIT ${q.limit} OFFSET ${(q.page - 1) * q.limit}`);
    return { data: rows, meta: { page: q.page, limit: q.limit, total, totalPages: Math.ceil(total / q.limit) } };
  };

  // `fr:user-list-leaks-hash`: the list selects the password hash too (a `SELECT *` defect).
  app.get(
    '/admin/users',
    adminOnly(async (request) =>
      page(
        `SELECT id, email, first_name, last_name, role, email_verified, locked_until, last_login_at, created_at
            ${ctx.faults.on('user-list-leaks-hash') ? ', password_hash' : ''}
       FROM users ORDER BY created_at DESC, email`,
        'SELECT COUNT(*) AS n FROM users',
        request.query,
      ),
    ),
  );

  app.get(
    '/admin/assessments',
    adminOnly(async (request) =>
      page(
        `SELECT a.id, a.client_name, a.business_name, a.client_email, a.status, a.progress, a.created_at, a.completed_at,
            u.email AS consultant_email
       FROM assessments a JOIN users u ON u.id = a.consultant_id WHERE a.deleted_at IS NULL
      ORDER BY a.created_at DESC, a.id`,
        'SELECT COUNT(*) AS n FROM assessments WHERE deleted_at IS NULL',
        request.query,
      ),
    ),
  );

  app.get(
    '/admin/analytics',
    adminOnly(async () => {
      const { rows } = await ctx.pool.query(`SELECT
      (SELECT COUNT(*) FROM users)::int AS total_users,
      (SELECT COUNT(*) FROM users WHERE role = 'consultant')::int AS consultants,
      (SELECT COUNT(*) FROM users WHERE role = 'admin')::int AS admins,
      (SELECT COUNT(*) FROM assessments WHERE deleted_at IS NULL)::int AS total_assessments,
      (SELECT COUNT(*) FROM assessments WHERE deleted_at IS NULL AND status = 'draft')::int AS draft,
      (SELECT COUNT(*) FROM assessments WHERE deleted_at IS NULL AND status = 'in_progress')::int AS in_progress,
      (SELECT COUNT(*) FROM assessments WHERE deleted_at IS NULL AND status = 'completed')::int AS completed,
      (SELECT COUNT(*) FROM reports WHERE status = 'completed')::int AS reports_generated,
      (SELECT COUNT(*) FROM reports WHERE status = 'failed')::int AS reports_failed`);
      const r = rows[0];
      return {
        users: { total: r.total_users, consultants: r.consultants, admins: r.admins },
        assessments: { total: r.total_assessments, byStatus: { draft: r.draft, in_progress: r.in_progress, completed: r.completed } },
        reports: { generated: r.reports_generated, failed: r.reports_failed },
        generatedAt: new Date().toISOString(),
      };
    }),
  );
}
