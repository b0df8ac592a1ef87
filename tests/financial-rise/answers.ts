/** A valid answer for a questionnaire question of any contract type. */
export function answerFor(q: { type: string; options?: Array<{ value: unknown }> }): unknown {
  const first = q.options?.[0]?.value;
  switch (q.type) {
    case 'single_choice':
      return first ?? 'yes';
    case 'multiple_choice':
      return first !== undefined ? [first] : [];
    case 'scale':
      return first ?? 3;
    default:
      return 'Answered by the postflight smoke run';
  }
}
