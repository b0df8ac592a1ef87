/**
 * `npm run bench`: wall time of each gate phase for both apps on the sandbox, and the total,
 * so we can see how close the gate is to its critical path (the runbook's 1-minute load test).
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
const rows: Array<{ app: string; phase: string; seconds: number; decision: string }> = [];
try {
  for (const app of ['financial-rise', 'flowcomply']) {
    for (const phase of phases) {
      const started = performance.now();
      const code = await main(['verify', '--app', app, '--env', 'local', '--only', phase, '--out', join(stateDir, 'reports'), '--json', ...flags], silent);
      rows.push({ app, phase, seconds: (performance.now() - started) / 1000, decision: ['GO', 'NO-GO', 'INCONCLUSIVE', 'HARNESS ERROR'][code] ?? String(code) });
    }
  }
} finally {
  await sandboxDown(stateDir);
}

console.log(`postflight bench (${quick ? 'quick' : 'runbook settings'}; ${moto ? 'with' : 'without'} moto) — sandbox up ${upSeconds.toFixed(1)} s`);
console.log(`${'app'.padEnd(16)}${'phase'.padEnd(12)}${'seconds'.padStart(9)}  verdict`);
for (const r of rows) console.log(`${r.app.padEnd(16)}${r.phase.padEnd(12)}${r.seconds.toFixed(1).padStart(9)}  ${r.decision}`);
for (const phase of phases) {
  const total = rows.filter((r) => r.phase === phase).reduce((s, r) => s + r.seconds, 0);
  console.log(`${'both apps'.padEnd(16)}${phase.padEnd(12)}${total.toFixed(1).padStart(9)}`);
}
console.log(`${'total'.padEnd(28)}${rows.reduce((s, r) => s + r.seconds, 0).toFixed(1).padStart(9)}  (each phase includes its own start-up: Playwright, Chromium, SDK clients)`);
