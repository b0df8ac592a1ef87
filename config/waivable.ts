import { CHECKS } from './checks.ts';

/**
 * Which single expectations of a check an environment may waive (`"<id>:<name>"` in `waive`),
 * from the app's profile as the environment has it. A check not listed here can only be
 * waived whole. Kept as data beside the catalogue so `waive` can be validated at load time.
 */
type ProfileView = { expected?: Record<string, unknown> };
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const tables = (p: ProfileView) => list(p.expected?.tables);

export const WAIVABLE: Record<string, (profile: ProfileView) => string[]> = {
  'fc.smoke.health': (p) => list(p.expected?.readyServices),
  'fr.smoke.registration': () => ['mail'],
  // `database`: the check's database part (no read-only URL on this run); otherwise "not verified".
  'fr.smoke.assessment-create': () => ['mail', 'database'],
  'fr.smoke.assessment-complete': () => ['database'],
  'fr.smoke.admin': () => ['database'],
  'fr.smoke.security-role': () => ['database'],
  'fr.deploy.seed': () => ['questions', 'admins'],
  'fr.deploy.schema': tables,
  'fc.deploy.schema': tables,
};

export const CHECK_IDS: readonly string[] = CHECKS.map((c) => c.id);
