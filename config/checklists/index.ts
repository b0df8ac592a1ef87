import type { AppId } from '../../src/core/types.ts';
import type { Checklist } from '../../src/config/checklist.ts';
import { financialRiseChecklist } from './financial-rise.ts';
import { flowcomplyChecklist } from './flowcomply.ts';

/** Each app's runbook checklist (config/checklists/<app>.ts), by app id. */
export const CHECKLISTS: Record<AppId, Checklist> = {
  'financial-rise': financialRiseChecklist,
  flowcomply: flowcomplyChecklist,
};
