/**
 * The system tools postflight and its sandbox use, as data: what each is for, which command
 * needs it, and how this project's kind of machine installs it (Debian packages, PyPI).
 * `setup` (find-tools.ts, setup-plan.ts), `doctor` (inspect-machine.ts) and the demo read this
 * one table, so they cannot disagree.
 */

import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where `setup` puts the Go tools it builds (`go install` with GOBIN set to it), and where it
 * and the self-tests look for them: Go's own default, so one installed by hand is found too.
 */
export const GO_BIN_DIR = join(homedir(), 'go', 'bin');

/** What a run is about to do; a tool may be required by one and optional for another. */
export type Purpose = 'demo' | 'test';

export interface ToolSpec {
  /** Name shown to people, e.g. `chromium`. */
  tool: string;
  /** Executables that count as "installed" (absolute paths or names on PATH), first wins. */
  bins: string[];
  /** An environment variable that points at the executable instead (e.g. CHROME_PATH). */
  pathEnv?: string;
  /** Another way to satisfy the need without the executable (e.g. REDIS_URL). */
  alternativeEnv?: string;
  why: string;
  requiredFor: Purpose[];
  /** Wanted but not required: the run leaves something out without it (said in `why`). */
  optionalFor: Purpose[];
  /** How to install it: a Debian package, a PyPI package, a Go module path with its version (built by `go install` into GO_BIN_DIR), or (none of those) where to read how. */
  install: { apt?: string; pip?: string; go?: string; manual?: string };
  /** Arguments that make the executable print its version (doctor shows it); none: not asked. */
  versionArgs?: string[];
}

export const TOOLS: readonly ToolSpec[] = [
  {
    tool: 'chromium',
    bins: ['/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome'],
    pathEnv: 'CHROME_PATH',
    why: 'browser smoke checks (Playwright) and Lighthouse audits',
    requiredFor: ['demo', 'test'],
    optionalFor: [],
    install: { apt: 'chromium' },
    versionArgs: ['--version'],
  },
  {
    tool: 'redis-server',
    bins: ['redis-server'],
    alternativeEnv: 'REDIS_URL',
    why: "the sandbox's FlowComply cache and queues (its health must list redis)",
    requiredFor: ['demo', 'test'],
    optionalFor: [],
    install: { apt: 'redis-server' },
    versionArgs: ['--version'],
  },
  {
    tool: 'moto_server',
    bins: ['moto_server'],
    why: 'AWS API emulator: the sandbox AWS world (monitoring checks in the demo) and the AWS self-tests',
    requiredFor: ['test'],
    optionalFor: ['demo'],
    install: { pip: 'moto[server]' },
  },
  {
    tool: 'openssl',
    bins: ['openssl'],
    why: "certificates: the sandbox's HTTPS faces (its test CA, for *.pre.tls) and the TLS self-tests",
    requiredFor: ['test', 'demo'],
    optionalFor: [],
    install: { apt: 'openssl' },
    versionArgs: ['version'],
  },
  {
    tool: 'k6',
    bins: ['k6'],
    pathEnv: 'K6_BIN',
    why: 'the runbook load test; without it the embedded engine runs the same scenario',
    // Never installed by setup (no Debian/PyPI package): doctor says where to get it.
    requiredFor: [],
    optionalFor: [],
    install: { manual: 'https://grafana.com/docs/k6/latest/set-up/install-k6/' },
    versionArgs: ['version'],
  },
  {
    tool: 'xmllint',
    bins: ['xmllint'],
    why: "validates junit.xml against the CI viewers' JUnit schema in the self-tests",
    requiredFor: ['test'],
    optionalFor: [],
    install: { apt: 'libxml2-utils' },
  },
  {
    tool: 'actionlint',
    bins: ['actionlint', join(GO_BIN_DIR, 'actionlint')],
    why: 'the self-test that lints the GitHub workflows (.github/workflows/*.yml)',
    requiredFor: ['test'],
    optionalFor: [],
    // The latest release when this was written (`go list -m -versions github.com/rhysd/actionlint`).
    install: { go: 'github.com/rhysd/actionlint/cmd/actionlint@v1.7.12' },
  },
  {
    tool: 'shellcheck',
    bins: ['shellcheck'],
    why: "actionlint's check of the workflows' run: scripts (without it they go unchecked)",
    requiredFor: [],
    optionalFor: ['test'],
    install: { apt: 'shellcheck' },
  },
];
