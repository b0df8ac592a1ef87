import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { linkIsValid, signLink } from '../signed-links.ts';
import { findOwnedAssessment } from './assessment-store.ts';
import { authed, uuidParam, type ApiContext } from './context.ts';
import { httpError } from './http.ts';
import { generateBody, parse } from './validate.ts';

interface ReportRow {
  id: string;
  assessment_id: string;
  report_type: 'consultant' | 'client';
  status: 'generating' | 'completed' | 'failed';
  file_path: string | null;
  file_size_bytes: number | null;
  generated_at: Date | null;
  error: string | null;
  business_name: string;
}

/** /reports: asynchronous generation (202), status polling, and short-lived download links. */
export function reportRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const ownedReport = async (id: string, userId: string): Promise<ReportRow> => {
    const { rows } = await ctx.pool.query<ReportRow>(
      `SELECT r.*, a.business_name FROM reports r JOIN assessments a ON a.id = r.assessment_id
        WHERE r.id = $1 AND a.consultant_id = $2 AND a.deleted_at IS NULL`,
      [id, userId],
    );
    if (!rows[0]) throw httpError(404, 'Report not found');
    return rows[0];
  };

  app.post(
    '/reports/generate/:type',
    authed(ctx, async (request, reply, user) => {
      const type = (request.params as { type: string }).type;
      if (type !== 'consultant' && type !== 'client') throw httpError(404, `Unknown report type "${type}" (consultant or client)`);
      const { assessmentId } = parse(generateBody, request.body);
      const assessment = await findOwnedAssessment(ctx.pool, assessmentId, user.id);
      if (assessment.status !== 'completed') throw httpError(400, 'Assessment must be completed before generating reports');
      const { rows } = await ctx.pool.query<{ id: string }>('INSERT INTO reports (assessment_id, report_type) VALUES ($1, $2) RETURNING id', [
        assessment.id,
        type,
      ]);
      ctx.reports.schedule(rows[0].id);
      return reply.code(202).send({ reportId: rows[0].id, status: 'generating', estimatedCompletionTime: 5 });
    }),
  );

  app.get(
    '/reports/status/:id',
    authed(ctx, async (request, _reply, user) => {
      const r = await ownedReport(uuidParam(request, 'id', 'Report'), user.id);
      return {
        reportId: r.id,
        assessmentId: r.assessment_id,
        reportType: r.report_type,
        status: r.status,
        fileUrl: r.status === 'completed' ? `${ctx.urls.api}/api/v1/reports/download/${r.id}` : null,
        fileSizeBytes: r.file_size_bytes,
        generatedAt: r.generated_at,
        error: r.error,
      };
    }),
  );

  app.get(
    '/reports/download/:id',
    authed(ctx, async (request, _reply, user) => {
      const r = await ownedReport(uuidParam(request, 'id', 'Report'), user.id);
      if (r.status === 'generating') throw httpError(409, 'Report is still generating; poll /reports/status/:id');
      if (r.status === 'failed') throw httpError(409, `Report generation failed: ${r.error ?? 'unknown error'}`);
      const { expires, signature } = signLink(ctx.linkSecret, r.id, Date.now());
      return {
        url: `${ctx.urls.api}/api/v1/reports/files/${r.id}?expires=${expires}&signature=${signature}`,
        expiresAt: new Date(expires).toISOString(),
      };
    }),
  );

  // The link itself is the credential (no bearer): a browser can open it directly.
  app.get('/reports/files/:id', async (request, reply) => {
    const id = uuidParam(request, 'id', 'Report');
    const q = request.query as { expires?: string; signature?: string };
    if (!linkIsValid(ctx.linkSecret, id, Number(q.expires), String(q.signature ?? ''), Date.now())) {
      throw httpError(403, 'Download link is invalid or has expired; request a new one from /reports/download/:id');
    }
    const { rows } = await ctx.pool.query<ReportRow>(
      `SELECT r.*, a.business_name FROM reports r JOIN assessments a ON a.id = r.assessment_id WHERE r.id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r?.file_path || r.status !== 'completed') throw httpError(404, 'Report not found');
    const bytes = await readFile(r.file_path).catch(() => {
      throw httpError(404, 'Report file is missing from the report store');
    });
    const name = `${r.business_name.replace(/[^A-Za-z0-9]+/g, '-')}-${r.report_type}-report.pdf`;
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(bytes);
  });
}
