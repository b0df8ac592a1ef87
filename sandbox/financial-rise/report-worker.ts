import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { REPORT_MS, type RuntimeFaults } from './faults.ts';
import { renderReportPdf } from './pdf.ts';
import type { QuestionOption, QuestionType } from './questions.ts';
import { scoreAssessment } from './scoring.ts';
import type { Log } from './types.ts';

/**
 * Background report generation: the API answers 202 at once and this worker renders the PDF
 * shortly after (the deployed app uses a queue; a timer is the sandbox's queue). Timers and
 * renders in flight are tracked so `close()` leaves nothing running.
 */
export interface ReportWorker {
  schedule(reportId: string): void;
  close(): Promise<void>;
}

export interface WorkerDeps {
  pool: pg.Pool;
  faults: RuntimeFaults;
  dataDir: string;
  log: Log;
}

/**
 * What `fr:report-corrupt-pdf` stores: the PDF base64-encoded a second time (a classic storage
 * upload bug). Same size class and content type, but no PDF reader can open it; a merely
 * truncated PDF would not do, since readers rebuild a lost cross-reference table.
 */
export function corruptPdf(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('base64'), 'latin1');
}

export function reportPath(dataDir: string, reportId: string): string {
  return join(dataDir, 'reports', `${reportId}.pdf`);
}

export function createReportWorker(deps: WorkerDeps): ReportWorker {
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let closed = false;

  const run = async (reportId: string): Promise<void> => {
    try {
      await generate(deps, reportId);
    } catch (err) {
      deps.log('ERROR', `Report ${reportId} generation failed: ${(err as Error).message}`);
      await deps.pool.query(`UPDATE reports SET status = 'failed', error = $2 WHERE id = $1`, [reportId, (err as Error).message]).catch(() => {});
    }
  };

  return {
    schedule(reportId) {
      const delay = deps.faults.on('report-slow') ? (deps.faults.value('report-slow') ?? REPORT_MS.slow) : REPORT_MS.normal;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (closed) return;
        const p = run(reportId).finally(() => running.delete(p));
        running.add(p);
      }, delay);
      timers.add(timer);
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}

async function generate(deps: WorkerDeps, reportId: string): Promise<void> {
  const { rows } = await deps.pool.query(
    `SELECT r.report_type, a.id AS assessment_id, a.business_name, a.client_name, u.first_name, u.last_name
       FROM reports r JOIN assessments a ON a.id = r.assessment_id JOIN users u ON u.id = a.consultant_id
      WHERE r.id = $1`,
    [reportId],
  );
  const r = rows[0];
  if (!r) return;
  if (deps.faults.on('report-failed')) throw new Error('PDF rendering failed: template engine error');
  const questions = await deps.pool.query<{ id: string; section: string; type: QuestionType; options: QuestionOption[] }>(
    'SELECT id, section, type, options FROM questions',
  );
  const answers = await deps.pool.query<{ question_id: string; answer: { value?: unknown } | null; not_applicable: boolean }>(
    'SELECT question_id, answer, not_applicable FROM assessment_responses WHERE assessment_id = $1',
    [r.assessment_id],
  );
  const scores = scoreAssessment(
    questions.rows,
    answers.rows.map((a) => ({
      questionId: a.question_id,
      value: a.answer?.value,
      notApplicable: a.not_applicable,
    })),
  );
  const generatedAt = new Date();
  let bytes = await renderReportPdf({
    reportType: r.report_type,
    businessName: r.business_name,
    clientName: r.client_name,
    consultantName: `${r.first_name} ${r.last_name}`,
    generatedAt,
    scores,
  });
  if (deps.faults.on('report-corrupt-pdf')) bytes = corruptPdf(bytes);
  const path = reportPath(deps.dataDir, reportId);
  await mkdir(join(deps.dataDir, 'reports'), { recursive: true });
  await writeFile(path, bytes);
  await deps.pool.query(`UPDATE reports SET status = 'completed', file_path = $2, file_size_bytes = $3, generated_at = $4, error = NULL WHERE id = $1`, [
    reportId,
    path,
    bytes.length,
    generatedAt,
  ]);
}
