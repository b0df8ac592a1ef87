/**
 * A watch notifies a change of state, not every round: the first NO-GO round ("failure") and the
 * first round after it that is no longer NO-GO ("recovery"). A round that could not measure
 * (INCONCLUSIVE) neither starts nor ends a failure on its own... except that leaving NO-GO for
 * INCONCLUSIVE is a recovery of what was measured, said as such. Pure.
 */
import type { Decision } from '../core/types.ts';

export type Transition = 'failure' | 'recovery' | undefined;

export function transition(wasFailing: boolean, decision: Decision): Transition {
  const failing = decision === 'NO-GO';
  if (failing && !wasFailing) return 'failure';
  if (!failing && wasFailing) return 'recovery';
  return undefined;
}

export interface RoundSummary {
  app: string;
  appName: string;
  env: string;
  round: number;
  decision: Decision;
  /** Check ids that failed (target) in this round. */
  failing: string[];
  /** Check ids that could not be measured. */
  unmeasured: string[];
  /** The round's run folder. */
  folder: string;
}

/** Slack-compatible incoming-webhook body: `text` for every client, `blocks` for Slack. */
export function notification(kind: Exclude<Transition, undefined>, r: RoundSummary): { text: string; blocks: unknown[] } {
  const head =
    kind === 'failure'
      ? `:red_circle: ${r.appName} (${r.env}) watch: NO-GO in round ${r.round} — failing: ${r.failing.join(', ') || 'none named'}`
      : `:large_green_circle: ${r.appName} (${r.env}) watch: recovered in round ${r.round} — now ${r.decision}${r.unmeasured.length ? ` (not measured: ${r.unmeasured.join(', ')})` : ''}`;
  const text = `${head}\nevidence: ${r.folder}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: head } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `decision *${r.decision}* · evidence \`${r.folder}\`` }] },
    ],
  };
}
