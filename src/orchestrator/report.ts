import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppId } from '../core/types.ts';
import { hostFacts } from '../evidence/host-facts.ts';
import { replay, type Replayed } from '../evidence/journal/replay.ts';
import { DEPLOY_BUDGET_MIN, DEPLOY_PHASES, PHASE_BUDGET_MIN } from './deploy-phases.ts';
import { deployStory, type DeployStory } from './deploy-story.ts';
import { renderDeployHtml } from './report-html.ts';
import { recordCurrentState } from './record-state.ts';
import { timeline, type Timeline } from './timeline.ts';
import { humanMs } from '../platforms/wait.ts';

/**
 * `deploy-report.md` and `deploy-report.html` of a deploy folder, from its journal alone (so a
 * resumed or crashed run reports the same way): the story, the closing state, every step with
 * what ran and what it meant, the steps left out, the timeline against the runbook's budgets
 * and a small manifest. Paths are relative to the folder. Afterwards each gate run the deploy
 * owns is told what happened after it (current-state.json) and its index.html rendered again.
 */

export type { ProcedureBudget } from './deploy-phases.ts';
export type { DeployManifest, DeployReportData, TimelineLine } from './deploy-report-data.ts';
import type { DeployManifest, DeployReportData, TimelineLine } from './deploy-report-data.ts';
import type { ProcedureBudget } from './deploy-phases.ts';

export const DEPLOY_REPORT_MD = 'deploy-report.md';
export const DEPLOY_REPORT_HTML = 'deploy-report.html';

export function budgetsFor(app: AppId, procedures: readonly ProcedureBudget[]): Record<string, number> {
  const out: Record<string, number> = { ...PHASE_BUDGET_MIN[app] };
  // rollback-plan.ts names the phase `Rollback <id>: <title>`; the budget is the runbook's upper bound.
  for (const p of procedures) out[`Rollback ${p.id}: ${p.title}`] = p.budgetMinutes.max;
  return out;
}

export function readJournal(dir: string): Replayed {
  return replay(
    readFileSync(join(dir, 'journal.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim()),
  );
}

/** `deploy -> NO-GO -> rollback:A -> GO`: the story a go/no-go meeting reads first. */
export function story(r: Replayed): string {
  const parts: string[] = [];
  for (const e of r.events) {
    if (e.event === 'plan') parts.push(e.kind);
    if (e.event === 'run-end') parts.push(e.decision);
    if (e.event === 'run-stopped' && e.status !== 'completed') parts.push(`stopped at ${e.atStep} (${e.status})`);
  }
  return parts.join(' -> ');
}

const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
const clock = (iso?: string) => (iso ? iso.slice(11, 19) : '—');

/** Phases of the runbook the plan left out entirely (every step of them left out), in runbook order. */
export function leftOutPhases(r: Replayed, app: AppId): string[] {
  if (!r.plans.some((p) => p.kind === 'deploy')) return [];
  const planned = new Set(r.plans.flatMap((p) => p.steps.map((s) => s.phase)));
  return [...new Set(DEPLOY_PHASES[app].map((s) => s.phase))].filter((p) => !planned.has(p));
}

/** Steps of a planned phase the plan left out, by phase: "Phase 1: Database Migration" -> [fr.orch.migrate, fr.orch.seed]. */
function leftOutSteps(r: Replayed, app: AppId): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!r.plans.some((p) => p.kind === 'deploy')) return out;
  const planned = new Set(r.plans.flatMap((p) => p.steps.map((s) => s.id)));
  for (const s of DEPLOY_PHASES[app].filter((x) => !planned.has(x.id))) out.set(s.phase, [...(out.get(s.phase) ?? []), s.id]);
  return out;
}

/** The timeline's rows in runbook order, a phase left out entirely in its place and marked so. */
export function timelineLines(t: Timeline, r: Replayed, app: AppId): TimelineLine[] {
  const gone = leftOutSteps(r, app);
  const lines = new Map<string, TimelineLine>();
  for (const row of t.rows) {
    const left = gone.get(row.phase);
    lines.set(row.phase, {
      phase: row.phase,
      status: `${row.status}${row.unfinishedAttempts ? ` (${row.unfinishedAttempts} attempt killed)` : ''}${left ? ` (left out: ${left.join(', ')}: no command configured)` : ''}`,
      time: humanMs(row.durationMs),
      budget: row.budgetMs !== undefined ? `${humanMs(row.budgetMs)}${row.overBudget ? ' **over**' : ''}` : '—',
    });
  }
  for (const p of leftOutPhases(r, app)) lines.set(p, { phase: p, status: 'left out: no command configured', time: '—', budget: '—' });
  const order = [...new Set(DEPLOY_PHASES[app].map((s) => s.phase))];
  const rank = (p: string) => (order.includes(p) ? order.indexOf(p) : order.length);
  return [...lines.values()].sort((a, b) => rank(a.phase) - rank(b.phase));
}

export function renderTimeline(t: Timeline, lines?: readonly TimelineLine[]): string[] {
  const out = [row(['phase', 'status', 'time', 'runbook budget']), row(['---', '---', '---', '---'])];
  const body =
    lines ??
    t.rows.map((r) => ({
      phase: r.phase,
      status: r.status + (r.unfinishedAttempts ? ` (${r.unfinishedAttempts} attempt killed)` : ''),
      time: humanMs(r.durationMs),
      budget: r.budgetMs !== undefined ? `${humanMs(r.budgetMs)}${r.overBudget ? ' **over**' : ''}` : '—',
    }));
  for (const l of body) out.push(row([l.phase, l.status, l.time, l.budget]));
  out.push(
    row([
      '**total**',
      '',
      humanMs(t.totalMs),
      t.totalBudgetMs !== undefined ? `${humanMs(t.totalBudgetMs)} (deploy window)${t.overBudget ? ' **over**' : ''}` : '—',
    ]),
  );
  return out;
}

function manifestOf(dir: string, r: Replayed, s: DeployStory): DeployManifest {
  const host = hostFacts();
  const before = [...r.steps.values()].find((x) => x.stepId.endsWith('.orch.revisions'))?.outputs;
  return {
    ...(r.plans[0]?.release ? { release: r.plans[0].release } : {}),
    ...(before
      ? {
          revisionsBefore: Object.entries(before)
            .map(([k, v]) => `${k} ${String(v)}`)
            .join(', '),
        }
      : {}),
    ...(s.closing.revision ? { revisionNow: s.closing.revision } : {}),
    ...(s.closing.snapshotId ? { snapshotId: s.closing.snapshotId } : {}),
    journalSha256: createHash('sha256')
      .update(readFileSync(join(dir, 'journal.jsonl')))
      .digest('hex'),
    postflight: host.gitSha ? `git ${host.gitSha.slice(0, 12)}` : 'git sha not recorded',
    tools: [`node ${host.node}`, host.playwright ? `playwright ${host.playwright}` : ''].filter(Boolean).join(', '),
    cores: host.cores,
  };
}

export function renderDeployMarkdown(d: DeployReportData): string {
  const { s } = d;
  const lines = [
    `# ${d.title}`,
    '',
    `**Story:** ${d.story}`,
    '',
    `**Now:** ${s.closing.line}.`,
    ...(s.timeToRestoreMs !== undefined
      ? ['', `**Time to restore:** ${humanMs(s.timeToRestoreMs)} (from the NO-GO to the restored release verified GO).`]
      : []),
    '',
    ...d.extra,
    ...(d.extra.length ? [''] : []),
    '## Steps',
    '',
    row(['step', 'phase', 'ran', 'outcome', 'started', 'finished', 'time', 'attempts', 'message']),
    row(['---', '---', '---', '---', '---', '---', '---', '---', '---']),
    ...s.steps.map((x) =>
      row([
        x.stepId,
        x.phase,
        x.ran,
        x.outcome,
        clock(x.startedAt),
        clock(x.finishedAt),
        x.durationMs !== undefined ? humanMs(x.durationMs) : '—',
        String(x.attempts),
        `${x.message}${x.gateLink ? ` (report: ${x.gateLink}/index.html)` : ''}`,
      ]),
    ),
    '',
    '## Timeline (against the runbook budgets)',
    '',
    ...renderTimeline(d.t, d.lines),
    '',
    '## Manifest',
    '',
    ...Object.entries(d.manifest).map(([k, v]) => `- ${k}: ${String(v)}`),
    '',
    "Evidence: `journal.jsonl` (every step with inputs, outputs, timings and calls), `steps/<step>/` (each step's output), `gate-*` (the gate runs, linked). Times are UTC.",
    '',
  ];
  return lines.join('\n');
}

export async function writeDeployReport(
  dir: string,
  app: AppId,
  procedures: readonly ProcedureBudget[],
  extra: string[] = [],
): Promise<{ path: string; story: string; timeline: Timeline }> {
  const r = readJournal(dir);
  const t = timeline(r, budgetsFor(app, procedures), DEPLOY_BUDGET_MIN[app]);
  // <root>/deploys/<app>/<env>/<run>: absolute paths under <root> become relative to this folder.
  const root = resolve(dir, '..', '..', '..', '..');
  const s = deployStory(r, app, { absRoot: `${root}/`, relRoot: '../../../../' });
  const first = r.plans[0];
  const data: DeployReportData = {
    title: `${first?.kind ?? 'run'} of ${app}${first?.release ? ` ${first.release}` : ''} on ${first?.env ?? '?'} — run ${first?.runId ?? '?'}`,
    story: story(r),
    extra: extra.map((e) => e.split(`${root}/`).join('../../../../')),
    s,
    t,
    lines: timelineLines(t, r, app),
    manifest: manifestOf(dir, r, s),
  };
  data.extra.push(...(await recordCurrentState(dir, r, s, procedures)));
  const path = join(dir, DEPLOY_REPORT_MD);
  writeFileSync(path, renderDeployMarkdown(data));
  writeFileSync(join(dir, DEPLOY_REPORT_HTML), renderDeployHtml(data));
  return { path, story: data.story, timeline: t };
}
