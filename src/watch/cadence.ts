/**
 * When a watch runs its rounds. The runbooks' own cadence is data (Financial RISE: "first 4
 * hours: monitor every 15 minutes; hours 4-24: every hour"; FlowComply: T+4 h, the next day,
 * the first week), or a fixed interval (`--schedule 5s`, `15m`); `--for` bounds either.
 * Pure: offsets in ms from the watch's start; round 0 runs at once.
 */
import type { AppId } from '../core/types.ts';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `5s`, `15m`, `4h`, `1d` (a whole or decimal number and one unit); undefined when malformed. */
export function parseDuration(raw: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(raw.trim());
  if (!m) return undefined;
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
  return ms > 0 ? ms : undefined;
}

export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', UNIT_MS.d!],
    ['h', UNIT_MS.h!],
    ['m', UNIT_MS.m!],
  ] as const)
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}

/** A cadence: repeated intervals up to a point, and/or fixed moments. */
export interface Cadence {
  every: Array<{ intervalMs: number; untilMs: number }>;
  at: number[];
  /** What the runbook calls it, for the report. */
  source: string;
}

const H = UNIT_MS.h!;
const D = UNIT_MS.d!;

export const RUNBOOK_CADENCE: Record<AppId, Cadence> = {
  'financial-rise': {
    every: [
      { intervalMs: 15 * 60_000, untilMs: 4 * H },
      { intervalMs: H, untilMs: 24 * H },
    ],
    at: [],
    source: 'Financial RISE runbook: every 15 min for the first 4 h, then hourly to 24 h',
  },
  flowcomply: {
    every: [],
    // T+4 h, the next day, then daily through the first week.
    at: [4 * H, 1 * D, 2 * D, 3 * D, 4 * D, 5 * D, 6 * D, 7 * D],
    source: 'FlowComply runbook: T+4 h, the next day, the first week (daily)',
  },
};

export function intervalCadence(intervalMs: number): Cadence {
  return { every: [{ intervalMs, untilMs: Number.POSITIVE_INFINITY }], at: [], source: `every ${formatDuration(intervalMs)}` };
}

/** How long a watch runs without --for: the runbook's last round, else a day. */
export function defaultSpanMs(c: Cadence): number {
  const ends = [...c.every.map((e) => e.untilMs), ...c.at].filter(Number.isFinite);
  return ends.length ? Math.max(...ends) : D;
}

/** Every round's offset from the start, up to and including `forMs`, ascending, once each. */
export function roundOffsets(c: Cadence, forMs: number): number[] {
  const out = new Set<number>([0]);
  let from = 0;
  for (const e of c.every) {
    // Each stretch starts where the previous one ended (4 h), whatever --for cuts off.
    for (let t = from; t <= Math.min(e.untilMs, forMs); t += e.intervalMs) out.add(t);
    from = e.untilMs;
  }
  for (const t of c.at) if (t <= forMs) out.add(t);
  return [...out].sort((a, b) => a - b);
}
