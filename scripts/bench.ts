/**
 * `npm run bench`: one `verify --app all` on the sandbox; the wall time of each app's phases,
 * the floor those times allow under the schedule's resource rules, and the ratio wall / floor.
 * Figures are printed, not asserted: speed is measured here, not in unit tests.
 *   npm run bench                 runbook settings (3 Lighthouse runs, 60 s load)
 *   npm run bench -- --quick      1 Lighthouse run, 10 s load
 */
import { mkdtemp } from 'node:fs/promises';
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
} finally {
  await sandboxDown(stateDir);
}
const wall = (performance.now() - started) / 1000;
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
