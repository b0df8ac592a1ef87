import type { Status } from './types.ts';

/** pass < skipped < inconclusive < error < fail: the order `worst()` combines by. */
const RANK: Record<Status, number> = { pass: 0, skipped: 1, inconclusive: 2, error: 3, fail: 4 };

export function worst(statuses: Iterable<Status>): Status {
  let result: Status = 'pass';
  for (const s of statuses) if (RANK[s] > RANK[result]) result = s;
  return result;
}
