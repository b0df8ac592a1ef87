/**
 * `verify --k6-summary <file>`: the load test ran elsewhere — k6-operator's distributed
 * runners (load/k6-operator/), Grafana Cloud k6 — and its end-of-test summary is judged here,
 * through the same parsers and thresholds as a local k6 run, into the same load check. Nothing
 * is sent to the target. The file is copied into the run folder (setup_data, which may hold
 * a login token, removed) so the evidence stands on its own.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { detectFormat, parseK6Summary, type SummaryFormat } from './k6-summary.ts';
import type { LoadMeasurement } from './measurement.ts';

export interface ExternalSummary {
  measurement: LoadMeasurement;
  format: SummaryFormat;
  /** The copy inside the run folder. */
  copy: string;
}

/** Reads and checks a summary file; a message naming what is wrong with it otherwise. */
export async function readK6SummaryFile(file: string): Promise<{ data: Record<string, unknown>; format: SummaryFormat } | { problem: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { problem: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    return { data, format: detectFormat(data) };
  } catch (err) {
    return { problem: `${file} is not a k6 summary: ${(err as Error).message}` };
  }
}

export async function importK6Summary(file: string, outDir: string): Promise<ExternalSummary> {
  const read = await readK6SummaryFile(file);
  if ('problem' in read) throw new Error(read.problem);
  const { setup_data: _dropped, ...kept } = read.data;
  await mkdir(outDir, { recursive: true });
  const copy = path.join(outDir, `k6-summary-imported-${read.format}.json`);
  await writeFile(copy, JSON.stringify(kept, null, 2));
  return { measurement: parseK6Summary(kept), format: read.format, copy };
}
