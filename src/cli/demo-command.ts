import { sandboxDown, sandboxStatus, sandboxUp } from '../../sandbox/control.ts';
import { defaultStateDir } from '../../sandbox/state.ts';
import type { CliIO } from './io.ts';

export const DEMO_HELP = `postflight demo [--keep]
  Starts the sandbox (unless it already runs), runs the full gate on both apps against the
  local environment, prints the verdict and where the evidence is, and stops the sandbox it
  started (--keep leaves it running).`;

export async function demoCommand(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return io.out(DEMO_HELP), 0;
  const stateDir = defaultStateDir(io.env);
  const already = await sandboxStatus(stateDir);
  io.out(already ? 'Using the running sandbox.' : 'Starting the sandbox (PostgreSQL, mail catcher, Redis if installed, both apps)...');
  const started = Date.now();
  const state = already ?? (await sandboxUp({ stateDir, env: io.env }));
  if (!already) io.out(`Sandbox up in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  try {
    for (const [app, s] of Object.entries(state.apps ?? {})) {
      io.out(`  ${app.padEnd(15)} api ${s.apiUrl}  web ${s.webUrl}`);
    }
    const { verifyCommand } = await import('./verify-command.ts');
    return await verifyCommand(['--app', 'all', '--env', 'local'], io);
  } finally {
    if (!already && !argv.includes('--keep')) {
      await sandboxDown(stateDir);
      io.out('Sandbox stopped.');
    }
  }
}
