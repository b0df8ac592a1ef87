import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, Verdict } from '../../core/types.ts';
import { writeRunFile, type FileReporterOptions } from './file-reporter.ts';
import { readPageInputs, readRunReport } from './html/inputs.ts';
import { renderPage, type PageInputs } from './html/page.ts';
import { buildRunReport, type RunReport } from './report-doc.ts';
import type { Reporter, RunEnd, RunMeta } from './reporter.ts';

/**
 * index.html, the page a go/no-go meeting reads (its sections live in ./html/, one file each).
 * Written at the end of the run from the RunReport; written AGAIN by `rerenderIndex` when the
 * orchestrator later records what happened after this run (current-state.json) or someone signs.
 */

export const HTML_FILE = 'index.html';

/** Pure: the page from the report and what the folder holds besides it. */
export function renderHtml(report: RunReport, inputs: PageInputs = {}): string {
  return renderPage(report, inputs);
}

export function htmlReporter(opts: FileReporterOptions): Reporter {
  let meta: RunMeta | undefined;
  return {
    name: 'html',
    onRunStart(m: RunMeta) {
      meta = m;
    },
    async onRunEnd(verdict: Verdict, results: readonly CheckResult[], end: RunEnd) {
      if (!meta) throw new Error("html: onRunEnd came without onRunStart, so the run's metadata is unknown");
      const report = buildRunReport(meta, verdict, results, end);
      await writeRunFile(opts.dir, HTML_FILE, renderHtml(report, readPageInputs(opts.dir, report)), opts.redact);
    },
  };
}

/** Renders a finished run folder's index.html again from its verdict.json and current files. */
export function rerenderIndex(dir: string): void {
  const report = readRunReport(dir);
  writeFileSync(join(dir, HTML_FILE), renderHtml(report, readPageInputs(dir, report)));
}
