import type { CheckResult, Phase } from '../../core/types.ts';
import { isGateProblem } from '../../verdict/cause.ts';
import { SIGNOFF_LINES, unsignedLine } from '../signoff-record.ts';
import { findMetric, formatDuration, formatMetric, oneLine, procedureLabel } from './format.ts';
import type { RunReport } from './report-doc.ts';

/**
 * go-no-go-record.md: Financial RISE's equivalent of FlowComply's deployment log. Its runbook
 * has no log template; it has the go/no-go meeting (attendees, the product owner decides) and
 * the post-deployment verification sections. This record is that meeting's page, filled from
 * the run; the attendees sign with `postflight signoff` (names live outside the sealed set).
 */

export const GO_NO_GO_RECORD_FILE = 'go-no-go-record.md';

/** The runbook's "Post-Deployment Verification" sections and the phases that verify them. */
const SECTIONS: { title: string; phases: Phase[] }[] = [
  { title: 'Smoke Tests', phases: ['smoke'] },
  { title: 'Performance Validation', phases: ['perf', 'load'] },
  { title: 'Monitoring Setup Verification', phases: ['monitoring'] },
  { title: 'Database (migrations, schema, seed)', phases: ['db'] },
];

function sectionLine(title: string, checks: readonly CheckResult[]): string {
  if (checks.length === 0) return `- ${title}: not run in this run`;
  const pass = checks.filter((c) => c.status === 'pass').length;
  const bad = checks.filter((c) => c.status !== 'pass' && c.status !== 'skipped' && c.status !== 'waived');
  const text = bad.map((c) => `${c.id} ${c.status}${isGateProblem(c) ? ' (gate problem)' : ''}`).join(', ');
  return `- ${title}: ${pass} of ${checks.length} pass${bad.length ? ` — ${text}` : ''}`;
}

export function renderGoNoGoRecord(report: RunReport): string {
  const { run, rollback } = report;
  const p95 = report.measurements?.observed?.p95Ms ?? findMetric(report.checks, 'p95Ms', ['fr.load.k6'])?.value;
  const errorRate = report.measurements?.observed?.errorRate ?? findMetric(report.checks, 'errorRate', ['fr.load.k6'])?.value;
  const rollbackLine =
    rollback.recommendation === 'none'
      ? 'No'
      : `${rollback.recommendation === 'immediate' ? 'Yes (immediate)' : 'To consider'} — ${procedureLabel(rollback) ?? 'procedure not stated'}`;
  return [
    `## Go/No-Go record: ${run.appName} ${run.release ?? 'unknown release'} on ${run.env}`,
    `**Gate run:** ${run.runId} (${run.startedAt} → ${run.finishedAt}, ${formatDuration(run.durationMs)})`,
    `**Gate decision:** ${report.decision}`,
    `**Rollback:** ${rollbackLine}`,
    '',
    '### Why',
    ...report.reasons.map((r) => `- ${oneLine(r)}`),
    '',
    '### Post-Deployment Verification',
    ...SECTIONS.map((s) =>
      sectionLine(
        s.title,
        report.checks.filter((c) => s.phases.includes(c.phase)),
      ),
    ),
    `- Error rate: ${errorRate === undefined ? 'not measured' : formatMetric('errorRate', errorRate)}`,
    `- Response time p95: ${p95 === undefined ? 'not measured' : formatMetric('p95Ms', p95)}`,
    '',
    '### Attendees and sign-off (runbook: Go/No-Go Meeting Attendees)',
    ...SIGNOFF_LINES['financial-rise']!.map(unsignedLine),
    `- Gate evidence: postflight ${run.postflightVersion}, run ${run.runId}, decision ${report.decision} (sealed by manifest.json; check with \`postflight verify-evidence\`)`,
    '',
  ].join('\n');
}
