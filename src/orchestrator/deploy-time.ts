/**
 * "Since the deploy" for the gate step of `postflight deploy` / `rollback`: when the backend
 * service step of this deploy's journal started (the moment new code may begin to serve), read
 * from the journal's lines. Pure. The latest such step wins: after a rollback, its own revert.
 */
const BACKEND_STEP = /(^|[./-])backend$/;

export function deployTimeFromJournal(lines: readonly string[]): Date | undefined {
  let at: string | undefined;
  for (const line of lines) {
    try {
      const e = JSON.parse(line) as { event?: string; stepId?: string; at?: string };
      if (e.event === 'step-started' && typeof e.stepId === 'string' && BACKEND_STEP.test(e.stepId) && typeof e.at === 'string') at = e.at;
    } catch {
      /* a torn last line: the journal reader's concern, not this one's */
    }
  }
  const d = at ? new Date(at) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}
