import { rollbackMeaningOf, type RollbackMeaning } from '../../config/checks.ts';
import type { RollbackPolicy, RollbackProcedure } from '../config/app-profile.ts';
import type { CheckResult, RollbackAdvice } from '../core/types.ts';

/**
 * Which of the runbook's procedures to recommend, from the catalogue's rollback meaning of the
 * target-caused failures (config/checks.ts): only code failures -> the code procedure (A /
 * option 1), only data failures -> the data one (B / option 2), both -> the full one (C).
 * A rollback called for by metrics alone (error rate, degradation) is a code problem.
 * Pure; reads no id text: the meaning is recorded per check in the catalogue, and a result
 * that carries evidence of its own (`rollbackEvidence`: a schema compared with what was there
 * before the deploy) is preferred to it: restoring a snapshot cannot add columns that never existed.
 */

export type ProcedureKind = keyof RollbackPolicy['choice'];
type Failed = Pick<CheckResult, 'id' | 'rollbackEvidence'>;

/** The meaning of one failure: its own evidence first, else the catalogue's default. */
export function meaningOfFailure(r: Failed, meaningOf: (id: string) => RollbackMeaning = rollbackMeaningOf): RollbackMeaning {
  return r.rollbackEvidence?.meaning ?? meaningOf(r.id);
}

export function procedureKind(fails: readonly Failed[], meaningOf: (id: string) => RollbackMeaning = rollbackMeaningOf): ProcedureKind {
  const meanings = new Set(fails.map((r) => meaningOfFailure(r, meaningOf)));
  if (meanings.has('data')) return meanings.has('code') ? 'full' : 'data';
  return 'code';
}

export function procedureById(policy: RollbackPolicy, id: string): RollbackProcedure | undefined {
  return policy.procedures.find((p) => p.id === id);
}

/** The procedure fields of the verdict, and the reasons that come with the choice. */
export function chooseProcedure(
  policy: RollbackPolicy,
  fails: readonly Failed[],
  meaningOf: (id: string) => RollbackMeaning = rollbackMeaningOf,
): { advice: Pick<RollbackAdvice, 'procedure' | 'procedureTitle' | 'destructive'>; reasons: string[] } {
  const kind = procedureKind(fails, meaningOf);
  const id = policy.choice[kind];
  const procedure = procedureById(policy, id);
  // Evidence first: why a check's meaning differs from (or confirms) the catalogue's default.
  const reasons: string[] = fails.flatMap((r) => (r.rollbackEvidence?.reasons ?? []).map((why) => `${r.id}: ${why}`));
  const ids = (meaning: RollbackMeaning) =>
    fails
      .filter((r) => meaningOfFailure(r, meaningOf) === meaning)
      .map((r) => r.id)
      .join(', ');
  if (kind === 'data') reasons.push(`${ids('data')} failed: the database itself is wrong, so reverting code is not enough`);
  if (kind === 'full')
    reasons.push(`${ids('data')} (data) and ${ids('code')} (code) failed: both the database and the code are wrong, so the full procedure is recommended`);
  const name = procedure ? `${procedure.id} (${procedure.title})` : id;
  if (!procedure) reasons.push(`procedure ${id} is not described in the app profile: follow the runbook by hand`);
  if (procedure?.destructive) reasons.push(`${name} is destructive (it loses data written since the deploy): run it only with explicit confirmation`);
  if (procedure && !procedure.automatic) reasons.push(`${name} is never run automatically: a person runs it from the runbook (${procedure.runbookSection})`);
  return {
    advice: { procedure: id, ...(procedure ? { procedureTitle: procedure.title, destructive: procedure.destructive } : {}) },
    reasons,
  };
}
