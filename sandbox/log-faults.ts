import { mkdir, rm, stat } from 'node:fs/promises';

/**
 * The log faults (fr:log-unreadable, fr:log-unknown-format): the app's log as the gate finds
 * it, not the app's behaviour. Applied by the sandbox around whichever app it starts.
 */

/**
 * fr:log-unreadable: a directory stands where the log file should be, so nothing can read it
 * (chmod would not do: the gate may run as root). Without the fault a directory left there by
 * an earlier start is removed, so the next start heals.
 */
export async function applyLogFaults(logFile: string, faults: readonly string[]): Promise<void> {
  const isDir = await stat(logFile).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (faults.includes('fr:log-unreadable')) {
    if (!isDir) {
      await rm(logFile, { force: true });
      await mkdir(logFile, { recursive: true });
    }
  } else if (isDir) await rm(logFile, { recursive: true, force: true });
}

/** One log line; fr:log-unknown-format writes logfmt, a format the gate cannot place in time without `logFormat`. */
export function logLineFormat(faults: readonly string[]): (level: string, message: string) => string {
  return faults.includes('fr:log-unknown-format')
    ? (level, message) => `time=${new Date().toISOString()} level=${level.toLowerCase()} msg=${JSON.stringify(message)}\n`
    : (level, message) => `${new Date().toISOString()} ${level} ${message}\n`;
}
