/**
 * The accounts gate runs create (`pf-<run id>-<label>@<mail domain>`, src/apps/suite-context.ts
 * runAddress), recognisable in the app's own data so that counts of the deployment's users and
 * admins (the seed check, Smoke 7) leave them out: a probe's leftover admin must never make a
 * deployment without a real admin look seeded. Cleanup uses the same run-id shape.
 */

/** `20261125-071200-ab12` (src/evidence/run-folder.ts makeRunId): UTC date, time, random hex. */
export const RUN_ID = String.raw`\d{8}-\d{6}-[0-9a-f]{4}`;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A PostgreSQL regular expression (`email ~* $1`) matching the addresses gate runs create. */
export function runAccountPattern(mailDomain: string): string {
  return `^pf-${RUN_ID}-[a-z0-9-]+@${escape(mailDomain.toLowerCase())}$`;
}
