import { k6LiveFigures, type LiveLoadFigures } from './k6-live-figures.ts';

/**
 * Live figures of a k6 run from its REST API: k6 is started with `--address 127.0.0.1:<port>`
 * and this polls `GET /v1/metrics` there once a second while the window runs. It never blocks
 * or fails the run: each request gives up after `timeoutMs`, a tick that gets no answer (k6
 * still starting, already gone, busy) changes nothing, and the console keeps the last figures.
 */

export interface K6LivePoller {
  /** The last figures k6 gave (empty before its first answer). */
  latest(): LiveLoadFigures;
  stop(): void;
}

export function pollK6Metrics(address: string, everyMs = 1000, timeoutMs = 500): K6LivePoller {
  const url = `http://${address}/v1/metrics`;
  let latest: LiveLoadFigures = {};
  let inFlight: AbortController | undefined;
  const tick = async () => {
    if (inFlight) return; // the previous answer is still coming: never pile requests on k6
    const request = new AbortController();
    inFlight = request;
    const timer = setTimeout(() => request.abort(), timeoutMs);
    try {
      const res = await fetch(url, { signal: request.signal, headers: { accept: 'application/json' } });
      const body: unknown = res.ok ? await res.json() : undefined;
      if (body !== undefined) {
        const figures = k6LiveFigures(body);
        if (Object.keys(figures).length > 0) latest = figures;
      }
    } catch {
      // No answer this tick: the last figures stand.
    } finally {
      clearTimeout(timer);
      inFlight = undefined;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return {
    latest: () => latest,
    stop() {
      clearInterval(timer);
      inFlight?.abort();
    },
  };
}
