import type { QuestionOption, QuestionType } from './questions.ts';

/**
 * Turns questionnaire answers into what the reports print: a 0-100 readiness score per RISE
 * phase, the phase to work on first, and the client's DISC style. Pure.
 */
export interface ScoredQuestion {
  id: string;
  section: string;
  type: QuestionType;
  options: QuestionOption[];
}

export interface ScoredAnswer {
  questionId: string;
  value: unknown;
  notApplicable: boolean;
}

export interface Scores {
  sections: { section: string; score: number | null; answered: number }[];
  /** The weakest scored phase: where the consultant starts. */
  focusPhase: string | null;
  disc: 'Dominance' | 'Influence' | 'Steadiness' | 'Compliance' | null;
}

export const PHASES = ['stabilize', 'organize', 'build', 'grow', 'systemic'] as const;
const DISC = ['Dominance', 'Influence', 'Steadiness', 'Compliance'] as const;

/** 0-100 for one answer, or null when the answer carries no score (text, multiple choice). */
function answerScore(q: ScoredQuestion, value: unknown): number | null {
  if (q.type === 'scale') {
    const v = Number(value);
    return Number.isFinite(v) ? Math.round(((Math.min(5, Math.max(1, v)) - 1) / 4) * 100) : null;
  }
  if (q.type === 'single_choice' && q.options.length > 1) {
    // Options are listed best first.
    const i = q.options.findIndex((o) => String(o.value) === String(value));
    return i < 0 ? null : Math.round(((q.options.length - 1 - i) / (q.options.length - 1)) * 100);
  }
  return null;
}

export function scoreAssessment(questions: ScoredQuestion[], answers: ScoredAnswer[]): Scores {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const perSection = new Map<string, number[]>(PHASES.map((p) => [p, []]));
  const discVotes = [0, 0, 0, 0];
  for (const a of answers) {
    const q = byId.get(a.questionId);
    if (!q || a.notApplicable) continue;
    if (q.section === 'disc') {
      const i = q.options.findIndex((o) => String(o.value) === String(a.value));
      if (i >= 0 && i < 4) discVotes[i] += 1;
      continue;
    }
    const s = answerScore(q, a.value);
    if (s !== null) perSection.get(q.section)?.push(s);
  }
  const sections = PHASES.map((section) => {
    const xs = perSection.get(section) ?? [];
    return { section, answered: xs.length, score: xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null };
  });
  const scored = sections.filter((s) => s.score !== null);
  const focus = scored.reduce<(typeof sections)[number] | null>((min, s) => (!min || (s.score ?? 0) < (min.score ?? 0) ? s : min), null);
  const top = Math.max(...discVotes);
  return { sections, focusPhase: focus?.section ?? null, disc: top > 0 ? DISC[discVotes.indexOf(top)] : null };
}
