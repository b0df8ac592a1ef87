import { FAULTS, RELEASES, RUNTIME_FAULT_IDS } from '../platforms/local/index.ts';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import { parseFlags } from './args.ts';
import type { CliIO } from './io.ts';

export const FAULTS_HELP = `postflight faults [--json] [--app financial-rise|flowcomply]
  Lists every sandbox fault, its observable effect, the gate phase that detects it, and the
  check id(s) it must trip. Use one with \`postflight sandbox up --fault <id>\`; the runtime ones
  also with \`postflight sandbox fault --on/--off <id>\` (no restart).`;

export async function faultsCommand(argv: string[], io: CliIO): Promise<number> {
  const diags = new Diagnostics();
  const { values } = parseFlags(argv, { json: { type: 'boolean' }, app: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, diags);
  if (values.help) return (io.out(FAULTS_HELP), 0);
  const app = values.app as string | undefined;
  if (app && app !== 'financial-rise' && app !== 'flowcomply') diags.error('--app', `unknown app "${app}"`, 'use financial-rise or flowcomply');
  if (diags.hasErrors) return (io.err(formatDiagnostics(diags.items)), 3);
  const faults = FAULTS.filter((f) => !app || f.app === app);
  if (values.json) {
    io.out(JSON.stringify({ faults, releases: RELEASES, runtime: faults.filter((f) => RUNTIME_FAULT_IDS.has(f.id)).map((f) => f.id) }, null, 2));
    return 0;
  }
  const rows = faults.map((f) => `  ${f.id.padEnd(32)} ${f.phase.padEnd(10)} ${f.trips.join(', ').padEnd(30)} ${f.effect}`);
  io.out([`  ${'fault'.padEnd(32)} ${'phase'.padEnd(10)} ${'must trip'.padEnd(30)} effect`, ...rows].join('\n'));
  const runtime = faults.filter((f) => RUNTIME_FAULT_IDS.has(f.id)).map((f) => f.id);
  if (runtime.length) io.out(`\nswitchable at runtime (sandbox fault --on/--off, no restart): ${runtime.join(', ')}`);
  io.out('\nreleases:');
  for (const [name, releases] of Object.entries(RELEASES)) {
    for (const [version, fs] of Object.entries(releases)) io.out(`  ${name}=${version}  ${fs.length ? fs.join(', ') : 'healthy'}`);
  }
  return 0;
}
