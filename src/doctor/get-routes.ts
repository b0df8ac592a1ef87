import type { AppId } from '../core/types.ts';

/**
 * The routes the contract probe may call: reads only (GET), each with the account it needs
 * and the check that depends on it (for "or waive <check>"). Everything else writes or needs
 * an id a run would create, and is listed as not probed.
 */
export interface ProbeRoute {
  key: string;
  account: 'none' | 'smoke' | 'admin';
  check: string;
  /** What else the answer is read for, beyond its status (probe.ts `INSPECTIONS`). */
  inspect?: Inspection;
}

/** `readyServices`: each expected service connected; `questionCount`: the seeded questions; `meField`: the current user at responses.me. */
export type Inspection = 'readyServices' | 'questionCount' | 'meField';

/** The check a failed login (POST routes.login) would fail first, named in the hint to waive it. */
export const LOGIN_CHECK: Record<AppId, string> = {
  'financial-rise': 'fr.smoke.registration',
  flowcomply: 'fc.smoke.login',
};

export const PROBE_ROUTES: Record<AppId, ProbeRoute[]> = {
  'financial-rise': [
    { key: 'health', account: 'none', check: 'fr.smoke.health' },
    { key: 'assessments', account: 'smoke', check: 'fr.smoke.assessment-create' },
    { key: 'questions', account: 'smoke', check: 'fr.smoke.assessment-complete', inspect: 'questionCount' },
    { key: 'adminUsers', account: 'admin', check: 'fr.smoke.admin' },
    { key: 'adminAssessments', account: 'admin', check: 'fr.smoke.admin' },
    { key: 'adminAnalytics', account: 'admin', check: 'fr.smoke.admin' },
  ],
  flowcomply: [
    { key: 'health', account: 'none', check: 'fc.smoke.health' },
    { key: 'ready', account: 'none', check: 'fc.smoke.health', inspect: 'readyServices' },
    { key: 'me', account: 'smoke', check: 'fc.smoke.me', inspect: 'meField' },
    { key: 'dashboard', account: 'smoke', check: 'fc.smoke.dashboard' },
    { key: 'assets', account: 'smoke', check: 'fc.smoke.assets' },
    { key: 'system', account: 'admin', check: 'fc.smoke.db-metrics' },
    { key: 'queues', account: 'admin', check: 'fc.smoke.queues' },
    { key: 'metrics', account: 'admin', check: 'fc.smoke.db-metrics' },
  ],
};
