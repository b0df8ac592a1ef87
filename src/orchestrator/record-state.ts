import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeCurrentState, type CurrentState } from '../evidence/current-state.ts';
import type { Replayed } from '../evidence/journal/replay.ts';
import { writeManifest } from '../evidence/manifest.ts';
import { rerenderIndex } from '../evidence/reporters/html.ts';
import type { DeployStory } from './deploy-story.ts';
import type { ProcedureBudget } from './deploy-phases.ts';

/**
 * Tells each gate run a deploy owns what happened after it: a NO-GO report written before the
 * rollback must not go on advising a rollback that already happened. Writes current-state.json
 * beside its verdict.json, renders its index.html again and writes its manifest again (the
 * folder changed on purpose, after the gate).
 */

/**
 * rows-lost.md (written by `postflight rollback` before a restore) as one line:
 * "lost 4 rows written since <snapshot> (users 3, assessments 1); confirmed with --confirm-data-loss".
 */
export function dataLossLine(deployDir: string, destructive: boolean, snapshotId: string | undefined): string {
  if (!destructive) return 'no data loss (the database was not touched)';
  const path = join(deployDir, 'rows-lost.md');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const tables = [...text.matchAll(/^\s+(\S+): (\d+) row\(s\) created since/gm)].map((m) => [m[1]!, Number(m[2])] as const);
  const total = tables.reduce((n, [, k]) => n + k, 0);
  const since = `since ${snapshotId ?? 'the snapshot'}`;
  if (!text) return `restored from ${snapshotId ?? 'the snapshot'}: data written since it was lost (rows not counted); needed --confirm-data-loss`;
  return `lost ${total} row(s) written ${since}${tables.length ? ` (${tables.map(([t, k]) => `${t} ${k}`).join(', ')})` : ''}; needed --confirm-data-loss`;
}

const clock = (iso?: string) => (iso ? iso.slice(11, 19) : '?');

/** Returns what could not be recorded (one line per gate run); the deploy's own report says so. */
export async function recordCurrentState(deployDir: string, r: Replayed, s: DeployStory, procedures: readonly ProcedureBudget[]): Promise<string[]> {
  const problems: string[] = [];
  const gates = [...r.steps.values()].filter((x) => x.state === 'succeeded' && typeof x.outputs.gateRun === 'string');
  if (!gates.length) return problems;
  const runId = r.plans[0]?.runId ?? r.header?.runId ?? '?';
  const rollbackPlan = r.plans.find((p) => p.kind.startsWith('rollback'));
  const procedureId = rollbackPlan?.kind.split(':')[1];
  const proc = procedures.find((p) => p.id === procedureId);
  const lastGate = gates.at(-1)!;
  const lastDir = join(deployDir, lastGate.outputs.gateRun as string);
  const c = s.closing;
  for (const g of gates) {
    const runDir = join(deployDir, g.outputs.gateRun as string);
    if (!existsSync(join(runDir, 'verdict.json'))) continue;
    const isLast = g === lastGate;
    const decision = g.outputs.decision as string;
    let state: CurrentState['state'];
    let summary: string;
    if (!isLast && c.rolledBack) {
      state = 'rolled-back';
      summary = `rolled back to ${c.release ?? '?'}${c.revision ? ` (${c.revision})` : ''}, verified ${c.decision ?? '?'} at ${clock(c.at)} UTC`;
    } else if (rollbackPlan && !c.rolledBack) {
      state = 'rollback-failed';
      summary = `the rollback${procedureId ? ` (procedure ${procedureId})` : ''} did not complete: ${c.line}`;
    } else if (decision === 'GO') {
      state = 'deployed';
      summary = rollbackPlan
        ? `this run verified the rollback: now on ${c.release ?? '?'}${c.revision ? ` (${c.revision})` : ''}, GO at ${clock(c.at)} UTC`
        : `deployed ${c.release ?? '?'}${c.revision ? ` (${c.revision})` : ''}, verified GO at ${clock(c.at)} UTC; the release stays`;
    } else {
      state = 'awaiting-decision';
      summary = `${decision} and NOT rolled back: ${c.release ?? '?'} still runs; the deploy printed the rollback command`;
    }
    const current: CurrentState = {
      schemaVersion: 1,
      state,
      summary,
      at: c.at ?? new Date().toISOString(),
      ...(c.release ? { release: c.release } : {}),
      ...(c.revision ? { revisions: { backend: c.revision } } : {}),
      ...(c.decision ? { decision: c.decision } : {}),
      deploy: { runId, href: relative(runDir, join(deployDir, 'deploy-report.html')) },
      ...(!isLast ? { verifiedBy: { runId: lastDir.split('/').at(-1)!, href: `${relative(runDir, lastDir)}/index.html` } } : {}),
      ...(c.snapshotId ? { snapshotId: c.snapshotId } : {}),
      ...(procedureId
        ? {
            rollback: {
              procedure: procedureId,
              ...(c.release ? { target: `release ${c.release}` } : {}),
              dataLoss: dataLossLine(deployDir, proc?.destructive ?? false, c.snapshotId),
            },
          }
        : {}),
    };
    try {
      writeCurrentState(runDir, current);
      rerenderIndex(runDir);
      await writeManifest(runDir);
    } catch (err) {
      // The deploy is done either way; its report says which page still shows the old state.
      problems.push(`Could not record the current state in ${relative(deployDir, runDir)}: ${(err as Error).message}`);
    }
  }
  return problems;
}
