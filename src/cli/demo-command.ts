import { resolve } from 'node:path';
import { APP_IDS } from '../core/types.ts';
import { localPlatform } from '../platforms/local/index.ts';
import { actsFor, runAct, type ActResult } from './demo/story.ts';
import type { CliIO } from './io.ts';

export const DEMO_HELP = `postflight demo [--keep] [--quick] [--out DIR]
  The whole story on the sandbox, for both apps, through \`postflight deploy\`:
    1. deploy the healthy release 1.0.0 -> the full gate says GO (one app after the other:
       Lighthouse and load tests must not measure each other);
    2. deploy a faulty release with --auto-rollback (Financial RISE 1.0.1: corrupt PDF reports;
       FlowComply 1.0.1: /auth/me answers 500), both apps side by side -> NO-GO -> procedure A /
       option 1 runs by itself -> the gate says GO on the restored release.
  Prints each deploy's timeline against the runbook budgets and where the reports are. Exits 0
  only if every step behaved as expected (GO, then NO-GO, rollback, GO, for both apps).
  Starts the sandbox unless it runs (with the AWS emulator when moto is installed) and stops
  the one it started.
  --keep   leave the sandbox running afterwards
  --quick  one Lighthouse run and a 10 s load test instead of the runbook's 3 runs and 60 s
  --out    reports root (default ./reports)`;

export interface DemoResult {
  code: number;
  sandboxSeconds: number;
  acts: ActResult[];
  wallSeconds: number;
}

export async function runDemo(argv: string[], io: CliIO): Promise<DemoResult> {
  const t0 = performance.now();
  const local = localPlatform(io.env);
  const already = await local.status();
  const moto = Boolean(await local.findMoto());
  io.out(already ? 'Using the running sandbox.' : `Starting the sandbox: PostgreSQL, mail catcher, Redis, both apps${moto ? ', moto (AWS)' : ''}...`);
  let state;
  try {
    state = already ?? (await local.up({ aws: moto }));
  } catch (err) {
    io.err(`postflight demo: ${(err as Error).message}\nRun \`npx postflight doctor\` to see what is missing.`);
    return { code: 3, sandboxSeconds: 0, acts: [], wallSeconds: 0 };
  }
  const sandboxSeconds = (performance.now() - t0) / 1000;
  if (!already) io.out(`Sandbox up in ${sandboxSeconds.toFixed(1)} s.`);
  const outIdx = argv.indexOf('--out');
  const outRoot = resolve(io.cwd, outIdx >= 0 ? (argv[outIdx + 1] ?? 'reports') : 'reports');
  const quick = argv.includes('--quick') ? ['--lighthouse-runs', '1', '--load-duration', '10'] : [];
  if (!state.aws) io.out("moto is not installed: the AWS checks (preflight alarms, monitoring) are left out (pip install 'moto[server]' to include them).");
  const acts: ActResult[] = [];
  try {
    const plans = Object.fromEntries(APP_IDS.map((app) => [app, actsFor(app, quick, Boolean(state.aws))]));
    const tag = (app: string) => (app === 'financial-rise' ? '[fr]' : '[fc]');
    for (const app of APP_IDS) acts.push(await runAct(plans[app]![0]!, io, outRoot, tag(app)));
    if (acts.every((a) => a.ok)) acts.push(...(await Promise.all(APP_IDS.map((app) => runAct(plans[app]![1]!, io, outRoot, tag(app))))));
  } finally {
    if (!already && !argv.includes('--keep')) {
      await local.down();
      io.out('Sandbox stopped.');
    }
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  io.out('\n=== The story ===');
  for (const a of acts) {
    io.out(`\n${a.ok ? 'OK  ' : 'FAIL'} ${a.act.app}: ${a.act.title} — exit ${a.exit} (expected ${a.act.expect.exit}), ${a.seconds.toFixed(1)} s`);
    io.out(`     journal: ${a.story}${a.story === a.act.expect.story ? '' : `   (expected: ${a.act.expect.story})`}`);
    io.out(`     report:  ${a.report ?? 'none'}`);
    for (const l of a.timeline) io.out(`     ${l}`);
  }
  const ok = acts.length === 4 && acts.every((a) => a.ok);
  io.out(
    `\nDemo ${ok ? 'behaved as expected' : 'did NOT behave as expected'}: wall time ${wallSeconds.toFixed(1)} s (sandbox ${sandboxSeconds.toFixed(1)} s). Gate reports: ${outRoot}/<app>/local/; deploy folders: ${outRoot}/deploys/<app>/local/.`,
  );
  return { code: ok ? 0 : 1, sandboxSeconds, acts, wallSeconds };
}

export async function demoCommand(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return (io.out(DEMO_HELP), 0);
  return (await runDemo(argv, io)).code;
}
