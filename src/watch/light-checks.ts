/**
 * The light checks a watch round re-runs: cheap, read-only, within the target's request budget
 * (no registration, no assessment, no load). Data: catalogue ids (config/checks.ts), and the
 * smoke spec files that produce the smoke ones (Playwright filters by file).
 */
import type { AppId } from '../core/types.ts';

export interface LightChecks {
  /** Produced by the Playwright smoke suites (the files in `specFilters`). */
  smoke: string[];
  specFilters: string[];
  /** Produced in-process after the suites: new error lines in the app's logs since the last round. */
  logs: string[];
  /** Produced by the monitoring runner (CloudWatch alarms, log errors, ALB p95, and the runbooks' 5xx-rate and slowdown rollback bands since the deploy). */
  monitoring: string[];
}

export const LIGHT_CHECKS: Record<AppId, LightChecks> = {
  'financial-rise': {
    smoke: ['fr.smoke.health', 'fr.smoke.frontend'],
    specFilters: ['financial-rise/1-health', 'financial-rise/2-frontend'],
    logs: ['fr.smoke.logs-clean'],
    monitoring: ['fr.mon.alarms', 'fr.mon.error-rate', 'fr.mon.slowdown'],
  },
  flowcomply: {
    smoke: ['fc.smoke.health', 'fc.smoke.frontend', 'fc.smoke.queues'],
    specFilters: ['flowcomply/1-health', 'flowcomply/2-frontend', 'flowcomply/5-monitoring'],
    logs: [],
    monitoring: ['fc.mon.alarms', 'fc.mon.log-errors', 'fc.mon.alb-p95', 'fc.mon.error-rate'],
  },
};

export const lightIds = (app: AppId): string[] => [...LIGHT_CHECKS[app].smoke, ...LIGHT_CHECKS[app].logs, ...LIGHT_CHECKS[app].monitoring];
