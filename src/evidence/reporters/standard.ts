import type { RunbookReport } from '../../config/app-profile.ts';
import { deploymentLogReporter, goNoGoRecordReporter } from './deployment-log.ts';
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
/** The runbook documents a profile may ask for (`runbookReports`), each by its reporter. */
const RUNBOOK_REPORTERS: Record<RunbookReport, (opts: FileReporterOptions & { timeZone?: string }) => Reporter> = {
  'deployment-log': deploymentLogReporter,
  'go-no-go-record': goNoGoRecordReporter,
};

export function runFolderReporters(opts: FileReporterOptions & { runbookReports?: readonly RunbookReport[]; now?: () => Date; timeZone?: string }): Reporter[] {
  const reporters: Reporter[] = [
    journalReporter(opts),
    jsonReporter(opts),
    summaryReporter(opts),
    junitReporter(opts),
    allureReporter(opts),
    historyReporter(opts),
    htmlReporter(opts),
  ];
  for (const report of opts.runbookReports ?? []) reporters.push(RUNBOOK_REPORTERS[report](opts));
  return reporters;
}
