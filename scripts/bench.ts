/**
 * `npm run bench`: one `verify --app all` on the sandbox; the wall time of each app's phases,
 * the floor those times allow under the schedule's resource rules, and the ratio wall / floor;
 * then the same run as `--shard 1/2` and `--shard 2/2` side by side plus `postflight merge` per
 * app (two CI machines, here sharing one), its wall time beside the unsharded one.
 * Figures are printed, not asserted: speed is measured here, not in unit tests.
 *   npm run bench                 runbook settings (3 Lighthouse runs, 60 s load)
 *   npm run bench -- --quick      1 Lighthouse run, 10 s load
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findMotoServer } from '../sandbox/aws/moto.ts';
import { sandboxDown, sandboxUp } from '../sandbox/control.ts';
import { main } from '../src/cli.ts';
import type { AppId, Phase } from '../src/core/types.ts';
import { floorSeconds, schedule } from '../src/gate/schedule.ts';

const quick = process.argv.includes('--quick');
const stateDir = await mkdtemp(join(tmpdir(), 'postflight-bench-'));
const env = { ...process.env, POSTFLIGHT_STATE_DIR: stateDir };
const moto = Boolean(await findMotoServer());
const phases = ['smoke', 'perf', 'load', 'db', ...(moto ? ['monitoring'] : [])];
const flags = quick ? ['--lighthouse-runs', '1', '--load-duration', '10'] : [];
const silent = { out: () => {}, err: () => {}, env, cwd: process.cwd() };

const upStarted = performance.now();
await sandboxUp({ stateDir, env, aws: moto });
const upSeconds = (performance.now() - upStarted) / 1000;
const APPS: AppId[] = ['financial-rise', 'flowcomply'];
let out = '';
let code = -1;
const started = performance.now();
try {
  const capture = { ...silent, out: (line: string) => void (out += `${line}\n`) };
  code = await main(['verify', '--app', 'all', '--env', 'local', '--only', phases.join(','), '--out', join(stateDir, 'reports'), '--json', ...flags], capture);
} catch (err) {
  await sandboxDown(stateDir);
  throw err;
}
const wall = (performance.now() - started) / 1000;

// Sharded: two `verify --shard i/2` processes side by side (as two CI jobs), then one merge per app.
let sharded: { wall: number; decisions: string[] };
try {
  sharded = await shardedRun();
} finally {
  await sandboxDown(stateDir);
}
async function shardedRun(): Promise<{ wall: number; decisions: string[] }> {
  const shardStarted = performance.now();
  const verifyShard = (i: number) =>
    new Promise<void>((done) =>
      execFile(
        process.execPath,
        [
          'bin/postflight.mjs',
          'verify',
          '--app',
          'all',
          '--env',
          'local',
          '--only',
          phases.join(','),
          '--out',
          join(stateDir, `shard-${i}`),
          '--json',
          '--shard',
          `${i}/2`,
          ...flags,
        ],
        { env, maxBuffer: 64 << 20 },
        () => done(),
      ),
    );
  await Promise.all([verifyShard(1), verifyShard(2)]);
  const decisions: string[] = [];
  for (const app of APPS) {
    const folders: string[] = [];
    for (const i of [1, 2]) {
      const dir = join(stateDir, `shard-${i}`, app, 'local');
      for (const f of await readdir(dir).catch(() => [] as string[])) folders.push(join(dir, f));
    }
    let merged = '';
    const mergeCode = await main(['merge', ...folders, '--out', join(stateDir, 'merged'), '--json'], { ...silent, out: (l: string) => void (merged += l) });
    decisions.push(`${app} ${mergeCode === 3 ? 'REFUSED' : (JSON.parse(merged) as Array<{ decision: string }>)[0]!.decision}`);
  }
  return { wall: (performance.now() - shardStarted) / 1000, decisions };
}
const runs = JSON.parse(out) as Array<{ app: AppId; decision: string; phaseSeconds: Partial<Record<Phase, number>> }>;
const timings = runs.flatMap((r) => Object.entries(r.phaseSeconds).map(([phase, seconds]) => ({ app: r.app, phase: phase as Phase, seconds: seconds ?? 0 })));
const stages = schedule(APPS, phases as Phase[]);
const floor = floorSeconds(stages, timings);
const serial = timings.reduce((sum, t) => sum + t.seconds, 0);

console.log(`postflight bench (${quick ? 'quick' : 'runbook settings'}; ${moto ? 'with' : 'without'} moto) — sandbox up ${upSeconds.toFixed(1)} s`);
console.log(`${'app'.padEnd(16)}${'phase'.padEnd(12)}${'seconds'.padStart(9)}`);
for (const t of timings) console.log(`${t.app.padEnd(16)}${t.phase.padEnd(12)}${t.seconds.toFixed(1).padStart(9)}`);
console.log(`verdicts: ${runs.map((r) => `${r.app} ${r.decision}`).join(', ')} (exit ${code})`);
console.log(`schedule: ${stages.map((s) => s.map((u) => `${u.app}/${u.phase}`).join(' + ')).join('  ->  ')}`);
console.log(`phases one after the other would take   ${serial.toFixed(1).padStart(7)} s (sum of the phase times above)`);
console.log(`floor under the schedule's rules         ${floor.toFixed(1).padStart(7)} s (slowest unit per stage, stages added)`);
console.log(`wall time of verify --app all            ${wall.toFixed(1).padStart(7)} s`);
console.log(`ratio wall / floor                       ${(wall / floor).toFixed(2).padStart(7)}x   (target <= 1.15x)`);
const unshardedDecisions = runs.map((r) => `${r.app} ${r.decision}`).join(', ');
console.log(`wall time of 2 shards side by side + merge ${sharded.wall.toFixed(1).padStart(5)} s   (both on this one machine; in CI each shard has its own)`);
console.log(
  `ratio sharded / unsharded                ${(sharded.wall / wall).toFixed(2).padStart(7)}x   merged: ${sharded.decisions.join(', ')}${sharded.decisions.join(', ') === unshardedDecisions ? ' (same as unsharded)' : ` (unsharded: ${unshardedDecisions})`}`,
);

// The demo's story (issue 11 item 7): each deploy through `postflight deploy`, wall time per
// act and per runbook phase from its journal. Target: both apps' whole story under 6 minutes.
const { runDemo } = await import('../src/cli/demo-command.ts');
const demoState = await mkdtemp(join(tmpdir(), 'postflight-bench-demo-'));
const demo = await runDemo([...(quick ? ['--quick'] : []), '--out', join(demoState, 'reports')], {
  out: () => {},
  err: () => {},
  env: { ...process.env, POSTFLIGHT_STATE_DIR: demoState },
  cwd: process.cwd(),
});
console.log(`\ndemo story (exit ${demo.code}) — sandbox up ${demo.sandboxSeconds.toFixed(1)} s`);
for (const a of demo.acts) {
  console.log(`${a.act.app.padEnd(16)}${a.act.title.slice(0, 60).padEnd(62)}${a.seconds.toFixed(1).padStart(7)} s  ${a.story}`);
  for (const l of a.timeline.slice(2)) console.log(`${''.padEnd(18)}${l}`);
}
console.log(`demo wall time                           ${demo.wallSeconds.toFixed(1).padStart(7)} s   (target < 360 s for both apps' whole story)`);
