import { inspectMachine } from '../host/inspect-machine.ts';
import { readLocalEnvironment } from '../platforms/local/index.ts';
import type { CliIO } from './io.ts';
import { parseFlags } from './args.ts';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';

export async function doctorCommand(argv: string[], io: CliIO): Promise<number> {
  // With --env: the contract probe of a deployment (src/doctor); without: this machine's tools.
  const envAt = argv.findIndex((a) => a === '--env' || a.startsWith('--env='));
  if (envAt >= 0) {
    const diags = new Diagnostics();
    const { values } = parseFlags(argv, { env: { type: 'string' }, app: { type: 'string' }, json: { type: 'boolean' } }, diags);
    if (!values.env) diags.error('--env', 'missing a value', 'use --env <name|file>');
    if (diags.hasErrors) return (io.err(formatDiagnostics(diags.items)), 3);
    const { contractDoctor } = await import('../doctor/contract-doctor.ts');
    return contractDoctor(
      { env: values.env as string, ...(values.app ? { app: values.app as string } : {}), json: Boolean(values.json), local: readLocalEnvironment },
      io,
    );
  }
  const findings = inspectMachine(io.env);
  if (argv.includes('--json')) {
    io.out(JSON.stringify(findings, null, 2));
  } else {
    for (const f of findings) {
      const mark = f.found ? 'ok     ' : f.needed === 'required' ? 'MISSING' : 'absent ';
      io.out(`${mark} ${f.tool.padEnd(17)} ${f.found ?? `-> ${f.install}`}\n        ${''.padEnd(17)} (${f.needed}: ${f.why})`);
    }
  }
  return findings.some((f) => f.needed === 'required' && !f.found) ? 3 : 0;
}
