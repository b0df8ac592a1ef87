import { localPlatform } from '../platforms/local/index.ts';
import type { CliIO } from './io.ts';

export const DEMO_HELP = `postflight demo [--keep] [--quick]
  Starts the sandbox (unless it already runs; with the AWS emulator when moto is installed),
  runs the gate on both apps against the local environment — smoke, perf, load, db, and
  monitoring when moto is there — prints the verdict and where the evidence is, and stops
  the sandbox it started.
  --keep   leave the sandbox running afterwards (then try: postflight sandbox up --fault fr:report-slow)
  --quick  one Lighthouse run and a 10 s load test instead of the runbook's 3 runs and 60 s`;

export async function demoCommand(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return io.out(DEMO_HELP), 0;
  const local = localPlatform(io.env);
  const already = await local.status();
  const moto = Boolean(await local.findMoto());
  io.out(already ? 'Using the running sandbox.' : `Starting the sandbox: PostgreSQL, mail catcher, Redis, both apps${moto ? ', moto (AWS)' : ''}...`);
  const started = Date.now();
  let state;
  try {
    state = already ?? (await local.up({ aws: moto }));
  } catch (err) {
    io.err(`postflight demo: ${(err as Error).message}\nRun \`npx postflight doctor\` to see what is missing.`);
    return 3;
  }
  if (!already) io.out(`Sandbox up in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  try {
    for (const [app, s] of Object.entries(state.apps ?? {})) io.out(`  ${app.padEnd(15)} api ${s.apiUrl}  web ${s.webUrl}`);
    const phases = ['smoke', 'perf', 'load', 'db', ...(state.aws ? ['monitoring'] : [])];
    if (!state.aws) io.out("moto is not installed: the AWS monitoring checks are left out of this demo (pip install 'moto[server]' to include them).");
    const quick = argv.includes('--quick') ? ['--lighthouse-runs', '1', '--load-duration', '10'] : [];
    const { verifyCommand } = await import('./verify-command.ts');
    return await verifyCommand(['--app', 'all', '--env', 'local', '--only', phases.join(','), ...quick], io);
  } finally {
    if (!already && !argv.includes('--keep')) {
      await local.down();
      io.out('Sandbox stopped.');
    }
  }
}
