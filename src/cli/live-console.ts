import type { CliIO } from '../core/console-io.ts';
import type { ProgressEvent, ProgressSink } from '../core/progress.ts';

/**
 * The live console of the long waits (the load window, Lighthouse runs, the watch's pauses).
 * On a terminal one status line is rewritten in place; a log line clears it, is printed, and a
 * load window still running is drawn again below it. Not on a terminal (CI logs), the same
 * facts as plain timestamped lines: the load window every `plainEveryMs` (and its last second),
 * each Lighthouse run and each next round as it comes. Pure apart from the injected sinks and
 * clock, so the table test drives it without a terminal.
 */

export interface LiveConsoleOptions {
  isTTY: boolean;
  now: () => Date;
  /** A whole line (the sink adds the newline). */
  out: (line: string) => void;
  /** Raw text, no newline: the in-place status line (used on a terminal only). */
  write: (text: string) => void;
  plainEveryMs?: number;
}

export interface LiveConsole {
  progress: ProgressSink;
  /** An ordinary log line, printed around the status line. */
  line(text: string): void;
  /** Ends the live line (a load window cut short keeps its last status as a line). */
  close(): void;
}

const CLEAR = '\r\x1b[2K';
const dash = (v: number | undefined, f: (n: number) => string) => (v === undefined || !Number.isFinite(v) ? '—' : f(v));
const clock = (d: Date) => d.toISOString().slice(11, 19);

/** One event as text; `now` only for the watch's "in N s". */
export function formatProgress(e: ProgressEvent, now: Date): string {
  const who = e.app ? `${e.app}: ` : '';
  if (e.kind === 'load')
    return `${who}${[
      `load (${e.engine}) ${Math.min(Math.round(e.elapsedS), e.totalS)}/${e.totalS} s`,
      `${dash(e.rps, (n) => n.toFixed(1))} req/s`,
      `p95 ${dash(e.p95Ms, (n) => `${Math.round(n)} ms`)}`,
      `errors ${dash(e.errors, String)}`,
      `429s ${dash(e.throttled, String)}`,
      ...(e.requests !== undefined ? [`${e.requests} requests`] : []),
    ].join(' · ')}`;
  if (e.kind === 'lighthouse') return `${who}lighthouse ${e.page} run ${e.run}/${e.runs}`;
  const inS = Math.max(0, Math.round((e.at.getTime() - now.getTime()) / 1000));
  return `${who}watch: next round ${e.round}/${e.rounds} at ${clock(e.at)} UTC (in ${inS} s)`;
}

const finished = (e: ProgressEvent) => e.kind === 'load' && e.done === true;

export function createLiveConsole(o: LiveConsoleOptions): LiveConsole {
  const every = o.plainEveryMs ?? 10_000;
  /** Plain: when each app's load line was last printed. */
  const lastLoadAt = new Map<string, number>();
  const plain = (e: ProgressEvent) => {
    const at = o.now();
    if (e.kind === 'load') {
      const key = e.app ?? '';
      const last = lastLoadAt.get(key);
      if (!(last === undefined || at.getTime() - last >= every || finished(e))) return;
      if (finished(e)) lastLoadAt.delete(key);
      else lastLoadAt.set(key, at.getTime());
    }
    o.out(`[${clock(at)}] ${formatProgress(e, at)}`);
  };
  /** Terminal: each running load window (drawn again after a log line), and a transient status (a Lighthouse run, the next round). */
  const loads = new Map<string, string>();
  let transient: string | undefined;
  let drawn = false;
  const draw = () => {
    const parts = [...loads.values(), ...(transient ? [transient] : [])];
    if (!parts.length) return;
    o.write(`${CLEAR}${parts.join('  |  ')}`);
    drawn = true;
  };
  const tty = (e: ProgressEvent) => {
    const text = formatProgress(e, o.now());
    if (e.kind !== 'load') transient = text;
    else if (!finished(e)) loads.set(e.app ?? '', text);
    else {
      // The window is over: its last figures stay on screen as an ordinary line.
      loads.delete(e.app ?? '');
      o.write(CLEAR);
      o.out(text);
      drawn = false;
    }
    draw();
  };
  return {
    progress: (e) => (o.isTTY ? tty(e) : plain(e)),
    line(text) {
      if (!o.isTTY || !drawn) return o.out(text);
      o.write(CLEAR);
      o.out(text);
      drawn = false;
      transient = undefined;
      draw();
    },
    close() {
      if (!o.isTTY) return;
      if (drawn) o.write(CLEAR);
      for (const text of loads.values()) o.out(text);
      loads.clear();
      transient = undefined;
      drawn = false;
    },
  };
}

/** A command's console: in place when its stdout is a terminal, plain lines otherwise (CI, tests). */
export function liveConsoleFor(io: Pick<CliIO, 'out' | 'isTTY' | 'write'>): LiveConsole {
  const write = io.write;
  return createLiveConsole({ isTTY: Boolean(io.isTTY && write), now: () => new Date(), out: io.out, write: write ?? (() => {}) });
}
