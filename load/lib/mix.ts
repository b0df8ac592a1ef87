/**
 * The request mix of a load scenario, shared by the k6 scripts and postflight's embedded
 * engine so both engines send the same requests in the same proportions. Pure and free of
 * imports: k6 and Node both load it.
 */

/** A load scenario (the app profiles' `load`, see src/config/app-profile.ts `LoadScenario`). */
export interface ScenarioSpec {
  vus: number;
  durationS: number;
  /** Request timeout; a request that takes longer counts as a timeout. */
  timeoutMs: number;
  thresholds: { p95Ms: number; errorRate: number; timeouts: number };
  /** Runs once per virtual user before the mix; `tokenField` is a dotted path in its JSON. */
  login: { path: string; tokenField: string };
  requests: RequestSpec[];
  engine?: 'auto' | 'k6' | 'embedded';
  /**
   * Paced run: this many requests per second in total, spread evenly (k6 `constant-arrival-rate`,
   * autocannon `overallRate`), instead of each VU sending back to back. Set it under the
   * target's declared rate limit; `vus` then caps how many requests may be in flight.
   */
  arrivalRate?: number;
  /**
   * Share of requests (0..1) the target may answer 429 before the run counts as throttled:
   * then the gate was rate-limited and nothing is judged about the app. Default 0.01.
   */
  maxThrottledShare?: number;
}

/** One weighted request; `auth` sends the login's bearer token. */
export interface RequestSpec {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  auth: boolean;
  body?: Record<string, unknown>;
  weight: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Smooth weighted round-robin (the nginx algorithm): weights 1/6/3 give a cycle of 10 in which
 * each request appears weight times, spread out rather than bunched, so even a short run sees
 * the intended mix. Deterministic, unlike picking at random.
 */
export function weightedSequence<T extends { weight: number }>(items: readonly T[]): T[] {
  const usable = items.filter((i) => i.weight > 0 && Number.isFinite(i.weight));
  if (usable.length === 0) return [];
  const weights = usable.map((i) => Math.round(i.weight));
  const divisor = weights.reduce((a, b) => gcd(a, b));
  const scaled = weights.map((w) => w / divisor);
  const total = scaled.reduce((a, b) => a + b, 0);
  const current = scaled.map(() => 0);
  const out: T[] = [];
  for (let step = 0; step < total; step++) {
    let best = 0;
    for (let i = 0; i < usable.length; i++) {
      current[i] += scaled[i];
      if (current[i] > current[best]) best = i;
    }
    current[best] -= total;
    out.push(usable[best]);
  }
  return out;
}

/** Reads `a.b.c` from a login body (token fields differ per app). */
export function tokenAt(body: unknown, dotPath: string): string | undefined {
  let v: unknown = body;
  for (const key of dotPath.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}
