import { dirname } from 'node:path';
import { entryFromReport } from '../history/entry.ts';
import { loadHistory } from '../history/index-file.ts';
import { TREND_FILE, trendFile } from '../history/trend.ts';
import { writeRunFile, type FileReporterOptions } from './file-reporter.ts';
import { buildRunReport } from './report-doc.ts';
import type { Reporter, RunMeta } from './reporter.ts';

/**
 * history.json: this run beside the runs before it on the same app and environment (decision,
 * p95, error rate, Lighthouse, failing checks marked new / known / flaky, the baseline and the
 * last GO), read from the history index, so the report can show trends. Written before the
 * seal: it is part of the evidence of what the gate knew when it decided.
 */
export function historyReporter(opts: FileReporterOptions): Reporter {
  let meta: RunMeta | undefined;
  return {
    name: 'history',
    onRunStart(m) {
      meta = m;
    },
    async onRunEnd(verdict, results, end) {
      if (!meta) throw new Error('history: onRunEnd came without onRunStart');
      const current = entryFromReport(buildRunReport(meta, verdict, results, end));
      const { entries } = loadHistory(dirname(opts.dir));
      const trend = trendFile(
        entries.filter((e) => e.runId !== current.runId),
        current,
      );
      await writeRunFile(opts.dir, TREND_FILE, `${JSON.stringify(trend, null, 2)}\n`, opts.redact);
    },
  };
}
