import type pg from 'pg';
import { checkAnswer, type AnswerQuestion } from '../answers.ts';
import { httpError } from './http.ts';

/**
 * The assessment queries shared by the consultant routes and the client link. The client
 * token is never selected here: it travels only in the invitation email.
 */
export const ASSESSMENT_COLUMNS = `id, consultant_id, client_name, business_name, client_email, notes, status, progress,
  started_at, completed_at, created_at, updated_at`;

export interface AssessmentRow {
  id: string;
  consultant_id: string;
  client_name: string;
  business_name: string;
  client_email: string;
  notes: string | null;
  status: 'draft' | 'in_progress' | 'completed';
  progress: string;
  started_at: Date | null;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Owner only: another consultant's assessment answers 404, as if it did not exist. */
export async function findOwnedAssessment(pool: pg.Pool, id: string, consultantId: string): Promise<AssessmentRow> {
  const { rows } = await pool.query<AssessmentRow>(
    `SELECT ${ASSESSMENT_COLUMNS} FROM assessments WHERE id = $1 AND consultant_id = $2 AND deleted_at IS NULL`,
    [id, consultantId],
  );
  if (!rows[0]) throw httpError(404, 'Assessment not found');
  return rows[0];
}

export async function findByClientToken(pool: pg.Pool, token: string): Promise<AssessmentRow> {
  const { rows } = await pool.query<AssessmentRow>(`SELECT ${ASSESSMENT_COLUMNS} FROM assessments WHERE client_token = $1 AND deleted_at IS NULL`, [token]);
  if (!rows[0]) throw httpError(404, 'Assessment link not found or expired');
  return rows[0];
}

export interface AnswerInput {
  questionId: string;
  answer?: { value?: unknown } | null;
  notApplicable?: boolean;
}

export interface SavedAnswer {
  id: string;
  assessment_id: string;
  question_id: string;
  answer: { value: unknown } | null;
  not_applicable: boolean;
  answered_by: string;
  created_at: Date;
  updated_at: Date;
}

/**
 * Validates and upserts answers in one transaction, then recomputes progress; the first
 * answer moves a draft to in_progress.
 */
export async function saveAnswers(
  pool: pg.Pool,
  assessment: AssessmentRow,
  inputs: AnswerInput[],
  answeredBy: 'consultant' | 'client',
): Promise<{ saved: SavedAnswer[]; progress: string }> {
  if (assessment.status === 'completed') throw httpError(400, 'Assessment is already completed');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const ids = inputs.map((i) => i.questionId);
    const { rows: questions } = await client.query<AnswerQuestion>('SELECT id, type, options FROM questions WHERE id = ANY($1)', [ids]);
    const byId = new Map(questions.map((q) => [q.id, q]));
    const saved: SavedAnswer[] = [];
    for (const input of inputs) {
      const q = byId.get(input.questionId);
      if (!q) throw httpError(400, `questionId: unknown question ${input.questionId}`);
      const check = checkAnswer(q, input.answer, input.notApplicable);
      if (!check.ok) throw httpError(400, check.message);
      const { rows } = await client.query<SavedAnswer>(
        `INSERT INTO assessment_responses (assessment_id, question_id, answer, not_applicable, answered_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (assessment_id, question_id)
           DO UPDATE SET answer = $3, not_applicable = $4, answered_by = $5, updated_at = now()
         RETURNING id, assessment_id, question_id, answer, not_applicable, answered_by, created_at, updated_at`,
        [assessment.id, q.id, check.value === null ? null : JSON.stringify({ value: check.value }), Boolean(input.notApplicable), answeredBy],
      );
      saved.push(rows[0]);
    }
    const { rows } = await client.query<{ progress: string }>(
      `UPDATE assessments SET
         progress = LEAST(100, ROUND(100.0 * (SELECT COUNT(*) FROM assessment_responses r JOIN questions q ON q.id = r.question_id
                                              WHERE r.assessment_id = $1) / GREATEST(1, (SELECT COUNT(*) FROM questions)), 2)),
         status = CASE WHEN status = 'draft' THEN 'in_progress' ELSE status END,
         started_at = COALESCE(started_at, now()), updated_at = now()
       WHERE id = $1 RETURNING progress`,
      [assessment.id],
    );
    await client.query('COMMIT');
    return { saved, progress: rows[0].progress };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export async function completeAssessment(pool: pg.Pool, id: string): Promise<AssessmentRow> {
  const { rows } = await pool.query<AssessmentRow>(
    `UPDATE assessments SET status = 'completed', completed_at = COALESCE(completed_at, now()),
       started_at = COALESCE(started_at, now()), updated_at = now()
     WHERE id = $1 RETURNING ${ASSESSMENT_COLUMNS}`,
    [id],
  );
  return rows[0];
}
