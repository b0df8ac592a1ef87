import { dirname } from 'node:path';
import type { CheckResult, Status } from '../../core/types.ts';
import { loadHistory } from '../history/index-file.ts';
import { lastGo } from '../history/trend.ts';
import { isGateProblem } from '../../verdict/cause.ts';
import { endOfRunReporter, type FileReporterOptions } from './file-reporter.ts';
import {
  byPhase,
  DECISION_ICON,
  evidenceHref,
  formatDuration,
  formatExpected,
  formatMetric,
  formatValue,
  GATE_HEALTH_INTRO,
  GATE_HEALTH_TITLE,
  gateProblemsOf,
  HOW_TO_READ,
  oneLine,
  procedureLabel,
  STATUS_ICON,
  STATUS_WORST_FIRST,
  worstFirst,
} from './format.ts';
import type { RunReport } from './report-doc.ts';
import type { Reporter } from './reporter.ts';

/**
 * summary.md, written to be pasted as a PR comment and read by the go/no-go meeting: the
 * decision, the advice with the exact command, counts and the link to the full report first,
 * then what went wrong (gate problems apart, then failures with their assertions), then the
 * rollback's reasons, and every check by phase folded away. Pure render; the reporter at the
 * bottom writes it (it reads the history index for the rollback target).
 */

export const SUMMARY_FILE = 'summary.md';

/** GitHub refuses comments over 65,536 characters; above this the phase tables are left out. */
export const PR_COMMENT_BUDGET = 60_000;

export interface SummaryContext {
  /** The release the last GO run verified on this environment: the rollback's `--to`. */
  lastGoRelease?: string;
}

/**
 * The rollback command the runbook's procedure runs (same form as orchestrator/target.ts's
 * rollbackCommand, which needs a resolved deploy target the report does not have).
 */
export function adviceCommand(report: RunReport, ctx: SummaryContext): string | undefined {
  const { run, rollback } = report;
  if (rollback.recommendation === 'none' || !rollback.procedure || /\s/.test(rollback.procedure)) return undefined;
  return [
    'postflight rollback',
    `--app ${run.app}`,
    `--env ${run.env}`,
    `--procedure ${rollback.procedure}`,
    ctx.lastGoRelease ? `--to ${ctx.lastGoRelease}` : '',
    rollback.destructive ? '--confirm-data-loss' : '',
    run.env === 'production' ? '--confirm-production' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** One sentence joining the decision and what to do. */
export function adviceSentence(report: RunReport, ctx: SummaryContext): string {
  const { rollback } = report;
  const proc = procedureLabel(rollback);
  const to = ctx.lastGoRelease ? ` to ${ctx.lastGoRelease} (the last release verified GO here)` : '';
  if (report.decision === 'GO')
    return rollback.recommendation === 'none'
      ? 'GO: no rollback; the release stays.'
      : `GO, but consider rolling back${to}${proc ? ` with procedure ${proc}` : ''}.`;
  if (report.decision === 'INCONCLUSIVE')
    return 'INCONCLUSIVE: the gate could not verify the release. Fix what it could not measure and run it again; do not roll back on this run alone.';
  const verb = rollback.recommendation === 'immediate' ? 'Roll back now' : rollback.recommendation === 'consider' ? 'Consider rolling back' : 'Do not release';
  return `NO-GO: ${verb}${rollback.recommendation === 'none' ? '' : to}${proc ? ` with procedure ${proc}` : ''}${rollback.destructive ? ' — it LOSES data written since the deploy and needs --confirm-data-loss' : ''}.`;
}

/** A table cell: one line, pipes escaped. */
const cell = (text: string): string => oneLine(text).replace(/\|/g, '\\|');
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

function runTable(report: RunReport): string[] {
  const r = report.run;
  const rows: [string, string][] = [
    ['Run', code(r.runId)],
    ['App / environment', `${r.appName} (${r.app}) on ${r.env}`],
    ['Release', r.release ?? 'not stated'],
    ['Targets', `API ${r.targets.apiUrl} · web ${r.targets.webUrl}`],
    ['Started / finished', `${r.startedAt} → ${r.finishedAt} (${formatDuration(r.durationMs)})`],
    ['Phases', r.phases.join(', ') || 'none'],
    ['Load engine', r.loadEngine ?? 'not used'],
    ['postflight', r.postflightVersion],
  ];
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`)];
}

function assertionTable(check: CheckResult): string[] {
  if (check.assertions.length === 0) return [];
  return [
    '| | assertion | expected | actual |',
    '|---|---|---|---|',
    ...check.assertions.map((a) => {
      const actual = a.values?.length ? `${formatValue(a.actual)} (samples ${a.values.join(', ')})` : formatValue(a.actual);
      return `| ${a.passed ? '✅' : '❌'} | ${cell(a.name)} | ${cell(formatExpected(a))} | ${cell(actual)} |`;
    }),
    '',
  ];
}

function evidenceLine(check: CheckResult): string[] {
  if (check.evidence.length === 0) return [];
  const links = check.evidence.map((e) => {
    const href = evidenceHref(e.path);
    return href ? `[${e.title || e.path}](${href})` : `${e.title} (${code(e.path)})`;
  });
  return [`Evidence: ${links.join(' · ')}`, ''];
}

function metricsLine(check: CheckResult): string[] {
  const entries = Object.entries(check.metrics ?? {});
  if (entries.length === 0) return [];
  return [`Metrics: ${entries.map(([k, v]) => `${k} ${formatMetric(k, v)}`).join(' · ')}`, ''];
}

/** Before the failures, and apart from them: what the gate could not do, with each fix. */
function gateHealthSection(report: RunReport): string[] {
  const problems = gateProblemsOf(report);
  if (problems.length === 0) return [];
  return [
    `## ⚙️ ${GATE_HEALTH_TITLE}`,
    '',
    GATE_HEALTH_INTRO,
    '',
    ...problems.flatMap((g) => [
      `- ${STATUS_ICON[g.status]} ${code(g.id)} ${g.status}: ${oneLine(g.message)}`,
      ...(g.fix ? [`  - **Fix:** ${oneLine(g.fix)}`] : []),
    ]),
    '',
  ];
}

/** The release's own problems; gate problems are in their own block above. */
function problemSection(checks: readonly CheckResult[]): string[] {
  const problems = worstFirst(checks.filter((c) => (c.status === 'fail' || c.status === 'error' || c.status === 'inconclusive') && !isGateProblem(c)));
  if (problems.length === 0) return [];
  const out = ['## Failures and checks that could not measure', ''];
  for (const c of problems) {
    out.push(`### ${STATUS_ICON[c.status]} ${c.status.toUpperCase()} ${code(c.id)} — ${cell(c.title)} (${c.severity})`, '');
    out.push(`Runbook: ${cell(c.runbookRef)}`, '', `> ${cell(c.message)}`, '');
    out.push(...assertionTable(c), ...evidenceLine(c), ...metricsLine(c));
  }
  return out;
}

/** Every waiver, so the meeting sees what the gate did not verify and who decided that. */
function waiverSection(report: RunReport): string[] {
  if (!report.waivers?.length) return [];
  return [
    '## Not verified by the gate (waived)',
    '',
    '| item | reason | configured by |',
    '|---|---|---|',
    ...report.waivers.map((w) => `| ${code(w.item)} | ${cell(w.reason)} | ${cell(w.by)} |`),
    '',
  ];
}

function phaseTables(checks: readonly CheckResult[]): string[] {
  const out = ['## Checks by phase', ''];
  for (const [phase, list] of byPhase(checks)) {
    out.push(`### ${phase}`, '', '| | check | severity | message | time |', '|---|---|---|---|---|');
    for (const c of list) {
      const flaky = c.flaky ? ` ⚠️ flaky (${c.attempts} attempts)` : '';
      out.push(
        `| ${STATUS_ICON[c.status]} ${c.status} | ${code(c.id)} ${cell(c.title)}${flaky} | ${c.severity} | ${cell(c.message)} | ${formatDuration(c.durationMs)} |`,
      );
    }
    out.push('');
  }
  return out;
}

export function renderSummary(report: RunReport, ctx: SummaryContext = {}): string {
  const { run, rollback } = report;
  const counts = STATUS_WORST_FIRST.map((s: Status) => `${STATUS_ICON[s]} ${report.counts[s]} ${s}`).join(' · ');
  const command = adviceCommand(report, ctx);
  const head = [
    `# ${DECISION_ICON[report.decision]} ${report.decision} — ${run.appName} on ${run.env}`,
    '',
    `Release ${run.release ?? 'not stated'} · run ${code(run.runId)} · ${formatDuration(run.durationMs)}`,
    '',
    `**Advice:** ${adviceSentence(report, ctx)}`,
    '',
    ...(command ? ['```sh', command, '```', ''] : []),
    `**Counts:** ${counts}`,
    '',
    '**Full report:** [index.html](index.html) · [verdict.json](verdict.json) · [junit.xml](junit.xml) (in the run folder; the manifest seals them: `postflight verify-evidence <folder>`)',
    '',
    ...gateHealthSection(report),
    ...problemSection(report.checks),
  ];
  const tail = [
    '---',
    '',
    '<details><summary>How to read this</summary>',
    '',
    '### How to read this',
    '',
    ...HOW_TO_READ.map((l) => `- ${l}`),
    '',
    '</details>',
    '',
  ];
  const phases = ['<details><summary>Every check by phase</summary>', '', ...phaseTables(report.checks), '</details>', ''];
  const lines = [
    ...head,
    `## Rollback: ${rollback.recommendation.toUpperCase()}`,
    '',
    ...(rollback.procedure ? [`**Procedure:** ${procedureLabel(rollback)}`, ''] : []),
    ...rollback.reasons.map((r) => `- ${oneLine(r)}`),
    '',
    '## Why',
    '',
    ...report.reasons.map((r) => `- ${oneLine(r)}`),
    '',
    ...waiverSection(report),
    '<details><summary>Run</summary>',
    '',
    ...runTable(report),
    '',
    '</details>',
    '',
  ];
  const full = [...lines, ...phases, ...tail].join('\n');
  if (full.length <= PR_COMMENT_BUDGET) return full;
  return [...lines, '_Every check by phase: left out to fit a PR comment; see index.html._', '', ...tail].join('\n');
}

export function summaryReporter(opts: FileReporterOptions): Reporter {
  return endOfRunReporter('summary.md', opts, (report) => {
    const go = lastGo(loadHistory(dirname(opts.dir)).entries, report.run.runId);
    return { [SUMMARY_FILE]: renderSummary(report, go?.release ? { lastGoRelease: go.release } : {}) };
  });
}
