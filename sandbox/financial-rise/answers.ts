import type { QuestionOption, QuestionType } from './questions.ts';

/**
 * Checks one answer against its question and returns the value to store. Lenient where the
 * meaning is unambiguous (a lone value for a multiple-choice question, "4" for a scale),
 * strict where it is not (an option the question does not offer).
 */
export interface AnswerQuestion {
  id: string;
  type: QuestionType;
  options: QuestionOption[];
}

export type AnswerCheck = { ok: true; value: unknown } | { ok: false; message: string };

const findOption = (q: AnswerQuestion, v: unknown): QuestionOption | undefined => q.options.find((o) => String(o.value) === String(v));

export function checkAnswer(q: AnswerQuestion, answer: { value?: unknown } | null | undefined, notApplicable = false): AnswerCheck {
  if (notApplicable) return { ok: true, value: null };
  const value = answer?.value;
  if (value === undefined || value === null || value === '') {
    return { ok: false, message: `${q.id}: answer.value is required unless notApplicable is true` };
  }
  const allowed = q.options.map((o) => String(o.value)).join(', ');
  switch (q.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 5000
        ? { ok: true, value }
        : { ok: false, message: `${q.id}: expects text of at most 5000 characters` };
    case 'single_choice':
    case 'scale': {
      const o = findOption(q, value);
      return o ? { ok: true, value: o.value } : { ok: false, message: `${q.id}: expects one of ${allowed}` };
    }
    case 'multiple_choice': {
      const picked = (Array.isArray(value) ? value : [value]).map((v) => findOption(q, v));
      return picked.length > 0 && picked.every(Boolean)
        ? { ok: true, value: picked.map((o) => o?.value) }
        : { ok: false, message: `${q.id}: expects a list of ${allowed}` };
    }
  }
}
