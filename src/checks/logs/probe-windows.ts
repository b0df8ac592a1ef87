import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The gate's own deliberate probes (a foreign-origin CORS request, a wrong password, a forged
 * token) can make a correct app log an ERROR line. Those lines are the probe's, not the
 * release's: each probe records the time window it ran in, and `fr.smoke.logs-clean` lists the
 * error lines inside a window as "provoked by probe X" instead of counting them. The match is
 * by time window (log lines carry no request id the gate could follow), widened by a small
 * slack for the app's clock and buffered log writes; every line outside the windows counts.
 */

export interface ProbeWindow {
  /** What the probe did, e.g. "foreign-origin CORS request (fr.smoke.security-cors)". */
  probe: string;
  start: string;
  end: string;
}

/** Around each window: the app's clock and an asynchronous logger may stamp a line a little off. */
export const PROBE_WINDOW_SLACK_MS = 2000;

export const PROBE_WINDOWS_FILE = 'probe-windows.jsonl';

/** How far `t` lies outside a window (0 inside it). */
function distance(t: number, w: ProbeWindow): number {
  return Math.max(0, Date.parse(w.start) - t, t - Date.parse(w.end));
}

/**
 * Pure: the probe whose window (with the slack) holds `at`, if any; of several (probes run one
 * after another, so slacks overlap), the one the line is closest to, inside first.
 */
export function provokedBy(at: Date, windows: readonly ProbeWindow[], slackMs = PROBE_WINDOW_SLACK_MS): ProbeWindow | undefined {
  const t = at.getTime();
  const near = windows.filter((w) => distance(t, w) <= slackMs);
  return near.reduce<ProbeWindow | undefined>((best, w) => (!best || distance(t, w) < distance(t, best) ? w : best), undefined);
}

/** Runs one deliberate probe and records its window in the run folder (kept even when it throws). */
export async function duringProbe<T>(runDir: string | undefined, probe: string, run: () => Promise<T>): Promise<T> {
  const start = new Date().toISOString();
  try {
    return await run();
  } finally {
    if (runDir) {
      try {
        appendFileSync(join(runDir, PROBE_WINDOWS_FILE), `${JSON.stringify({ probe, start, end: new Date().toISOString() } satisfies ProbeWindow)}\n`);
      } catch {
        // the run folder is gone (the run was stopped): no log check will read it
      }
    }
  }
}

/** The windows the suites recorded in a run folder; a torn line is skipped. */
export function readProbeWindows(runDir: string): ProbeWindow[] {
  const file = join(runDir, PROBE_WINDOWS_FILE);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const w = JSON.parse(line) as ProbeWindow;
        return typeof w.probe === 'string' && !Number.isNaN(Date.parse(w.start)) && !Number.isNaN(Date.parse(w.end)) ? [w] : [];
      } catch {
        return [];
      }
    });
}
