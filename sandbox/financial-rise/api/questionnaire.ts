import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { QuestionOption, QuestionType } from '../questions.ts';
import { findOwnedAssessment, saveAnswers } from './assessment-store.ts';
import { authed, type ApiContext } from './context.ts';
import { parse, responseBody } from './validate.ts';

export interface PublicQuestion {
  id: string;
  section: string;
  text: string;
  type: QuestionType;
  options: QuestionOption[];
  required: boolean;
  order: number;
}

/** The questionnaire as both the consultant and the client link serve it. */
export async function loadQuestions(pool: pg.Pool): Promise<{ questions: PublicQuestion[]; meta: { totalQuestions: number } }> {
  const { rows } = await pool.query<PublicQuestion>(
    'SELECT id, section, text, type, options, required, display_order AS "order" FROM questions ORDER BY display_order, id',
  );
  return { questions: rows, meta: { totalQuestions: rows.length } };
}

/** /questionnaire: the questions, and the consultant answering on the client's behalf. */
export function questionnaireRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/questionnaire/questions',
    authed(ctx, async () => loadQuestions(ctx.pool)),
  );

  app.post(
    '/questionnaire/responses',
    authed(ctx, async (request, reply, user) => {
      const body = parse(responseBody, request.body);
      const assessment = await findOwnedAssessment(ctx.pool, body.assessmentId, user.id);
      const { saved, progress } = await saveAnswers(ctx.pool, assessment, [body], 'consultant');
      return reply.code(201).send({ ...saved[0], progress });
    }),
  );
}
