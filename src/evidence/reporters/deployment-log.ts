import type { CheckResult } from '../../core/types.ts';
import { endOfRunReporter, type FileReporterOptions } from './file-reporter.ts';
import { isGateProblem } from '../../verdict/cause.ts';
import { findMetric, formatDuration, formatMetric, oneLine, procedureLabel } from './format.ts';
import type { RunReport } from './report-doc.ts';
import type { Reporter } from './reporter.ts';
import { SIGNOFF_LINES, unsignedLine } from '../signoff-record.ts';
import { GO_NO_GO_RECORD_FILE, renderGoNoGoRecord } from './go-no-go-record.ts';

/**
 * deployment-log.md: FlowComply's "Deployment Log Template" (flowcomply-runbook.md) filled in
 * from the run, so the log is a copy of the evidence rather than someone's memory of it.
 * Same headings as the template. Names cannot be known when the gate seals the folder: the
 * sign-off lines say "not yet signed" and name the command; `postflight signoff` records the
 * names outside the sealed set (signoff.jsonl, rendered as signoff.md).
 */

export const DEPLOYMENT_LOG_FILE = 'deployment-log.md';

const STATUS_TEXT = { GO: 'Success ✅', 'NO-GO': 'Failed ❌ (NO-GO)', INCONCLUSIVE: 'Unverified ⚠️ (INCONCLUSIVE)' } as const;

function dateParts(iso: string, timeZone: string): { date: string; time: string } {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { date: iso, time: '' };
  const date = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(d);
  return { date, time };
}

const byId = (report: RunReport, id: string): CheckResult | undefined => report.checks.find((c) => c.id === id);

/** "Passing" / "Failing (message)" / "not checked in this run". */
function state(check: CheckResult | undefined, passing: string, failing: string): string {
  if (!check) return 'not checked in this run';
  if (check.status === 'pass') return passing;
  if (check.status === 'skipped' || check.status === 'waived') return `not checked (${oneLine(check.message)})`;
  return `${failing} — ${check.id} ${check.status}: ${oneLine(check.message)}`;
}

export function renderDeploymentLog(report: RunReport, opts: { timeZone?: string } = {}): string {
  const { run, rollback } = report;
  const { date, time } = dateParts(run.startedAt, opts.timeZone ?? 'UTC');
  const release = run.release ?? 'unknown release';
  const component = (id: string) => {
    const c = byId(report, id);
    return c ? `${release} (${id}: ${c.status})` : `${release} (not verified in this run)`;
  };
  const migrations = byId(report, 'fc.deploy.migrations');

  const issues = report.checks.filter((c) => c.status !== 'pass' && c.status !== 'skipped');
  const errorRate = report.measurements?.observed?.errorRate ?? findMetric(report.checks, 'errorRate', ['fc.load.k6'])?.value;
  const p95 = report.measurements?.observed?.p95Ms ?? findMetric(report.checks, 'p95Ms', ['fc.mon.alb-p95', 'fc.load.k6'])?.value;
  const rollbackLine =
    rollback.recommendation === 'none'
      ? 'No'
      : `${rollback.recommendation === 'immediate' ? 'Yes (immediate)' : 'To consider'} — ${procedureLabel(rollback) ?? 'procedure not stated'}`;

  return [
    `## Deployment: ${release}`,
    `**Date:** ${date}`,
    `**Time:** ${time}`,
    `**Duration:** ${formatDuration(run.durationMs)} (gate run ${run.runId})`,
    `**Status:** ${STATUS_TEXT[report.decision]}`,
    '',
    '### Deployed Components:',
    `- Backend: ${component('fc.deploy.backend')}`,
    `- Frontend: ${component('fc.deploy.frontend')}`,
    `- Database: ${migrations ? `${migrations.status === 'pass' ? 'migrations verified' : `migrations ${migrations.status}`} — ${oneLine(migrations.message)}` : 'migrations not checked in this run'}`,
    '',
    '### Issues Encountered:',
    ...(issues.length
      ? issues.map((c) => `- ${c.id} (${c.severity}) ${c.status}${isGateProblem(c) ? ' (gate problem, not the release)' : ''}: ${oneLine(c.message)}`)
      : ['- None']),
    '',
    `### Rollback: ${rollbackLine}`,
    ...(rollback.recommendation === 'none' ? [] : rollback.reasons.map((r) => `- ${oneLine(r)}`)),
    '',
    '### Post-Deployment:',
    `- Health checks: ${state(byId(report, 'fc.smoke.health'), 'Passing', 'Failing')}`,
    `- Error rate: ${errorRate === undefined ? 'not measured' : formatMetric('errorRate', errorRate)}`,
    `- Response time p95: ${p95 === undefined ? 'not measured' : formatMetric('p95Ms', p95)}`,
    `- Alarms: ${state(byId(report, 'fc.mon.alarms'), 'No alarms triggered', 'Alarms triggered')}`,
    '',
    '### Sign-off:',
    ...SIGNOFF_LINES.flowcomply!.map(unsignedLine),
    `- Gate evidence: postflight ${run.postflightVersion}, run ${run.runId}, decision ${report.decision} (sealed by manifest.json; check with \`postflight verify-evidence\`)`,
    '',
  ].join('\n');
}

/** FlowComply's runbook "Deployment Log Template": its profile asks for it (`runbookReports`). */
export function deploymentLogReporter(opts: FileReporterOptions & { timeZone?: string }): Reporter {
  return endOfRunReporter('deployment-log', opts, (report): Record<string, string> => ({ [DEPLOYMENT_LOG_FILE]: renderDeploymentLog(report, opts) }));
}

/** Financial RISE's go/no-go record (the runbook's attendees and verification): its profile asks for it. */
export function goNoGoRecordReporter(opts: FileReporterOptions & { timeZone?: string }): Reporter {
  return endOfRunReporter('go-no-go-record', opts, (report): Record<string, string> => ({ [GO_NO_GO_RECORD_FILE]: renderGoNoGoRecord(report) }));
}
