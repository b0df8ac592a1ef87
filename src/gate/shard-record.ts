import { createHash } from 'node:crypto';
import type { AppId, Phase, RequestsSpent, Verdict } from '../core/types.ts';
import type { RunbookReport } from '../config/app-profile.ts';
import type { DecideInput } from '../verdict/decide.ts';
import { SHARD_POLICY, type ShardPolicy } from '../../config/shard-policy.ts';
import type { ShardSpec } from './shard.ts';
import { judgeRunGroups, type RunGroup } from './run-group.ts';

/**
 * `shard.json` in a shard's run folder: which part of which plan it is. `postflight merge`
 * reads nothing else to know whether folders belong together, and re-decides from the
 * results with `decideInput` (the same pure decide() an unsharded run calls), never by
 * combining the shards' own decisions.
 */
export interface ShardRecord {
  schemaVersion: 1;
  shard: ShardSpec;
  /** The run this shard is part of (`--run-group`, else the CI's run id); absent: none known. */
  runGroup?: RunGroup;
  app: AppId;
  env: string;
  release?: string;
  phases: Phase[];
  /** Every check id the unsharded run of this app would owe, in plan order. */
  plan: string[];
  /** The ids this shard owes (its groups' phases): its part of `plan`. */
  owns: string[];
  /** decide()'s input minus what only the merge knows (baseline, observed). */
  decideInput: Omit<DecideInput, 'baseline' | 'observed'>;
  /** The runbook documents the app's folders carry (the merged folder writes them too). */
  runbookReports?: RunbookReport[];
  /** Same key = same plan: app, env, release, phases, ids and decision policy. */
  planKey: string;
}

export function planKeyOf(r: Omit<ShardRecord, 'planKey' | 'shard' | 'owns' | 'schemaVersion' | 'runbookReports'>): string {
  const { app, env, release, phases, plan, decideInput } = r;
  return createHash('sha256')
    .update(JSON.stringify({ app, env, release: release ?? null, phases, plan, decideInput }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * A shard's own verdict is partial: it saw only its part of the plan, so it never says GO.
 * GO becomes INCONCLUSIVE (the literal truth: the release is not fully measured until the
 * merge). NO-GO stays NO-GO: a target failure in any part is a NO-GO of the whole (decide's
 * NO-GO depends on the failures alone), so CI learns it from the shard without waiting.
 * A new decision value was not chosen: exit codes, history and the schemas know three.
 */
export function partialVerdict(verdict: Verdict, record: Pick<ShardRecord, 'shard' | 'plan' | 'owns' | 'runGroup'>): Verdict {
  const { index, total } = record.shard;
  const group = record.runGroup ? ` of run group ${JSON.stringify(record.runGroup.id)}` : '';
  const note = `partial: shard ${index}/${total} measured ${record.owns.length} of the plan's ${record.plan.length} check(s); the decision is made by \`postflight merge\` over every shard's folder${group}${verdict.decision === 'GO' ? ' (its own part passed: GO is withheld until then)' : ''}`;
  return { ...verdict, decision: verdict.decision === 'GO' ? 'INCONCLUSIVE' : verdict.decision, reasons: [note, ...verdict.reasons] };
}

export interface ShardFolder {
  folder: string;
  record: ShardRecord;
  /** The shard run's start (its verdict.json `run.startedAt`): ungrouped shards must be close. */
  startedAt: string;
}

/** Whether the folders are of one run, and the note the merged verdict carries (run-group.ts). */
export function runGroupsOf(folders: readonly ShardFolder[], policy: ShardPolicy = SHARD_POLICY): ReturnType<typeof judgeRunGroups> {
  return judgeRunGroups(
    folders.map((f) => ({ folder: f.folder, startedAt: f.startedAt, ...(f.record.runGroup ? { runGroup: f.record.runGroup.id } : {}) })),
    policy,
  );
}

/**
 * Pure: the problems that forbid merging these folders, every one named (empty = mergeable).
 * One run (src/gate/run-group.ts), app, environment, release and plan; each plan id owned by
 * exactly one folder.
 */
export function mergeProblems(folders: readonly ShardFolder[], policy: ShardPolicy = SHARD_POLICY): string[] {
  if (folders.length === 0) return ['no shard folder given'];
  const problems: string[] = [];
  const first = folders[0]!;
  const differ = (what: string, of: (f: ShardFolder) => unknown) => {
    const values = [...new Set(folders.map((f) => JSON.stringify(of(f) ?? null)))];
    if (values.length > 1)
      problems.push(`the folders are of different ${what}: ${folders.map((f) => `${f.folder} (${JSON.stringify(of(f) ?? null)})`).join(', ')}`);
    return values.length > 1;
  };
  const groups = runGroupsOf(folders, policy).problems;
  problems.push(...groups);
  const apart = [
    groups.length > 0,
    differ('apps', (f) => f.record.app),
    differ('environments', (f) => f.record.env),
    differ('releases', (f) => f.record.release),
    differ('shard counts', (f) => f.record.shard.total),
  ].some(Boolean);
  if (!apart && differ('plans (phases, checks or decision policy; e.g. other --only or --lighthouse-runs)', (f) => f.record.planKey)) return problems;
  if (apart) return problems;
  const owners = new Map<string, string[]>();
  for (const f of folders) for (const id of f.record.owns) owners.set(id, [...(owners.get(id) ?? []), f.folder]);
  for (const [id, by] of owners)
    if (by.length > 1) problems.push(`${id} is in ${by.length} shards: ${by.join(', ')} (a shard given twice, or shards of two runs)`);
  for (const id of first.record.plan)
    if (!owners.has(id)) problems.push(`${id} is in no shard given: a shard's folder is missing (the plan has ${first.record.plan.length} check(s))`);
  for (const id of owners.keys()) if (!first.record.plan.includes(id)) problems.push(`${id} is owned by a shard but not in the plan`);
  return problems;
}

/**
 * What the shards spent per rate limit, for the merged verdict: totals add up; the peak is the
 * highest one shard saw in a window (shards on other machines count apart: a lower bound).
 */
export function mergeRequests(lists: ReadonlyArray<readonly RequestsSpent[] | undefined>): RequestsSpent[] {
  const byLimit = new Map<string, RequestsSpent>();
  for (const line of lists.flatMap((l) => l ?? [])) {
    const had = byLimit.get(line.limitId);
    byLimit.set(line.limitId, had ? { ...had, spent: had.spent + line.spent, peak: Math.max(had.peak, line.peak) } : { ...line });
  }
  return [...byLimit.values()];
}
