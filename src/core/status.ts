import type { Status } from './types.ts';

/** pass < waived < skipped < inconclusive < error < fail: the order `worst()` combines by. */
const RANK: Record<Status, number> = { pass: 0, waived: 1, skipped: 2, inconclusive: 3, error: 4, fail: 5 };

export function worst(statuses: Iterable<Status>): Status {
  let result: Status = 'pass';
  for (const s of statuses) if (RANK[s] > RANK[result]) result = s;
  return result;
}
