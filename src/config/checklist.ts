import type { AppId } from '../core/types.ts';

/**
 * The runbook's own checklist as data, line for line and in runbook order, so the report can
 * show the meeting every line (not only the ones the gate automates) and say for each who
 * answers it: catalogue checks (`by` lists their ids), a person (`manual`: open until a
 * sign-off names the item id), or nobody yet (`not-covered`).
 */

export type ChecklistOwner = readonly string[] | 'manual' | 'not-covered';

export interface ChecklistItem {
  /** Stable id; sign-offs name it (`postflight signoff --item <id>`). */
  id: string;
  /** The runbook heading the line is under, e.g. "Smoke Test Checklist". */
  section: string;
  /** The runbook line as written (without the "- [ ]"). */
  text: string;
  by: ChecklistOwner;
}

export interface Checklist {
  app: AppId;
  runbook: string;
  /**
   * Runbook headings (text after the #s) whose `- [ ]` lines must all be here: the self-test
   * reads the runbook and fails on any line missing from `items`.
   */
  coversHeadings: readonly string[];
  items: readonly ChecklistItem[];
}

export const isAutomated = (by: ChecklistOwner): by is readonly string[] => Array.isArray(by);

export function defineChecklist(c: Checklist): Checklist {
  const ids = new Set<string>();
  for (const item of c.items) {
    if (ids.has(item.id)) throw new Error(`checklist ${c.app}: item id ${item.id} appears twice`);
    ids.add(item.id);
  }
  return c;
}
