import type { ShardPolicy } from '../../config/shard-policy.ts';

/**
 * The run group ties the shards of one run together (`verify --shard i/n --run-group <id>`):
 * complementary shards of two runs (two nights, same plan, release and n) would otherwise
 * merge into one verdict that no single run measured. The id is the CI's own run identity
 * when the CI gives one, so a CI job needs no flag; `--run-group` names it anywhere else.
 */
export interface RunGroup {
  id: string;
  /** Where the id came from, for the record: the flag or the CI variables read. */
  from: '--run-group' | 'GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT' | 'CI_PIPELINE_ID';
}

/** Printable in messages and file names, short enough to read in a list of folders. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}$/;

/** Checks an id (exit 3 at the caller when it is not one). */
export function runGroupProblem(id: string): string | undefined {
  if (ID.test(id)) return undefined;
  return `"${id}" is not a run group id (1-128 of A-Z a-z 0-9 . _ : + -, starting with a letter or digit)`;
}

/**
 * The default id from the environment the CLI was given: GitHub Actions' run id and attempt
 * (the same `<run_id>-<run_attempt>` the nightly workflow passes), else GitLab's pipeline id,
 * else none. A re-run of failed jobs only has another attempt: a new run, on purpose.
 */
export function runGroupFromCi(env: Readonly<Record<string, string | undefined>>): RunGroup | undefined {
  const github = env.GITHUB_RUN_ID?.trim();
  if (github) {
    const attempt = env.GITHUB_RUN_ATTEMPT?.trim();
    return { id: attempt ? `${github}-${attempt}` : github, from: 'GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT' };
  }
  const gitlab = env.CI_PIPELINE_ID?.trim();
  return gitlab ? { id: gitlab, from: 'CI_PIPELINE_ID' } : undefined;
}

/** What the merge knows of each folder for this rule: its group and when the shard started. */
export interface GroupedFolder {
  folder: string;
  runGroup?: string;
  /** The shard run's start (verdict.json `run.startedAt`). */
  startedAt: string;
}

const UNGROUPED = 'shards not tied to one run (no --run-group)';
export const UNGROUPED_NOTE = `${UNGROUPED}: the merge trusts they are`;

/**
 * Pure: whether these shards are of one run. Every folder carries the same group id; a folder
 * without one among folders with one is refused (a shard of some other run, or of an older
 * postflight); when none has one, the merge goes ahead with `note` (for the merged verdict's
 * reasons) only if their starts lie within the shard policy's bound.
 */
export function judgeRunGroups(folders: readonly GroupedFolder[], policy: ShardPolicy): { problems: string[]; note?: string } {
  const list = folders.map((f) => `${f.folder} (${f.runGroup === undefined ? 'none' : JSON.stringify(f.runGroup)})`).join(', ');
  const ids = [...new Set(folders.flatMap((f) => (f.runGroup === undefined ? [] : [f.runGroup])))];
  if (ids.length > 1) return { problems: [`the folders are of different runs (run groups): ${list}`] };
  if (ids.length === 1 && folders.some((f) => f.runGroup === undefined))
    return {
      problems: [`the folders are of run group ${JSON.stringify(ids[0])} and of none (a shard of another run, or one run without --run-group): ${list}`],
    };
  if (ids.length === 1) return { problems: [], note: `merged ${folders.length} shard(s) of run group ${JSON.stringify(ids[0])}` };
  const starts = folders.map((f) => ({ f, at: Date.parse(f.startedAt) }));
  const unreadable = starts.filter((s) => Number.isNaN(s.at));
  if (unreadable.length)
    return {
      problems: unreadable.map((s) => `${s.f.folder}: its start time "${s.f.startedAt}" is not a time, and it has no run group to tie it to the others`),
    };
  if (starts.length === 0) return { problems: [] };
  const spreadMin = (Math.max(...starts.map((s) => s.at)) - Math.min(...starts.map((s) => s.at))) / 60_000;
  const bound = policy.ungroupedMaxStartSpreadMinutes;
  if (spreadMin > bound)
    return {
      problems: [
        `${UNGROUPED} started ${duration(spreadMin)} apart, more than the ${duration(bound)} the shard policy allows (config/shard-policy.ts): ${folders.map((f) => `${f.folder} (${f.startedAt})`).join(', ')}; give every shard of one run the same --run-group`,
      ],
    };
  return { problems: [], note: `${UNGROUPED_NOTE} (their starts lie within ${duration(spreadMin)}; the shard policy allows ${duration(bound)})` };
}

/** 90 -> "1 h 30 min", 0.4 -> "0 min": a reader's unit. */
function duration(minutes: number): string {
  const m = Math.round(minutes);
  const h = Math.floor(m / 60);
  return h ? `${h} h${m % 60 ? ` ${m % 60} min` : ''}` : `${m} min`;
}
