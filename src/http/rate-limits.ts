/**
 * A target's known rate limits, as data (profile `rateLimits`, overridable per environment as
 * `apps.<app>.contract.rateLimits.<id>`), and the pure arithmetic of a request budget: which
 * limits a request counts against, how long to wait before it fits, what a run spent.
 * The I/O (the shared ledger, sleeping, logging) is in request-budget.ts.
 */

import type { RateLimit, RateLimits } from '../config/app-profile.ts';

export type { RateLimit, RateLimits };

/** One request the gate sent (or is about to send), as the ledger keeps it. */
export interface Spend {
  /** Epoch ms. */
  t: number;
  /** `POST /api/v1/auth/login` (path without query). */
  request: string;
  /** The run (or `doctor-...`) that spent it. */
  run: string;
  /** How many requests this line stands for (the load engine's, recorded in one line); default 1. */
  n?: number;
}

const countOf = (s: Spend) => s.n ?? 1;

/** Pure: the path of a route pattern as a regex (`/assessments/:id` matches `/assessments/42`). */
function routeRegex(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

/** Pure: does `request` (`METHOD /path`) count against `limit`? `paths`: the profile's route paths by key. */
export function counts(limit: RateLimit, request: string, paths: Record<string, string>): boolean {
  const [method, rawPath = ''] = request.split(' ');
  if (limit.method && limit.method.toUpperCase() !== method?.toUpperCase()) return false;
  if (limit.routes.includes('*')) return true;
  const path = rawPath.split('?')[0] ?? '';
  return limit.routes.some((key) => paths[key] !== undefined && routeRegex(paths[key]!).test(path));
}

/** Pure: the bucket a request falls into for one limit (per-route limits keep routes apart). */
function bucketOf(limit: RateLimit, request: string): string {
  return limit.perRoute ? request.split('?')[0]! : '*';
}

/**
 * Pure: how long `request` must wait, at `now`, so that no limit it counts against is exceeded
 * (the ledger's spends are sorted by time). A sliding window is never more permissive than the
 * target's fixed one, so a wait computed here is always enough. 0 = send now.
 */
export function waitBefore(
  limits: RateLimits,
  spends: readonly Spend[],
  request: string,
  now: number,
  paths: Record<string, string>,
): { ms: number; limitId?: string } {
  let worst: { ms: number; limitId?: string } = { ms: 0 };
  for (const [id, limit] of Object.entries(limits)) {
    if (!counts(limit, request, paths)) continue;
    const bucket = bucketOf(limit, request);
    const windowMs = limit.windowS * 1000;
    const inWindow = spends.filter((s) => s.t > now - windowMs && counts(limit, s.request, paths) && bucketOf(limit, s.request) === bucket);
    let used = inWindow.reduce((n, sp) => n + countOf(sp), 0);
    if (used < limit.limit) continue;
    // The oldest spends must leave the window until one slot is free.
    let freeing = inWindow[0]!;
    for (const sp of inWindow) {
      freeing = sp;
      used -= countOf(sp);
      if (used < limit.limit) break;
    }
    const ms = freeing.t + windowMs - now + 250;
    if (ms > worst.ms) worst = { ms, limitId: id };
  }
  return worst;
}

/** What one run spent against one limit: total, and the most in any one window (the figure the target judges). */
export interface SpentLine {
  limitId: string;
  label: string;
  limit: number;
  windowS: number;
  spent: number;
  peak: number;
}

/** Pure: the run's spends per limit. */
export function spentPerLimit(limits: RateLimits, spends: readonly Spend[], run: string, paths: Record<string, string>): SpentLine[] {
  const mine = spends.filter((s) => s.run === run);
  return Object.entries(limits).map(([limitId, limit]) => {
    const hits = mine.filter((s) => counts(limit, s.request, paths));
    // Per bucket, a window sliding over the spends in time order (two pointers: linear).
    const buckets = new Map<string, Spend[]>();
    for (const h of hits) {
      const key = bucketOf(limit, h.request);
      const list = buckets.get(key);
      if (list) list.push(h);
      else buckets.set(key, [h]);
    }
    let peak = 0;
    for (const list of buckets.values()) {
      list.sort((a, b) => a.t - b.t);
      let start = 0;
      let sum = 0;
      for (const h of list) {
        sum += countOf(h);
        while (list[start]!.t <= h.t - limit.windowS * 1000) sum -= countOf(list[start++]!);
        peak = Math.max(peak, sum);
      }
    }
    return { limitId, label: limit.label, limit: limit.limit, windowS: limit.windowS, spent: hits.reduce((n, h) => n + countOf(h), 0), peak };
  });
}

/** `5 per 60 s` / `3 per 1 h`. */
export function perWindow(limit: Pick<RateLimit, 'limit' | 'windowS'>): string {
  const w = limit.windowS;
  return `${limit.limit} per ${w % 3600 === 0 ? `${w / 3600} h` : w % 60 === 0 && w >= 120 ? `${w / 60} min` : `${w} s`}`;
}

/** One console line per limit: `logins: 5 spent (at most 4 in one window; limit 5 per 60 s)`. */
export function formatSpent(lines: readonly SpentLine[]): string[] {
  return lines.map((l) => `${l.label} (${l.limitId}): ${l.spent} spent, at most ${l.peak} in one window (limit ${perWindow(l)})`);
}

/**
 * Pure: the load test's pace within the budget. `routes`: the scenario's request paths by weight.
 * Each limit that counts the scenario's requests may give the load at most `share` of what it
 * has left in one window after `spentInWindow`; the result is requests/s and the request count
 * the run may send (undefined = no limit applies).
 */
export function loadAllowance(
  limits: RateLimits,
  requests: readonly { request: string; weight: number }[],
  durationS: number,
  spentInWindow: (limitId: string) => number,
  paths: Record<string, string>,
  share = 0.8,
): { rate?: number; maxRequests?: number; limitId?: string } {
  const total = requests.reduce((n, r) => n + r.weight, 0) || 1;
  let best: { rate?: number; maxRequests?: number; limitId?: string } = {};
  for (const [id, limit] of Object.entries(limits)) {
    const matching = requests.filter((r) => counts(limit, r.request, paths));
    if (matching.length === 0) continue;
    // The busiest bucket decides: a per-route limit is filled by its heaviest route first.
    const bucketShare = limit.perRoute ? Math.max(...matching.map((r) => r.weight)) / total : matching.reduce((n, r) => n + r.weight, 0) / total;
    const left = Math.max(0, Math.floor(limit.limit * share) - spentInWindow(id));
    // What is left of the current window, plus a full share of every further window the run spans.
    const windows = durationS / limit.windowS;
    const maxRequests = Math.floor((left + limit.limit * share * Math.max(0, windows - 1)) / bucketShare);
    const rate = maxRequests / durationS;
    if (best.rate === undefined || rate < best.rate) best = { rate, maxRequests, limitId: id };
  }
  return best;
}
