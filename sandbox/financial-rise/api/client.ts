import type { FastifyInstance, FastifyRequest } from 'fastify';
import { completeAssessment, findByClientToken, saveAnswers } from './assessment-store.ts';
import type { ApiContext } from './context.ts';
import { httpError } from './http.ts';
import { loadQuestions } from './questionnaire.ts';
import { clientResponsesBody, parse } from './validate.ts';

/**
 * /client/:token: the client's unique link. No account: the unguessable token from the
 * invitation email is the credential, so it is checked on every call.
 */
const tokenOf = (request: FastifyRequest): string => {
  const token = (request.params as { token?: string }).token ?? '';
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) throw httpError(404, 'Assessment link not found or expired');
  return token;
};

export function clientRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/client/:token/questions', async (request) => {
    const a = await findByClientToken(ctx.pool, tokenOf(request));
    const { rows: responses } = await ctx.pool.query('SELECT question_id, answer, not_applicable FROM assessment_responses WHERE assessment_id = $1', [a.id]);
    const { questions, meta } = await loadQuestions(ctx.pool);
    return {
      assessment: { id: a.id, client_name: a.client_name, business_name: a.business_name, status: a.status, progress: a.progress },
      questions,
      responses,
      meta: { ...meta, answered: responses.length },
    };
  });

  app.post('/client/:token/responses', async (request, reply) => {
    const a = await findByClientToken(ctx.pool, tokenOf(request));
    const body = parse(clientResponsesBody, request.body);
    const { saved, progress } = await saveAnswers(ctx.pool, a, body.responses, 'client');
    return reply.code(201).send({ saved: saved.length, progress, status: a.status === 'draft' ? 'in_progress' : a.status });
  });

  app.post('/client/:token/submit', async (request) => {
    const a = await findByClientToken(ctx.pool, tokenOf(request));
    if (ctx.faults.on('submit-fails')) throw new Error('deadlock detected while completing assessment');
    const done = await completeAssessment(ctx.pool, a.id);
    return {
      id: done.id,
      status: done.status,
      progress: done.progress,
      completed_at: done.completed_at,
      message: 'Thank you. Your assessment has been submitted to your consultant.',
    };
  });
}
