import type { AppId } from '../../core/types.ts';
import { deploymentLogReporter } from './deployment-log.ts';
import type { FileReporterOptions } from './file-reporter.ts';
import { htmlReporter } from './html.ts';
import { journalReporter } from './journal.ts';
import { jsonReporter } from './json.ts';
import type { Reporter } from './reporter.ts';
import { summaryReporter } from './summary-md.ts';
import { junitReporter } from './junit.ts';
import { historyReporter } from './history.ts';
import { allureReporter } from './allure.ts';

/**
 * The reporters every run writes into its run folder. The journal comes first so it records
 * each event before any end-of-run reporter can fail. manifest.json is not a reporter: it is
 * written by `finalize` (run-folder.ts), after redaction, as the very last file.
 */
export function runFolderReporters(opts: FileReporterOptions & { app: AppId; now?: () => Date; timeZone?: string }): Reporter[] {
  const reporters: Reporter[] = [
    journalReporter(opts),
    jsonReporter(opts),
    summaryReporter(opts),
    junitReporter(opts),
    allureReporter(opts),
    historyReporter(opts),
    htmlReporter(opts),
  ];
  reporters.push(deploymentLogReporter(opts));
  return reporters;
}
