import { spawnSync } from 'node:child_process';
import { findOnPath } from './which.ts';
import type { MachineAbilities, ToolFinding } from './setup-plan.ts';
import { TOOLS, type ToolSpec } from './tools.ts';

/** Where a tool is on this machine: its path variable, an alternative, or its executables. */
export function findTool(spec: ToolSpec, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (spec.pathEnv && env[spec.pathEnv]) return findOnPath(env[spec.pathEnv]!, env);
  if (spec.alternativeEnv && env[spec.alternativeEnv]) return `${spec.alternativeEnv} is set`;
  for (const bin of spec.bins) {
    const found = findOnPath(bin, env);
    if (found) return found;
  }
  return undefined;
}

export function findTools(env: NodeJS.ProcessEnv = process.env): ToolFinding[] {
  return TOOLS.map((spec) => {
    const found = findTool(spec, env);
    return found ? { spec, found } : { spec };
  });
}

/** Go's official tarball installs here, often without putting it on PATH. */
const GO_FALLBACK = '/usr/local/go/bin/go';

/** root with apt-get, a python whose pip answers (bounded: a broken python must not hang setup), a Go toolchain. */
export function machineAbilities(env: NodeJS.ProcessEnv = process.env): MachineAbilities {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const pip = spawnSync('python3', ['-m', 'pip', '--version'], { env, timeout: 15_000, stdio: 'ignore' }).status === 0;
  const go = findOnPath('go', env) ?? findOnPath(GO_FALLBACK, env);
  return { apt: root && Boolean(findOnPath('apt-get', env)), pip, ...(go ? { go } : {}) };
}
