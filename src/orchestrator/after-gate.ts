import type { Decision, RollbackRecommendation } from '../core/types.ts';

/**
 * What a deploy does after its gate, from the verdict alone (pure, table-tested):
 * GO ends it; INCONCLUSIVE never rolls back by itself and never counts as GO; NO-GO rolls back
 * automatically only when the operator asked (`--auto-rollback`), the verdict says `immediate`
 * and the procedure loses no data (Financial RISE A, FlowComply option 1). Otherwise a person
 * at a terminal is asked, and CI (no terminal) gets the exact rollback command and exit 1.
 */

export type AfterGate =
  | { action: 'done'; exit: 0 | 1 | 2; why: string }
  | { action: 'rollback'; why: string }
  | { action: 'ask'; why: string }
  | { action: 'print'; exit: 1 | 2; why: string };

export interface AfterGateInput {
  decision: Decision;
  recommendation: RollbackRecommendation;
  /** The procedure the verdict names, and whether the profile marks it destructive / automatic. */
  procedure?: { id: string; destructive: boolean; automatic: boolean };
  autoRollback: boolean;
  /** stdin and stdout are a terminal and CI is not set. */
  interactive: boolean;
}

export function afterGate(i: AfterGateInput): AfterGate {
  if (i.decision === 'GO') return { action: 'done', exit: 0, why: 'the gate said GO: the release stays' };
  if (i.decision === 'INCONCLUSIVE') {
    return {
      action: 'print',
      exit: 2,
      why: 'the gate could not decide (INCONCLUSIVE): nothing is rolled back automatically and this is not GO; fix what the gate could not measure and verify again, or roll back by hand',
    };
  }
  const p = i.procedure;
  if (!p) return { action: 'print', exit: 1, why: 'NO-GO, and the verdict names no rollback procedure: choose one from the runbook' };
  if (!p.automatic) return { action: 'print', exit: 1, why: `NO-GO; procedure ${p.id} is not automatic: follow the runbook` };
  if (p.destructive)
    return {
      action: 'print',
      exit: 1,
      why: `NO-GO; procedure ${p.id} restores the database (loses data written since the snapshot): it is never run automatically`,
    };
  if (i.autoRollback && i.recommendation === 'immediate')
    return { action: 'rollback', why: `NO-GO with an immediate rollback recommendation: --auto-rollback runs procedure ${p.id}` };
  if (i.interactive) return { action: 'ask', why: `NO-GO (rollback ${i.recommendation}): roll back with procedure ${p.id}?` };
  return {
    action: 'print',
    exit: 1,
    why: i.autoRollback
      ? `NO-GO, but the recommendation is "${i.recommendation}", not "immediate": not rolled back automatically`
      : 'NO-GO: not rolled back (no --auto-rollback, no terminal to ask)',
  };
}
