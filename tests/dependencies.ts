/**
 * Which smoke check needs which other check to have held first, as data. A check whose
 * prerequisite failed (or was itself skipped) is `skipped` and names the prerequisite, so one
 * cause gives one failure, and a dead target costs one timeout instead of one per check.
 *
 * A prerequisite is a check id, or `<check id>#<step>` when only one step of that check is
 * needed. Health: `#answers` / `#ready` (the app is up), not every field of its health body as
 * our contract words it: a drifted health body is health's own failure, not everyone's.
 * Smoke 3 ends by logging in: Smoke 4 and 7 need that login, not the verification
 * email before it. A step counts only when the check recorded it (`gate.step`); a check that
 * stopped before reaching the step blocks nobody.
 *
 * Playwright runs files in name order, so spec files are named in run order (`1-health...`)
 * and a prerequisite always runs before its dependents (selftest/dependencies.test.ts checks it).
 */
export const PREREQUISITES: Readonly<Record<string, readonly string[]>> = {
  // Financial RISE: Smoke 1 -> 3 -> 4 -> 5 -> 6, and 7. The front end is served apart from the API.
  'fr.smoke.registration': ['fr.smoke.health#answers'],
  'fr.smoke.assessment-create': ['fr.smoke.health#answers', 'fr.smoke.registration#login'],
  'fr.smoke.assessment-complete': ['fr.smoke.assessment-create'],
  'fr.smoke.reports': ['fr.smoke.assessment-complete'],
  'fr.smoke.admin': ['fr.smoke.health#answers', 'fr.smoke.registration#login'],
  // Security smoke: every probe talks to the API; a dead API is one failure (health), not five.
  'fr.smoke.security-role': ['fr.smoke.health#answers'],
  // These two log in (the admin; the run's own account): a broken login is Smoke 3's one failure.
  'fr.smoke.security-secrets': ['fr.smoke.health#answers', 'fr.smoke.registration#login'],
  // Needs the protected route to exist: the admin's own 404 (Smoke 7's `routes` step) is one
  // failure there, not a second one here (an anonymous request to a missing route answers 404).
  'fr.smoke.security-authz': ['fr.smoke.health#answers', 'fr.smoke.admin#routes'],
  'fr.smoke.security-password': ['fr.smoke.health#answers', 'fr.smoke.registration#login'],
  'fr.smoke.security-cors': ['fr.smoke.health#answers'],
  // FlowComply: 5.1 health -> 5.2 login -> everything that calls the API as a user or admin.
  'fc.smoke.login': ['fc.smoke.health#ready'],
  'fc.smoke.auth-negative': ['fc.smoke.health#ready'],
  'fc.smoke.me': ['fc.smoke.login'],
  'fc.smoke.dashboard': ['fc.smoke.login'],
  'fc.smoke.assets': ['fc.smoke.login'],
  'fc.smoke.db-metrics': ['fc.smoke.login'],
  'fc.smoke.queues': ['fc.smoke.login'],
  'fc.smoke.security-role': ['fc.smoke.health#ready'],
  // Scans what the smoke user and the admin see: it needs their logins.
  'fc.smoke.security-secrets': ['fc.smoke.health#ready', 'fc.smoke.login'],
  // The forged tokens are tried on the queues route: the admin's own 404 there is 5.4's failure.
  'fc.smoke.security-authz': ['fc.smoke.health#ready', 'fc.smoke.queues#routes'],
  'fc.smoke.security-cors': ['fc.smoke.health#ready'],
};

/**
 * The check (or `<check>#<step>`) whose success means a valid account logged in earlier in the
 * run: a refused login of the gate's own account is checked against it before the gate's
 * credentials are blamed (tests/fixtures/second-login.ts), at no extra login.
 */
export const LOGIN_HELD_BY = {
  'financial-rise': 'fr.smoke.registration#login',
  flowcomply: 'fc.smoke.login',
} as const;

/**
 * The check whose registered account the security smoke's role and password probes use: when
 * it registered none they skip, naming it (verdict/silent-skips.ts judges whether that skip
 * stands behind a failure of this run).
 */
export const SIGNUP_PREREQUISITE = 'fr.smoke.registration';

/** What a check's latest attempt ended as, plus the steps it recorded on the way. */
export interface Outcome {
  status: 'pass' | 'fail' | 'skipped';
  steps?: Record<string, boolean>;
}

/** A Status as an Outcome: anything that did not pass or skip blocks its dependents. */
export function outcomeOf(status: string): Outcome['status'] {
  return status === 'pass' || status === 'passed' ? 'pass' : status === 'skipped' ? 'skipped' : 'fail';
}

/** Why a check must not run: the failing root prerequisite, and the direct one when different. */
export interface Blocker {
  root: string;
  via?: string;
  step?: string;
}

function parse(prerequisite: string): { id: string; step?: string } {
  const [id, step] = prerequisite.split('#');
  return step ? { id, step } : { id };
}

/**
 * Pure: the prerequisite that blocks `id`, following skipped prerequisites to the check that
 * really failed; undefined when every prerequisite held or has not run yet.
 */
export function blockedBy(id: string, outcomes: ReadonlyMap<string, Outcome>, map = PREREQUISITES, depth = 0): Blocker | undefined {
  if (depth > 20) return undefined; // a cycle in the data; the self-test forbids it
  for (const prerequisite of map[id] ?? []) {
    const { id: pid, step } = parse(prerequisite);
    const outcome = outcomes.get(pid);
    if (!outcome) continue;
    if (step) {
      if (outcome.steps?.[step] === false) return { root: pid, step };
      continue;
    }
    if (outcome.status === 'fail') return { root: pid };
    if (outcome.status === 'skipped') {
      const upstream = blockedBy(pid, outcomes, map, depth + 1);
      return upstream ? { root: upstream.root, via: pid, ...(upstream.step ? { step: upstream.step } : {}) } : { root: pid };
    }
  }
  return undefined;
}

/** The one-line message of a check skipped behind `blocker`. */
export function skipMessage(blocker: Blocker): string {
  const what = blocker.step ? `${blocker.root} failed at its ${blocker.step} step` : `${blocker.root} failed`;
  return `skipped: prerequisite ${what}${blocker.via ? ` (via ${blocker.via})` : ''}`;
}

/** Every check id the map names, for the self-test's "is it in the catalogue" check. */
export function mentionedIds(map = PREREQUISITES): string[] {
  return [...new Set(Object.entries(map).flatMap(([id, list]) => [id, ...list.map((p) => parse(p).id)]))];
}
