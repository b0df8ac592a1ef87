import type { Status } from './types.ts';

/** pass < waived < skipped < inconclusive < error < fail: the order `worst()` combines by. */
const RANK: Record<Status, number> = { pass: 0, waived: 1, skipped: 2, inconclusive: 3, error: 4, fail: 5 };

/**
 * The worst of some statuses. Nothing at all is `inconclusive`, never `pass`: combining no
 * measurement proves nothing (a caller with a legitimately empty list must say what it means).
 */
export function worst(statuses: Iterable<Status>): Status {
  let result: Status | undefined;
  for (const s of statuses) if (result === undefined || RANK[s] > RANK[result]) result = s;
  return result ?? 'inconclusive';
}
