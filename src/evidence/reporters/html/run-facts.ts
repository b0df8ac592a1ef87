import { createHash } from 'node:crypto';
import { PHASES, type CheckResult, type Status } from '../../../core/types.ts';
import { escapeHtml as h, formatDuration } from '../format.ts';
import type { RunReport } from '../report-doc.ts';
import type { CurrentState } from '../../current-state.ts';
import { gantt, type GanttRow } from './gantt.ts';

/**
 * What the run was: its phases on a time axis (Gantt) and the manifest box: git sha, release,
 * revisions, snapshot, the hash of the policy that judged it, tool versions, host cores.
 */

const tone = (checks: readonly CheckResult[]): GanttRow['tone'] => {
  const s = new Set<Status>(checks.map((c) => c.status));
  return s.has('fail') ? 'bad' : s.has('error') || s.has('inconclusive') ? 'warn' : s.has('pass') ? 'ok' : 'idle';
};

export function phaseRows(report: RunReport): GanttRow[] {
  const rows: GanttRow[] = [];
  for (const phase of PHASES) {
    const checks = report.checks.filter((c) => c.phase === phase && Number.isFinite(Date.parse(c.startedAt)));
    if (!checks.length) continue;
    const start = Math.min(...checks.map((c) => Date.parse(c.startedAt)));
    const end = Math.max(...checks.map((c) => Date.parse(c.startedAt) + (c.durationMs || 0)));
    rows.push({ label: `${phase} (${checks.length} checks)`, start, end, tone: tone(checks) });
  }
  return rows;
}

export function timelineSection(report: RunReport): string {
  const chart = gantt(phaseRows(report), 'phase timeline');
  if (!chart) return '';
  return `<section id="timeline"><h2>Phase timeline</h2><p class="muted">Each bar spans the first check's start to the last check's end of a phase (UTC); the run took ${h(formatDuration(report.run.durationMs))}.</p>${chart}</section>`;
}

/** The policy (thresholds, bands) as a short hash: two runs judged by the same limits show the same one. */
export const policyHash = (report: RunReport): string =>
  report.policy ? createHash('sha256').update(JSON.stringify(report.policy)).digest('hex').slice(0, 12) : 'not recorded';

export function manifestBox(report: RunReport, current?: CurrentState): string {
  const r = report.run;
  const host = r.host;
  const rows: [string, string][] = [
    ['Release', r.release ?? 'not stated'],
    [
      'Revisions now',
      current?.revisions
        ? Object.entries(current.revisions)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')
        : 'not recorded (a run without a deploy)',
    ],
    ['Snapshot', current?.snapshotId ?? 'none recorded'],
    ['Git sha (postflight)', host?.gitSha ?? 'not recorded'],
    ['Policy hash', policyHash(report)],
    [
      'Tools',
      [
        `postflight ${r.postflightVersion}`,
        host?.node ? `node ${host.node}` : '',
        host?.playwright ? `playwright ${host.playwright}` : '',
        host?.lighthouse ? `lighthouse ${host.lighthouse}` : '',
      ]
        .filter(Boolean)
        .join(', '),
    ],
    ['Host cores', host?.cores !== undefined ? String(host.cores) : 'not recorded'],
    ['Targets', `${r.targets.apiUrl} · ${r.targets.webUrl}`],
    ['Phases', r.phases.join(', ') || 'none'],
    ...(r.loadEngine ? [['Load engine', r.loadEngine] as [string, string]] : []),
    ['Started', r.startedAt],
    ['Finished', `${r.finishedAt} (${formatDuration(r.durationMs)})`],
  ];
  return (
    `<section id="manifest"><h2>Manifest</h2><dl>${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>` +
    `<p class="muted">manifest.json in this folder holds the sha256 of every file.</p></section>`
  );
}
