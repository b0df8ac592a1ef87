import { endOfRunReporter, type FileReporterOptions } from './file-reporter.ts';
import type { Reporter } from './reporter.ts';

/**
 * verdict.json (the whole RunReport: run metadata, decision, rollback, reasons, counts and
 * every check in full) and checks.json (just the checks array, for tools that want a list).
 */

export const VERDICT_FILE = 'verdict.json';
export const CHECKS_FILE = 'checks.json';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export function jsonReporter(opts: FileReporterOptions): Reporter {
  return endOfRunReporter('json', opts, (report) => ({
    [VERDICT_FILE]: json(report),
    [CHECKS_FILE]: json(report.checks),
  }));
}
