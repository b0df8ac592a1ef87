import { cp, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CheckResult } from '../core/types.ts';
import { createRunFolder, finalize } from '../evidence/run-folder.ts';
import { multiplex } from '../evidence/reporters/multiplex.ts';
import { runFolderReporters } from '../evidence/reporters/standard.ts';
import type { RunReport } from '../evidence/reporters/report-doc.ts';
import { hostFacts } from '../evidence/host-facts.ts';
import { checkFolder, isIntact } from '../evidence/verify-folder.ts';
import { decide } from '../verdict/decide.ts';
import { lastGoBaseline, observedMetrics, productionMetrics } from './baseline.ts';
import { recordRun, type AppRun } from './run-gate.ts';
import { mergeProblems, mergeRequests, runGroupsOf, type ShardFolder, type ShardRecord } from './shard-record.ts';

interface ReadShard extends ShardFolder {
  report: RunReport;
}

/** Reads each folder's shard.json and verdict.json and checks its seal; every problem is listed. */
async function readShards(folders: readonly string[]): Promise<{ shards: ReadShard[]; problems: string[] }> {
  const shards: ReadShard[] = [];
  const problems: string[] = [];
  for (const folder of folders) {
    try {
      const record = JSON.parse(await readFile(join(folder, 'shard.json'), 'utf8')) as ShardRecord;
      const report = JSON.parse(await readFile(join(folder, 'verdict.json'), 'utf8')) as RunReport;
      const sealed = await checkFolder(folder);
      if (!isIntact(sealed)) problems.push(`${folder}: the folder is not intact as sealed (postflight verify-evidence ${folder} says what changed)`);
      shards.push({ folder, record, report, startedAt: report.run.startedAt });
    } catch (err) {
      problems.push(`${folder}: not a shard's run folder (${(err as Error).message.split('\n')[0]}); give the folders \`verify --shard i/n\` wrote`);
    }
  }
  return { shards, problems };
}

/**
 * `postflight merge`: the shards' folders of one app and plan become one run folder with one
 * verdict, decided by the same pure decide() over every result (never by combining the
 * shards' decisions), the normal evidence and a history entry. Each shard's folder is copied
 * whole under `shards/<i>-of-<n>/` and the results' evidence paths point there.
 */
export async function mergeShards(
  folders: readonly string[],
  opts: { outRoot?: string; log: (line: string) => void; now?: () => Date },
): Promise<{ problems: string[] } | { run: AppRun; appName: string }> {
  const now = opts.now ?? (() => new Date());
  const read = await readShards(folders.map((f) => resolve(f)));
  const problems = [...read.problems, ...(read.problems.length ? [] : mergeProblems(read.shards))];
  if (problems.length) return { problems };
  const shards = [...read.shards].sort((a, b) => a.record.shard.index - b.record.shard.index);
  const { record } = shards[0]!;
  // By default the merged folder sits beside the shards' (<out>/<app>/<env>/<run-id>/).
  const outRoot = opts.outRoot ?? dirname(dirname(dirname(shards[0]!.folder)));
  const folder = await createRunFolder({ root: outRoot, app: record.app, env: record.env, now: now() });
  const order = new Map(record.plan.map((id, i) => [id, i]));
  const results: CheckResult[] = [];
  for (const s of shards) {
    const sub = `shards/${s.record.shard.index}-of-${s.record.shard.total}`;
    await cp(s.folder, folder.path(sub), { recursive: true });
    for (const r of s.report.checks) results.push({ ...r, evidence: r.evidence.map((a) => ({ ...a, path: `${sub}/${a.path}` })) });
  }
  results.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const reporters = multiplex(
    runFolderReporters({ dir: folder.dir, ...(record.runbookReports ? { runbookReports: record.runbookReports } : {}) }),
    opts.log,
    now,
  );
  const { finishedAt: _f, durationMs: _d, ...meta } = shards[0]!.report.run;
  const startedAt = shards.map((s) => s.report.run.startedAt).sort()[0]!;
  await reporters.onRunStart({ ...meta, runId: folder.runId, startedAt, phases: record.phases, host: hostFacts() });
  for (const r of results) await reporters.onResult(r);
  const baseline = await lastGoBaseline(dirname(folder.dir), folder.runId);
  const observed = observedMetrics(results);
  // The production criteria are read from the results like in an unsharded run (run-gate.ts).
  const production = productionMetrics(results);
  const decided = decide(results, {
    ...record.decideInput,
    ...(baseline.p95Ms !== undefined ? { baseline: { p95Ms: baseline.p95Ms } } : {}),
    observed,
    ...(production ? { production } : {}),
  });
  const requests = mergeRequests(shards.map((s) => s.report.requests));
  // Which run the parts are of: ungrouped shards are trusted, and the verdict says so first.
  const { note } = runGroupsOf(shards);
  const grouped = shards.some((s) => s.record.runGroup);
  const reasons = !note ? decided.reasons : grouped ? [...decided.reasons, note] : [note, ...decided.reasons];
  const verdict = { ...decided, reasons, ...(requests.length ? { requests } : {}) };
  const finishedAt = shards
    .map((s) => s.report.run.finishedAt)
    .sort()
    .at(-1)!;
  await reporters.onRunEnd(verdict, results, { finishedAt, observed, ...(baseline.p95Ms !== undefined ? { baseline: { p95Ms: baseline.p95Ms } } : {}) });
  // The shards' folders were redacted with their secrets; the generic patterns run again here.
  const sealed = await finalize(folder.dir, [], now());
  const recorded = await recordRun(folder.dir, sealed.manifestSha256);
  const evidenceProblems = [
    ...(recorded ? [recorded] : []),
    ...reporters.failures.map((f) => `reporter ${f.reporter} failed in ${f.event}`),
    ...sealed.warnings,
  ];
  return {
    run: { app: record.app, runDir: folder.dir, verdict, results, evidenceProblems, phaseSeconds: {}, manifestSha256: sealed.manifestSha256 },
    appName: record.decideInput.appName ?? record.app,
  };
}
