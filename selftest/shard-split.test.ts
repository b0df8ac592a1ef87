/**
 * `verify --shard i/n` and `postflight merge`, the pure parts: the split (every check of the
 * plan on exactly one shard, the same split on every machine), the flag, the partial verdict
 * and the rules that refuse a merge. The real run is selftest/shard-merge-cli.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShard, shardScope, shardUnits, splitRun } from '../src/gate/shard.ts';
import { schedule } from '../src/gate/schedule.ts';
import { phasePlan } from '../src/gate/completeness.ts';
import { mergeProblems, mergeRequests, partialVerdict, runGroupsOf, type ShardFolder, type ShardRecord } from '../src/gate/shard-record.ts';
import { runGroupFromCi, runGroupProblem, UNGROUPED_NOTE } from '../src/gate/run-group.ts';
import type { SHARD_POLICY } from '../config/shard-policy.ts';
import type { AppId, Phase, Verdict } from '../src/core/types.ts';

const BOTH: AppId[] = ['financial-rise', 'flowcomply'];
const DEFAULT: Phase[] = ['smoke', 'perf', 'load', 'monitoring', 'db'];
const ALL: Phase[] = ['pre', 'deploy', 'smoke', 'perf', 'load', 'monitoring', 'db'];
const short = (app: AppId) => (app === 'financial-rise' ? 'fr' : 'fc');
const show = (apps: AppId[], phases: Phase[], total: number) =>
  Array.from({ length: total }, (_, i) =>
    shardUnits(apps, phases, { index: i + 1, total })
      .map((s) => s.map((u) => `${short(u.app)}.${u.phase}`).join(' + '))
      .join(' | '),
  );

test('split: whole suites and whole perf+load+monitoring per app, heaviest first on the least loaded shard', () => {
  const rows: Array<{ apps: AppId[]; phases: Phase[]; total: number; shards: string[] }> = [
    // Both apps on two machines: each machine gates one app, as an unsharded run of that app would.
    {
      apps: BOTH,
      phases: DEFAULT,
      total: 2,
      shards: ['fr.smoke + fr.db | fr.perf | fr.load | fr.monitoring', 'fc.smoke + fc.db | fc.perf | fc.load | fc.monitoring'],
    },
    // One app on two: its suites on one machine, its Lighthouse, load and alarms on the other.
    { apps: ['financial-rise'], phases: DEFAULT, total: 2, shards: ['fr.perf | fr.load | fr.monitoring', 'fr.smoke + fr.db'] },
    {
      apps: BOTH,
      phases: DEFAULT,
      total: 3,
      shards: ['fr.perf | fr.load | fr.monitoring', 'fc.perf | fc.load | fc.monitoring', 'fr.smoke + fr.db + fc.smoke + fc.db'],
    },
    // More shards than groups: the last is empty (it runs nothing), never an error.
    { apps: ['flowcomply'], phases: ['smoke', 'load'], total: 3, shards: ['fc.load', 'fc.smoke', ''] },
    {
      apps: BOTH,
      phases: DEFAULT,
      total: 1,
      shards: ['fr.smoke + fr.db + fc.smoke + fc.db | fr.perf | fc.perf | fr.load + fc.load | fr.monitoring + fc.monitoring'],
    },
    { apps: BOTH, phases: ['pre'], total: 2, shards: ['fr.pre', 'fc.pre'] },
  ];
  for (const row of rows) assert.deepEqual(show(row.apps, row.phases, row.total), row.shards, `${row.apps.join(',')} ${row.phases.join(',')} /${row.total}`);
});

test('split: every check id of the plan is owned by exactly one shard, for every app set, phase set and n', () => {
  const phaseSets: Phase[][] = [DEFAULT, ALL, ['smoke'], ['perf', 'load'], ['monitoring', 'db', 'pre'], []];
  for (const apps of [BOTH, ['financial-rise'], ['flowcomply']] as AppId[][])
    for (const phases of phaseSets)
      for (let total = 1; total <= 6; total++) {
        const owners = new Map<string, number[]>();
        for (let index = 1; index <= total; index++)
          for (const u of shardUnits(apps, phases, { index, total }).flat())
            for (const c of phasePlan(u.app, u.phase)) owners.set(c.id, [...(owners.get(c.id) ?? []), index]);
        const plan = apps.flatMap((a) => phases.flatMap((p) => phasePlan(a, p).map((c) => c.id)));
        const where = `${apps.join(',')} ${phases.join(',')} /${total}`;
        assert.deepEqual([...owners.keys()].sort(), [...plan].sort(), where);
        for (const [id, by] of owners) assert.equal(by.length, 1, `${id} on shards ${by.join(',')}: ${where}`);
        // Each shard keeps the schedule's own stage order (a subsequence of the unsharded stages).
        const units = schedule(apps, phases)
          .flat()
          .map((u) => `${u.app}/${u.phase}`);
        for (let index = 1; index <= total; index++) {
          const mine = shardUnits(apps, phases, { index, total })
            .flat()
            .map((u) => `${u.app}/${u.phase}`);
          assert.deepEqual(
            mine,
            units.filter((u) => mine.includes(u)),
            where,
          );
        }
        // Pure: the same input, the same split.
        assert.deepEqual(splitRun(apps, phases, total), splitRun(apps, phases, total));
      }
});

test('--shard: i/n from 1/1 to n/n; anything else lists every problem', () => {
  const rows: Array<[string, { index: number; total: number } | string[]]> = [
    ['1/2', { index: 1, total: 2 }],
    ['2/2', { index: 2, total: 2 }],
    ['1/1', { index: 1, total: 1 }],
    ['0/2', ['"0/2": shards are counted from 1 (1/2 is the first)']],
    ['3/2', ['"3/2": shard 3 of 2 does not exist']],
    ['x', ['"x" is not i/n (e.g. --shard 1/2)']],
    ['x/y', ['"x/y": the shard index "x" is not a whole number', '"x/y": the shard count "y" is not a whole number']],
    ['1/0', ['"1/0": the shard count must be from 1 to 64']],
    ['0/0', ['"0/0": the shard count must be from 1 to 64', '"0/0": shards are counted from 1 (1/0 is the first)']],
    ['1.5/2', ['"1.5/2": the shard index "1.5" is not a whole number']],
    ['', ['"" is not i/n (e.g. --shard 1/2)']],
  ];
  for (const [raw, want] of rows) {
    const got = parseShard(raw);
    if (Array.isArray(want)) assert.deepEqual('problems' in got ? got.problems : got, want, raw);
    else assert.deepEqual(got, { shard: want }, raw);
  }
});

const verdict = (decision: Verdict['decision']): Verdict => ({
  decision,
  rollback: { recommendation: decision === 'NO-GO' ? 'immediate' : 'none', reasons: [] },
  reasons: ['why'],
  counts: { pass: 1, fail: 0, error: 0, inconclusive: 0, skipped: 0, waived: 0 },
  gateHealth: [],
  policy: {
    rollback: { immediateErrorRate: 0, considerErrorRate: 0, immediateDegradation: 0, considerDegradation: 0, choice: { code: 'A', data: 'B', full: 'C' } },
    flakyBlocksGo: true,
    thresholds: {},
  },
});

test('a shard never says GO on its own: GO is withheld (INCONCLUSIVE, partial), NO-GO and INCONCLUSIVE stand', () => {
  const part = { shard: { index: 1, total: 2 }, plan: ['a', 'b', 'c'], owns: ['a'] };
  for (const [own, want] of [
    ['GO', 'INCONCLUSIVE'],
    ['NO-GO', 'NO-GO'],
    ['INCONCLUSIVE', 'INCONCLUSIVE'],
  ] as const) {
    const v = partialVerdict(verdict(own), part);
    assert.equal(v.decision, want, own);
    assert.match(v.reasons[0]!, /^partial: shard 1\/2 measured 1 of the plan's 3 check\(s\)/);
    assert.equal(v.reasons[1], 'why');
  }
  const grouped = partialVerdict(verdict('GO'), { ...part, runGroup: { id: '123-1', from: '--run-group' } });
  assert.match(grouped.reasons[0]!, /over every shard's folder of run group "123-1" \(its own part passed/);
});

const NIGHT = '2026-12-04T02:30:00.000Z';
const record = (index: number, owns: string[], over: Partial<ShardRecord> = {}, startedAt = NIGHT): ShardFolder => ({
  folder: `s${index}${over.app ? `-${over.app}` : ''}`,
  startedAt,
  record: {
    schemaVersion: 1,
    shard: { index, total: 2 },
    app: 'financial-rise',
    env: 'staging',
    release: 'v1',
    phases: ['smoke', 'perf'],
    plan: ['fr.smoke.health', 'fr.smoke.frontend', 'fr.perf.lighthouse'],
    owns,
    decideInput: { policy: {} as never, flakyBlocksGo: true },
    planKey: 'k1',
    ...over,
  },
});

test('merge rules: one app, env, release and plan; every plan id in exactly one folder; each problem named', () => {
  const one = record(1, ['fr.smoke.health', 'fr.smoke.frontend']);
  const two = record(2, ['fr.perf.lighthouse']);
  const rows: Array<{ name: string; folders: ShardFolder[]; problems: RegExp[] }> = [
    { name: 'both shards', folders: [one, two], problems: [] },
    { name: 'order does not matter', folders: [two, one], problems: [] },
    { name: 'a shard given twice', folders: [one, two, one], problems: [/^fr\.smoke\.health is in 2 shards: s1, s1/, /^fr\.smoke\.frontend is in 2 shards/] },
    { name: 'a shard missing', folders: [one], problems: [/^fr\.perf\.lighthouse is in no shard given/] },
    { name: 'nothing', folders: [], problems: [/^no shard folder given$/] },
    {
      name: 'two apps',
      folders: [one, record(2, ['fc.perf.lighthouse'], { app: 'flowcomply' })],
      problems: [/^the folders are of different apps: s1 \("financial-rise"\), s2-flowcomply \("flowcomply"\)/],
    },
    {
      name: 'two environments',
      folders: [one, record(2, ['fr.perf.lighthouse'], { env: 'production' })],
      problems: [/^the folders are of different environments/],
    },
    { name: 'two releases', folders: [one, record(2, ['fr.perf.lighthouse'], { release: 'v2' })], problems: [/^the folders are of different releases/] },
    {
      name: 'two shard counts',
      folders: [one, record(2, ['fr.perf.lighthouse'], { shard: { index: 2, total: 3 } })],
      problems: [/^the folders are of different shard counts/],
    },
    { name: 'two plans', folders: [one, record(2, ['fr.perf.lighthouse'], { planKey: 'k2' })], problems: [/^the folders are of different plans/] },
  ];
  for (const row of rows) {
    const got = mergeProblems(row.folders);
    assert.equal(got.length, row.problems.length, `${row.name}:\n${got.join('\n')}`);
    row.problems.forEach((re, i) => assert.match(got[i]!, re, row.name));
  }
});

test('merge rules: the shards of one run (one run group); ungrouped shards only when they started close together', () => {
  const group = (id: string) => ({ runGroup: { id, from: '--run-group' as const } });
  const later = (minutes: number) => new Date(Date.parse(NIGHT) + minutes * 60_000).toISOString();
  const one = (over: Partial<ShardRecord> = {}, at = NIGHT) => record(1, ['fr.smoke.health', 'fr.smoke.frontend'], over, at);
  const two = (over: Partial<ShardRecord> = {}, at = NIGHT) => record(2, ['fr.perf.lighthouse'], over, at);
  const rows: Array<{ name: string; folders: ShardFolder[]; policy?: typeof SHARD_POLICY; problems: RegExp[] }> = [
    { name: 'one group', folders: [one(group('123-1')), two(group('123-1'))], problems: [] },
    // The gap: the same plan, release and n, the complementary halves of two nights.
    {
      name: 'two groups (two nights)',
      folders: [one(group('123-1')), two(group('124-1'), later(24 * 60))],
      problems: [/^the folders are of different runs \(run groups\): s1 \("123-1"\), s2 \("124-1"\)$/],
    },
    // A re-run of only the failed job on GitHub is another attempt: not the same measurement.
    { name: 'another attempt', folders: [one(group('123-1')), two(group('123-2'))], problems: [/^the folders are of different runs .*"123-1".*"123-2"/] },
    {
      name: 'a group beside none',
      folders: [one(group('123-1')), two()],
      problems: [/^the folders are of run group "123-1" and of none \(.*\): s1 \("123-1"\), s2 \(none\)$/],
    },
    {
      name: 'two groups and none: one problem naming each',
      folders: [one(group('a')), two(group('b')), record(3, [])],
      problems: [/^the folders are of different runs \(run groups\): s1 \("a"\), s2 \("b"\), s3 \(none\)$/],
    },
    // Of other runs: the ownership of ids says nothing more (no "in 2 shards" noise).
    {
      name: 'two groups, a shard given twice',
      folders: [one(group('a')), two(group('a')), one(group('b'))],
      problems: [/^the folders are of different runs/],
    },
    {
      name: 'two groups and two apps: both named',
      folders: [one(group('a')), two({ ...group('b'), app: 'flowcomply' })],
      problems: [/different runs/, /different apps/],
    },
    { name: 'one group, a day apart: the group ties them', folders: [one(group('a')), two(group('a'), later(24 * 60))], problems: [] },
    { name: 'no groups, started together', folders: [one(), two(undefined, later(12))], problems: [] },
    { name: 'no groups, at the bound (6 h)', folders: [one(), two(undefined, later(6 * 60))], problems: [] },
    {
      name: 'no groups, past the bound',
      folders: [one(), two(undefined, later(6 * 60 + 1))],
      problems: [
        /^shards not tied to one run \(no --run-group\) started 6 h 1 min apart, more than the 6 h the shard policy allows \(config\/shard-policy\.ts\): s1 \(2026-12-04T02:30:00\.000Z\), s2 \(2026-12-04T08:31:00\.000Z\); give every shard of one run the same --run-group$/,
      ],
    },
    { name: 'no groups, two nights', folders: [two(undefined, later(24 * 60)), one()], problems: [/started 24 h apart/] },
    {
      name: 'the bound is the policy',
      folders: [one(), two(undefined, later(31))],
      policy: { ungroupedMaxStartSpreadMinutes: 30 },
      problems: [/started 31 min apart, more than the 30 min/],
    },
    { name: 'no groups, a start that is no time', folders: [one(), two(undefined, 'yesterday')], problems: [/^s2: its start time "yesterday" is not a time/] },
  ];
  for (const row of rows) {
    const got = mergeProblems(row.folders, row.policy);
    assert.equal(got.length, row.problems.length, `${row.name}:\n${got.join('\n')}`);
    row.problems.forEach((re, i) => assert.match(got[i]!, re, row.name));
  }
});

test("the merged verdict's note: the run group it merged, or that the merge trusted ungrouped shards", () => {
  const grouped = { runGroup: { id: '123-1', from: 'GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT' as const } };
  assert.deepEqual(runGroupsOf([record(1, [], grouped), record(2, [], grouped)]), { problems: [], note: 'merged 2 shard(s) of run group "123-1"' });
  const later = new Date(Date.parse(NIGHT) + 90 * 60_000).toISOString();
  assert.deepEqual(runGroupsOf([record(1, []), record(2, [], {}, later)]), {
    problems: [],
    note: `${UNGROUPED_NOTE} (their starts lie within 1 h 30 min; the shard policy allows 6 h)`,
  });
  assert.equal(UNGROUPED_NOTE, 'shards not tied to one run (no --run-group): the merge trusts they are');
});

test("--run-group's default: the CI's run identity from the environment given, else none; a bad id is named", () => {
  const rows: Array<[Record<string, string | undefined>, { id: string; from: string } | undefined]> = [
    [
      { GITHUB_RUN_ID: '123', GITHUB_RUN_ATTEMPT: '2' },
      { id: '123-2', from: 'GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT' },
    ],
    [{ GITHUB_RUN_ID: '123' }, { id: '123', from: 'GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT' }],
    [
      { GITHUB_RUN_ID: '123', GITHUB_RUN_ATTEMPT: '1', CI_PIPELINE_ID: '9' },
      { id: '123-1', from: 'GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT' },
    ],
    [{ CI_PIPELINE_ID: '456' }, { id: '456', from: 'CI_PIPELINE_ID' }],
    [{ GITHUB_RUN_ID: ' ', CI_PIPELINE_ID: '' }, undefined],
    [{ CI: 'true' }, undefined],
  ];
  for (const [env, want] of rows) assert.deepEqual(runGroupFromCi(env), want, JSON.stringify(env));
  for (const ok of ['123-1', 'nightly-2026-12-04', 'a', 'v1.2+build:7']) assert.equal(runGroupProblem(ok), undefined, ok);
  for (const bad of ['', '-1', 'two words', 'a/b', 'x'.repeat(129), 'ü'])
    assert.match(runGroupProblem(bad) ?? '', /is not a run group id \(1-128 of/, JSON.stringify(bad));
});

test('merged requests per rate limit: totals add up, the peak is the highest one shard saw', () => {
  const line = (limitId: string, spent: number, peak: number) => ({ limitId, label: limitId, limit: 5, windowS: 60, spent, peak });
  assert.deepEqual(mergeRequests([[line('login', 3, 2), line('register', 1, 1)], undefined, [line('login', 4, 3)]]), [
    line('login', 7, 3),
    line('register', 1, 1),
  ]);
  assert.deepEqual(mergeRequests([undefined, []]), []);
});

test("a shard's preflight scope: the apps and phases of its part only", () => {
  assert.deepEqual(shardScope(['financial-rise'], DEFAULT, { index: 1, total: 2 }), { apps: ['financial-rise'], phases: ['perf', 'load', 'monitoring'] });
  assert.deepEqual(shardScope(['financial-rise'], DEFAULT, { index: 2, total: 2 }), { apps: ['financial-rise'], phases: ['smoke', 'db'] });
  assert.deepEqual(shardScope(BOTH, DEFAULT, { index: 2, total: 2 }), { apps: ['flowcomply'], phases: DEFAULT });
  assert.deepEqual(shardScope(['flowcomply'], ['smoke', 'load'], { index: 3, total: 3 }), { apps: [], phases: [] });
});
