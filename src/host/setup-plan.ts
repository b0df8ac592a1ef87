import type { Purpose, ToolSpec } from './tools.ts';

/** What was found for one tool on this machine. */
export interface ToolFinding {
  spec: ToolSpec;
  /** Where it is (a path, or `REDIS_URL=...` for an alternative); undefined when absent. */
  found?: string;
}

/** What this machine lets setup do by itself. */
export interface MachineAbilities {
  /** root with apt-get: Debian packages can be installed. */
  apt: boolean;
  /** a python with pip: PyPI packages can be installed. */
  pip: boolean;
  /** The Go toolchain's path: Go tools can be built (`go install`). */
  go?: string;
}

export interface SetupPlan {
  /** Debian packages to install, with the tools they bring. */
  apt: Array<{ pkg: string; tool: string; why: string; required: boolean }>;
  pip: Array<{ pkg: string; tool: string; why: string; required: boolean }>;
  /** Go modules to `go install`. */
  go: Array<{ pkg: string; tool: string; why: string; required: boolean }>;
  /** Required tools this machine cannot install by itself: the exact command for a person. */
  blocked: Array<{ tool: string; why: string; command: string }>;
  /** Optional tools that stay absent (the run leaves out what needs them). */
  optionalMissing: Array<{ tool: string; why: string; command: string }>;
}

/** The exact command (or pointer) a person runs to install the tool. */
export const manualCommand = (spec: ToolSpec): string =>
  [
    spec.install.apt ? `sudo apt-get install -y ${spec.install.apt}` : undefined,
    spec.install.pip ? `pip install '${spec.install.pip}'` : undefined,
    spec.install.go ? `go install ${spec.install.go} (binary in ~/go/bin or on PATH)` : undefined,
    spec.install.manual ? `install it (${spec.install.manual})` : undefined,
    spec.pathEnv ? `or set ${spec.pathEnv}` : undefined,
    spec.alternativeEnv ? `or set ${spec.alternativeEnv}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');

/**
 * Pure: which missing tools to install for `purpose` and how. A required tool the machine
 * cannot install is `blocked` (the command stops with exit 3 before starting anything); an
 * optional one is installed when the machine can, else reported and left out.
 */
export function planSetup(findings: readonly ToolFinding[], purpose: Purpose, can: MachineAbilities): SetupPlan {
  const plan: SetupPlan = { apt: [], pip: [], go: [], blocked: [], optionalMissing: [] };
  for (const { spec, found } of findings) {
    const required = spec.requiredFor.includes(purpose);
    if (found || (!required && !spec.optionalFor.includes(purpose))) continue;
    const item = { tool: spec.tool, why: spec.why };
    if (spec.install.apt && can.apt) plan.apt.push({ pkg: spec.install.apt, ...item, required });
    else if (spec.install.pip && can.pip) plan.pip.push({ pkg: spec.install.pip, ...item, required });
    else if (spec.install.go && can.go) plan.go.push({ pkg: spec.install.go, ...item, required });
    else (required ? plan.blocked : plan.optionalMissing).push({ ...item, command: manualCommand(spec) });
  }
  return plan;
}

/** A required tool is absent (installable or not): the run cannot start as things are. */
export function requiredMissing(plan: SetupPlan): number {
  return plan.blocked.length + [...plan.apt, ...plan.pip, ...plan.go].filter((i) => i.required).length;
}
