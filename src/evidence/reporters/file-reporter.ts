import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CheckResult, Verdict } from '../../core/types.ts';
import { buildRunReport, type RunReport } from './report-doc.ts';
import type { Reporter, RunEnd, RunMeta } from './reporter.ts';

/**
 * The fs edge of the reporters: renderers are pure `(report) => text`; this writes what they
 * return into the run folder. `redact` (optional) is applied before anything touches disk, so
 * a run that crashes before `finalize` does not leave a secret in a report file.
 */

type Redact = (text: string) => string;

export interface FileReporterOptions {
  /** The run folder. */
  dir: string;
  redact?: Redact;
}

export async function writeRunFile(dir: string, name: string, content: string, redact?: Redact): Promise<void> {
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, redact ? redact(content) : content);
}

export async function appendRunFile(dir: string, name: string, content: string, redact?: Redact): Promise<void> {
  const path = join(dir, name);
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, redact ? redact(content) : content);
}

/**
 * A reporter that writes its files once, at the end of the run, from the RunReport.
 * `render` returns file name -> content (several files, or none to write nothing).
 */
export function endOfRunReporter(name: string, opts: FileReporterOptions, render: (report: RunReport) => Record<string, string>): Reporter {
  let meta: RunMeta | undefined;
  return {
    name,
    onRunStart(m: RunMeta) {
      meta = m;
    },
    async onRunEnd(verdict: Verdict, results: readonly CheckResult[], end: RunEnd) {
      if (!meta) throw new Error(`${name}: onRunEnd came without onRunStart, so the run's metadata is unknown`);
      const files = render(buildRunReport(meta, verdict, results, end));
      for (const [file, content] of Object.entries(files)) await writeRunFile(opts.dir, file, content, opts.redact);
    },
  };
}
