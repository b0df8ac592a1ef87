/**
 * Which records a gate run left behind, decided from the tags the run put on them (pure).
 * Cleanup deletes data in a real deployment, so a record counts as ours only when every tag
 * agrees: a run id of the shape `makeRunId` writes, in the name the producing code uses, and
 * (where the record has one) a `pf-<same run id>-<label>@<mail domain>` address. A customer
 * called "Postflight Partners" or a record naming a different run in its email is not ours.
 *
 * The producers these rules mirror:
 * - Smoke 4 (tests/financial-rise/4-assessment-flow.spec.ts): business `Postflight Smoke Business <runId>`,
 *   client `pf-<runId>-client@<mailDomain>`.
 * - perf API latency (src/checks/perf/assessment-setup.ts): business `Postflight run <runId>`,
 *   client `pf-<runId>-<label>@<mailDomain>` (labels `perf-1`, `report`, ...).
 * - Smoke 3 (tests/financial-rise/3-registration.spec.ts): account `pf-<runId>-signup@<mailDomain>`.
 * - FlowComply data (none today): asset names starting with `postflight-`.
 */

/** `20261125-071200-ab12` (src/evidence/run-folder.ts makeRunId): UTC date, time, random hex. */
const RUN_ID = String.raw`\d{8}-\d{6}-[0-9a-f]{4}`;
const BUSINESS_NAMES: { source: LeftoverSource; pattern: RegExp }[] = [
  { source: 'smoke', pattern: new RegExp(`^Postflight Smoke Business (${RUN_ID})$`) },
  { source: 'perf', pattern: new RegExp(`^Postflight run (${RUN_ID})$`) },
];
export const ASSET_PREFIX = 'postflight-';

export type LeftoverSource = 'smoke' | 'perf' | 'registration' | 'asset';

export interface Tag {
  source: LeftoverSource;
  /** The run that made the record; absent only for assets named without one. */
  runId?: string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `pf-<runId>-<label>@<domain>` -> { runId, label }, case-insensitive (addresses are stored lowercased). */
export function runAddressParts(email: unknown, mailDomain: string): { runId: string; label: string } | undefined {
  if (typeof email !== 'string') return undefined;
  const m = new RegExp(`^pf-(${RUN_ID})-([a-z0-9-]+)@${escape(mailDomain.toLowerCase())}$`).exec(email.trim().toLowerCase());
  return m ? { runId: m[1], label: m[2] } : undefined;
}

/** A Financial RISE assessment made by a run: its business name and client email both say so. */
export function assessmentTag(a: { business_name?: unknown; client_email?: unknown }, mailDomain: string): Tag | undefined {
  if (typeof a.business_name !== 'string') return undefined;
  for (const { source, pattern } of BUSINESS_NAMES) {
    const runId = pattern.exec(a.business_name)?.[1];
    if (!runId) continue;
    return runAddressParts(a.client_email, mailDomain)?.runId === runId ? { source, runId } : undefined;
  }
  return undefined;
}

/** The one account Smoke 3 registers per run. */
export function accountTag(email: unknown, mailDomain: string): Tag | undefined {
  const parts = runAddressParts(email, mailDomain);
  return parts?.label === 'signup' ? { source: 'registration', runId: parts.runId } : undefined;
}

/** A FlowComply asset named `postflight-...`; the run id is read from the name when there is one. */
export function assetTag(name: unknown): Tag | undefined {
  if (typeof name !== 'string' || !name.startsWith(ASSET_PREFIX)) return undefined;
  const runId = new RegExp(`^${ASSET_PREFIX}(${RUN_ID})(?:-|$)`).exec(name)?.[1];
  return { source: 'asset', ...(runId ? { runId } : {}) };
}

/** When the run started, from its id (UTC), or undefined for a malformed id. */
export function runIdTime(runId: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-/.exec(runId);
  if (!m) return undefined;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/**
 * `--older-than`: skip what a run still in progress may be using. The age is the run's start
 * (from its id), else the record's own creation time; a record whose age cannot be told is
 * kept when a minimum age was asked for (deleting a live run's data is the worse mistake).
 */
export function oldEnough(tag: Tag, createdAt: unknown, olderThanMinutes: number, now: Date): boolean {
  if (olderThanMinutes <= 0) return true;
  const since =
    (tag.runId ? runIdTime(tag.runId) : undefined) ?? (typeof createdAt === 'string' || createdAt instanceof Date ? new Date(createdAt) : undefined);
  if (!since || Number.isNaN(since.getTime())) return false;
  return now.getTime() - since.getTime() >= olderThanMinutes * 60_000;
}

/** One record to clean, described for the console without anything secret in it. */
export interface Leftover {
  kind: 'assessment' | 'account' | 'asset';
  id: string;
  /** What a person would recognise: name and address (test addresses, never an account's secret). */
  label: string;
  tag: Tag;
}

/** Picks ours out of a listing: tagged, and old enough. */
export function selectLeftovers<T>(
  items: readonly T[],
  describe: (item: T) => { tag: Tag | undefined; createdAt?: unknown; leftover: Omit<Leftover, 'tag'> },
  olderThanMinutes: number,
  now: Date,
): Leftover[] {
  const picked: Leftover[] = [];
  for (const item of items) {
    const { tag, createdAt, leftover } = describe(item);
    if (tag && oldEnough(tag, createdAt, olderThanMinutes, now)) picked.push({ ...leftover, tag });
  }
  return picked;
}
