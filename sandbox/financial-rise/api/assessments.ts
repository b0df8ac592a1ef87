import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { invitationEmail } from '../mailer.ts';
import { ASSESSMENT_COLUMNS, completeAssessment, findOwnedAssessment, type AssessmentRow } from './assessment-store.ts';
import { authed, uuidParam, type ApiContext } from './context.ts';
import { httpError } from './http.ts';
import { createAssessmentBody, listQuery, parse, updateAssessmentBody } from './validate.ts';

/** /assessments: the consultant's own assessments (others' answer 404), soft delete, submit. */
export function assessmentRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post(
    '/assessments',
    authed(ctx, async (request, reply, user) => {
      const body = parse(createAssessmentBody, request.body);
      // `fr:client-name-strict`: a deployment whose validation wants a first and a last name only.
      if (ctx.faults.on('client-name-strict') && !/^[A-Za-z'-]+ [A-Za-z'-]+$/.test(body.clientName)) {
        throw httpError(400, 'clientName: Client name must be a first and a last name (two words, letters only)');
      }
      const token = randomBytes(24).toString('base64url');
      const values = [user.id, body.clientName, body.businessName, body.clientEmail, body.notes ?? null, token];
      const row = ctx.faults.on('assessment-not-persisted')
        ? phantomRow(values)
        : (
            await ctx.pool.query<AssessmentRow>(
              `INSERT INTO assessments (consultant_id, client_name, business_name, client_email, notes, client_token)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ASSESSMENT_COLUMNS}`,
              values,
            )
          ).rows[0];
      if (!ctx.faults.on('no-invitation-email')) {
        const consultant = `${user.first_name} ${user.last_name}`;
        ctx.mailer.send(invitationEmail(body.clientEmail, body.clientName, body.businessName, consultant, `${ctx.urls.web}/client/${token}`));
      }
      return reply.code(201).send(row);
    }),
  );

  app.get(
    '/assessments',
    authed(ctx, async (request, _reply, user) => {
      const q = parse(listQuery, request.query);
      const where = ['consultant_id = $1', 'deleted_at IS NULL'];
      const params: unknown[] = [user.id];
      if (q.status) where.push(`status = $${params.push(q.status)}`);
      if (q.search) {
        const i = params.push(`%${q.search.replace(/[%_\\]/g, '\\$&')}%`);
        where.push(`(client_name ILIKE $${i} OR business_name ILIKE $${i} OR client_email ILIKE $${i})`);
      }
      const filter = where.join(' AND ');
      const total = Number((await ctx.pool.query(`SELECT COUNT(*) AS n FROM assessments WHERE ${filter}`, params)).rows[0].n);
      const { rows } = await ctx.pool.query(
        `SELECT ${ASSESSMENT_COLUMNS} FROM assessments WHERE ${filter} ORDER BY created_at DESC, id
       LIMIT ${q.limit} OFFSET ${(q.page - 1) * q.limit}`,
        params,
      );
      return { data: rows, meta: { page: q.page, limit: q.limit, total, totalPages: Math.ceil(total / q.limit) } };
    }),
  );

  app.get(
    '/assessments/:id',
    authed(ctx, async (request, _reply, user) => findOwnedAssessment(ctx.pool, uuidParam(request, 'id', 'Assessment'), user.id)),
  );

  app.patch(
    '/assessments/:id',
    authed(ctx, async (request, _reply, user) => {
      const current = await findOwnedAssessment(ctx.pool, uuidParam(request, 'id', 'Assessment'), user.id);
      const b = parse(updateAssessmentBody, request.body);
      const { rows } = await ctx.pool.query<AssessmentRow>(
        `UPDATE assessments SET client_name = COALESCE($2, client_name), business_name = COALESCE($3, business_name),
         client_email = COALESCE($4, client_email), notes = CASE WHEN $5::boolean THEN $6 ELSE notes END,
         status = COALESCE($7, status), updated_at = now()
       WHERE id = $1 RETURNING ${ASSESSMENT_COLUMNS}`,
        [
          current.id,
          b.clientName ?? null,
          b.businessName ?? null,
          b.clientEmail ?? null,
          b.notes !== undefined,
          b.notes ?? null,
          current.status === 'completed' ? null : (b.status ?? null),
        ],
      );
      return rows[0];
    }),
  );

  app.delete(
    '/assessments/:id',
    authed(ctx, async (request, reply, user) => {
      const current = await findOwnedAssessment(ctx.pool, uuidParam(request, 'id', 'Assessment'), user.id);
      await ctx.pool.query('UPDATE assessments SET deleted_at = now(), updated_at = now() WHERE id = $1', [current.id]);
      return reply.code(204).send();
    }),
  );

  app.post(
    '/assessments/:id/submit',
    authed(ctx, async (request, _reply, user) => {
      const current = await findOwnedAssessment(ctx.pool, uuidParam(request, 'id', 'Assessment'), user.id);
      if (ctx.faults.on('submit-fails')) throw new Error('deadlock detected while completing assessment');
      return completeAssessment(ctx.pool, current.id);
    }),
  );
}

/** What `fr:assessment-not-persisted` answers: a plausible 201 body with no row behind it. */
function phantomRow([consultantId, clientName, businessName, clientEmail, notes]: unknown[]): AssessmentRow {
  const now = new Date();
  return {
    id: randomUUID(),
    consultant_id: String(consultantId),
    client_name: String(clientName),
    business_name: String(businessName),
    client_email: String(clientEmail),
    notes: notes === null ? null : String(notes),
    status: 'draft',
    progress: '0.00',
    started_at: null,
    completed_at: null,
    created_at: now,
    updated_at: now,
  };
}
