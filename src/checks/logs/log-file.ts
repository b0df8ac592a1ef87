import type { LogEventInfo } from '../../aws/logs.ts';
import { jsonObject, stripAnsi } from './error-lines.ts';

/**
 * Lines of an app's own log file since a moment (pure), for fr.smoke.logs-clean when there is
 * no CloudWatch. The time of a line is read from where common loggers put it:
 *   `2026-11-25T07:12:00.000Z ERROR message`      leading ISO time (the sandbox apps)
 *   `{"level":50,"time":1764054720000,...}`         JSON: time / timestamp / @timestamp / ts
 *   `[Nest] 123  - 11/25/2026, 2:01:03 AM   ERROR`  NestJS's console logger (local time)
 * or where the environment's `logFormat` says (a regular expression whose first group is the
 * time). A line whose time cannot be told cannot be placed before or after the deploy: an
 * indented one continues the entry above (a stack frame) and is left out; any other is in a
 * format the gate does not know, and `readLogLines` lists it so the check can say so (never a pass).
 */

const JSON_TIME_FIELDS = ['time', 'timestamp', '@timestamp', 'ts'];
const NEST = /^\[Nest\]\s+\d+\s+-\s+(\d{1,2}\/\d{1,2}\/\d{4},?\s+\d{1,2}:\d{2}:\d{2}\s*[AP]M)\s/;

function validDate(d: Date): Date | undefined {
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function jsonTime(obj: Record<string, unknown>): Date | undefined {
  for (const key of JSON_TIME_FIELDS) {
    const v = obj[key];
    // Epoch seconds (ts in many Go loggers) or milliseconds (pino).
    if (typeof v === 'number') return validDate(new Date(v < 1e11 ? v * 1000 : v));
    if (typeof v === 'string') return validDate(new Date(v));
  }
  return undefined;
}

/** The line's time and the message to judge (the leading ISO time removed, as before). */
export function timedLine(line: string, logFormat?: RegExp): LogEventInfo | undefined {
  const custom = logFormat?.exec(line);
  if (custom?.[1]) {
    const at = validDate(new Date(custom[1]));
    if (at) return { at, message: line.slice(custom.index + custom[0].length).trim() || line };
  }
  const obj = jsonObject(line);
  if (obj) {
    const at = jsonTime(obj);
    return at ? { at, message: line.trim() } : undefined;
  }
  const nest = NEST.exec(stripAnsi(line));
  if (nest) {
    const at = validDate(new Date(nest[1].replace(',', '')));
    return at ? { at, message: line } : undefined;
  }
  const m = /^(\S+)\s+(.*)$/.exec(line);
  const at = m ? validDate(new Date(m[1])) : undefined;
  // A bare number is not a time (new Date('3') is a valid date in year 2001).
  return m && at && !/^\d+$/.test(m[1]) ? { at, message: m[2] } : undefined;
}

export function parseLogLines(text: string, since: Date, logFormat?: RegExp): LogEventInfo[] {
  return readLogLines(text, since, logFormat).lines;
}

/** Lines since `since`, and the lines in a format the gate cannot place in time (not indented continuations). */
export function readLogLines(text: string, since: Date, logFormat?: RegExp): { lines: LogEventInfo[]; unknown: string[] } {
  const lines: LogEventInfo[] = [];
  const unknown: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const timed = timedLine(line, logFormat);
    if (timed) {
      if (timed.at >= since) lines.push(timed);
    } else if (!/^\s/.test(line)) unknown.push(line);
  }
  return { lines, unknown };
}
