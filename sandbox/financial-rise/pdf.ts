import PDFDocument from 'pdfkit';
import type { Scores } from './scoring.ts';

/**
 * Renders a report as a real PDF with pdfkit. The consultant report carries the scores and the
 * coaching notes; the client report is the plain-language version. Pure: bytes in memory, the
 * caller stores them.
 */
export interface ReportInput {
  reportType: 'consultant' | 'client';
  businessName: string;
  clientName: string;
  consultantName: string;
  generatedAt: Date;
  scores: Scores;
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function renderReportPdf(input: ReportInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Financial RISE ${input.reportType} report - ${input.businessName}` } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const title = input.reportType === 'consultant' ? 'Consultant Report' : 'Client Report';
  doc.fontSize(22).text(`Financial RISE ${title}`);
  doc
    .moveDown(0.5)
    .fontSize(12)
    .text(`Business: ${input.businessName}`)
    .text(`Client: ${input.clientName}`)
    .text(`Consultant: ${input.consultantName}`)
    .text(`Generated: ${input.generatedAt.toISOString().slice(0, 10)}`);

  doc.moveDown().fontSize(16).text('Financial readiness by phase');
  doc.fontSize(12);
  for (const s of input.scores.sections) {
    doc.text(`${capital(s.section)}: ${s.score === null ? 'not assessed' : `${s.score} / 100`} (${s.answered} answers)`);
  }

  const focus = input.scores.focusPhase ? capital(input.scores.focusPhase) : 'Stabilize';
  doc
    .moveDown()
    .fontSize(16)
    .text(input.reportType === 'consultant' ? 'Recommended engagement' : 'Your next steps');
  doc
    .fontSize(12)
    .text(
      input.reportType === 'consultant'
        ? `Start the engagement in the ${focus} phase. Communication style: ${input.scores.disc ?? 'not assessed'}; ` +
            'adapt the pace and level of detail of meetings to it.'
        : `Your strongest opportunity is the ${focus} phase. Your consultant will walk you through a plan ` + `for ${input.businessName} in your next meeting.`,
    );
  doc.end();
  return done;
}
