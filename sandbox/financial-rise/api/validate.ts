import { z } from 'zod';
import { httpError } from './http.ts';

/**
 * Request shapes, validated at the edge. The first problem becomes the 400 message, worded
 * `field: problem` so a client knows what to fix.
 */
export function parse<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  throw httpError(400, `${field}: ${issue?.message ?? 'invalid'}`);
}

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'must be a valid email address' }));
const name = (max: number) => z.string().trim().min(1, { error: 'is required' }).max(max);

export const registerBody = z.object({
  email,
  password: z.string({ error: 'is required' }),
  first_name: name(100),
  last_name: name(100),
});

export const loginBody = z.object({
  email: z.string({ error: 'is required' }).trim().toLowerCase(),
  password: z.string({ error: 'is required' }),
});

export const createAssessmentBody = z.object({
  clientName: name(100),
  businessName: name(100),
  clientEmail: email,
  notes: z.string().max(5000).nullish(),
});

export const updateAssessmentBody = createAssessmentBody.partial().extend({
  status: z.enum(['draft', 'in_progress']).optional(),
});

export const listQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  status: z.enum(['draft', 'in_progress', 'completed']).optional(),
  search: z.string().trim().max(100).optional(),
});

const answerFields = {
  questionId: z.string().min(1).max(20),
  answer: z.object({ value: z.unknown() }).nullish(),
  notApplicable: z.boolean().optional(),
};

export const responseBody = z.object({ assessmentId: z.uuid({ error: 'must be an assessment id' }), ...answerFields });

/** The client page may send one answer or all of them at once. */
export const clientResponsesBody = z.union([
  z.object({ responses: z.array(z.object(answerFields)).min(1).max(100) }),
  z.object(answerFields).transform((r) => ({ responses: [r] })),
]);

export const generateBody = z.object({ assessmentId: z.uuid({ error: 'must be an assessment id' }) });
