/**
 * `verify --shard 1/2` + `--shard 2/2` + `postflight merge` == one unsharded run, through the
 * real CLI against one sandbox (Financial RISE, smoke + db + a 5 s embedded load window, so
 * both groups of the split run: the suites on one shard, the load on the other):
 * - each shard's folder says it is shard i/n (shard.json: the ids it owns), never GO;
 * - the merged folder has the same check ids and the same decision as the unsharded run, the
 *   normal evidence, an intact seal and a history entry;
 * - a shard given twice and a shard missing are refused (exit 3, the check ids named), and
 *   nothing is written; a bad --shard lists every problem with exit 3;
 * - the shards carry their run group (--run-group): a shard of another run (a copy of shard 2
 *   with another group, re-sealed: no extra verify) is refused naming both ids, so is one
 *   without a group; shards without any group merge, the verdict saying the merge trusted them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { RunReport } from '../src/evidence/reporters/report-doc.ts';
import type { ShardRecord } from '../src/gate/shard-record.ts';
import { checkFolder, isIntact } from '../src/evidence/verify-folder.ts';
import { finalize } from '../src/evidence/run-folder.ts';
import { scanRunFolders } from '../src/evidence/history/index-file.ts';

const run = promisify(execFile);
const QUICK = ['--only', 'smoke,db,load', '--load-duration', '5', '--load-engine', 'embedded'];

async function cli(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, ['bin/postflight.mjs', ...args], { env, maxBuffer: 16 << 20 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

const report = async (dir: string) => JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8')) as RunReport;
const folderOf = (stdout: string) => (JSON.parse(stdout) as Array<{ runDir: string }>).map((r) => r.runDir);

test('--shard 1/2 + --shard 2/2 + merge gives the ids and decision of one unsharded run; a duplicated or missing shard is refused', {
  timeout: 400_000,
}, async (t) => {
  const stateDir = await mkdtemp(join(tmpdir(), 'postflight-shard-'));
  const env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
  const verify = (out: string, extra: string[] = []) =>
    cli(env, ['verify', '--app', 'financial-rise', '--env', 'local', ...QUICK, '--out', join(stateDir, out), '--json', ...extra]);
  await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'up'], { env });
  try {
    // The bad flag is refused before anything runs: checked beside the unsharded run.
    const refused = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
      cli({ ...env, ...extraEnv }, ['verify', '--app', 'financial-rise', '--env', 'local', ...args, '--out', join(stateDir, 'bad')]);
    const [bad, ungroupable, badCiId, whole] = await Promise.all([
      refused(['--shard', 'x/0', '--run-group', 'two words']),
      refused(['--run-group', 'night-1']),
      // The default group is read from the environment the CLI was given (GitHub's run id here).
      refused(['--shard', '1/2'], { GITHUB_RUN_ID: 'not an id', GITHUB_RUN_ATTEMPT: '1' }),
      verify('whole'),
    ]);
    await t.test('a bad --shard or --run-group: exit 3, every problem listed, nothing run', () => {
      assert.equal(bad.code, 3, bad.stderr);
      assert.match(bad.stderr, /--shard.*the shard index "x" is not a whole number/);
      assert.match(bad.stderr, /--shard.*the shard count must be from 1 to 64/);
      assert.match(bad.stderr, /--run-group.*"two words" is not a run group id/);
      assert.equal(ungroupable.code, 3, ungroupable.stderr);
      assert.match(ungroupable.stderr, /--run-group.*only a shard has a run group/);
      assert.equal(badCiId.code, 3, badCiId.stderr);
      assert.match(badCiId.stderr, /GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT.*"not an id-1" is not a run group id/);
      assert.equal(existsSync(join(stateDir, 'bad', 'financial-rise')), false);
    });
    const [wholeDir] = folderOf(whole.stdout);
    const unsharded = await report(wholeDir!);
    const one = await verify('shards', ['--shard', '1/2', '--run-group', 'night-1']);
    const two = await verify('shards', ['--shard', '2/2', '--run-group', 'night-1']);
    const [oneDir] = folderOf(one.stdout);
    const [twoDir] = folderOf(two.stdout);

    await t.test('each shard folder says it is shard i/n, lists its ids, and is never GO', async () => {
      for (const [i, dir, res] of [
        [1, oneDir!, one],
        [2, twoDir!, two],
      ] as const) {
        const rec = JSON.parse(await readFile(join(dir, 'shard.json'), 'utf8')) as ShardRecord;
        assert.deepEqual(rec.shard, { index: i, total: 2 });
        assert.deepEqual(rec.runGroup, { id: 'night-1', from: '--run-group' });
        const part = await report(dir);
        assert.deepEqual(part.checks.map((c) => c.id).sort(), [...rec.owns].sort());
        assert.notEqual(part.decision, 'GO');
        assert.notEqual(res.code, 0);
        assert.match(
          part.reasons[0]!,
          new RegExp(`^partial: shard ${i}/2 measured ${rec.owns.length} of the plan's ${rec.plan.length}.* of run group "night-1"`),
        );
      }
      // The load window on one shard, the suites (and db) on the other.
      const phasesOf = async (dir: string) => [...new Set((await report(dir)).checks.map((c) => c.phase))].sort();
      assert.deepEqual(await phasesOf(oneDir!), ['load']);
      assert.deepEqual(await phasesOf(twoDir!), ['db', 'smoke']);
      // Parts are no gate runs: neither indexed nor found by `history --rebuild`.
      assert.equal(existsSync(join(stateDir, 'shards', 'financial-rise', 'local', 'history.jsonl')), false);
      assert.deepEqual(scanRunFolders(join(stateDir, 'shards', 'financial-rise', 'local')), []);
    });

    await t.test('merge: the same check ids and decision as the unsharded run, normal evidence, sealed, in the history index', async () => {
      const merged = await cli(env, ['merge', oneDir!, twoDir!, '--out', join(stateDir, 'merged'), '--json']);
      const [mergedDir] = folderOf(merged.stdout);
      const m = await report(mergedDir!);
      t.diagnostic(`unsharded ${unsharded.decision} (exit ${whole.code}), merged ${m.decision} (exit ${merged.code})`);
      assert.deepEqual(m.checks.map((c) => c.id).sort(), unsharded.checks.map((c) => c.id).sort());
      assert.equal(m.decision, unsharded.decision, `unsharded:\n${unsharded.reasons.join('\n')}\nmerged:\n${m.reasons.join('\n')}`);
      assert.equal(merged.code, whole.code);
      assert.equal(m.reasons.at(-1), 'merged 2 shard(s) of run group "night-1"');
      for (const f of ['verdict.json', 'summary.md', 'index.html', 'junit.xml', 'manifest.json', 'shards/1-of-2/shard.json', 'shards/2-of-2/verdict.json'])
        assert.ok(existsSync(join(mergedDir!, f)), f);
      assert.ok(isIntact(await checkFolder(mergedDir!)), 'merged folder intact');
      const history = await readFile(join(stateDir, 'merged', 'financial-rise', 'local', 'history.jsonl'), 'utf8');
      assert.match(history, new RegExp(m.run.runId));
      // An artifact of a shard is found where the merged results say it is.
      for (const a of m.checks.flatMap((c) => c.evidence)) assert.ok(existsSync(join(mergedDir!, a.path)), a.path);
    });

    await t.test('a shard given twice or a shard missing: exit 3, the checks named, nothing written', async () => {
      const out = join(stateDir, 'refused');
      const [twice, missing] = await Promise.all([cli(env, ['merge', oneDir!, twoDir!, oneDir!, '--out', out]), cli(env, ['merge', twoDir!, '--out', out])]);
      assert.equal(twice.code, 3, twice.stderr);
      assert.match(twice.stderr, /fr\.load\.\S+ is in 2 shards/);
      assert.equal(missing.code, 3, missing.stderr);
      assert.match(missing.stderr, /fr\.load\.\S+ is in no shard given/);
      assert.equal(existsSync(out), false, `nothing written: ${existsSync(out) ? await readdir(out) : ''}`);
    });

    await t.test("shards of another run: exit 3 naming each folder's group; ungrouped shards merge, trusted and said so", async () => {
      // Shard folders as another run would have left them: copies with shard.json's group
      // changed (or removed), re-sealed as a whole (a seal proves nothing changed since sealing,
      // not which run wrote the folder): the run group is what tells the runs apart.
      const copy = async (dir: string, where: string, group: { id: string; from: string } | undefined) => {
        const to = join(stateDir, where, 'financial-rise', 'local', basename(dir));
        await cp(dir, to, { recursive: true });
        const { runGroup: _, ...rec } = JSON.parse(await readFile(join(to, 'shard.json'), 'utf8')) as ShardRecord;
        await writeFile(join(to, 'shard.json'), `${JSON.stringify(group ? { ...rec, runGroup: group } : rec, null, 2)}\n`);
        await finalize(to, []);
        assert.ok(isIntact(await checkFolder(to)), `${to} re-sealed`);
        return to;
      };
      const [nextNight, oneBare, twoBare] = await Promise.all([
        copy(twoDir!, 'night-2', { id: 'night-2', from: '--run-group' }),
        copy(oneDir!, 'bare', undefined),
        copy(twoDir!, 'bare', undefined),
      ]);
      const out = join(stateDir, 'refused-runs');
      const [apart, mixed, bare] = await Promise.all([
        cli(env, ['merge', oneDir!, nextNight, '--out', out]),
        cli(env, ['merge', oneDir!, twoBare, '--out', out]),
        cli(env, ['merge', oneBare, twoBare, '--out', join(stateDir, 'merged-bare'), '--json']),
      ]);
      assert.equal(apart.code, 3, apart.stderr);
      assert.match(apart.stderr, /the folders are of different runs \(run groups\): \S+ \("night-1"\), \S+ \("night-2"\)/);
      assert.doesNotMatch(apart.stderr, /is in no shard|is in 2 shards/);
      assert.equal(mixed.code, 3, mixed.stderr);
      assert.match(mixed.stderr, /the folders are of run group "night-1" and of none .*\(none\)/);
      assert.equal(existsSync(out), false, 'nothing written');
      assert.equal(bare.code, whole.code, bare.stderr);
      const [bareDir] = folderOf(bare.stdout);
      const b = await report(bareDir!);
      assert.match(
        b.reasons[0]!,
        /^shards not tied to one run \(no --run-group\): the merge trusts they are \(their starts lie within \d+ min; the shard policy allows 6 h\)$/,
      );
      assert.match(await readFile(join(bareDir!, 'summary.md'), 'utf8'), /shards not tied to one run/);
    });
  } finally {
    await run(process.execPath, ['bin/postflight.mjs', 'sandbox', 'down'], { env });
    await rm(stateDir, { recursive: true, force: true });
  }
});
