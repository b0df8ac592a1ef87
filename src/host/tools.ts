/**
 * The system tools postflight and its sandbox use, as data: what each is for, which command
 * needs it, and how this project's kind of machine installs it (Debian packages, PyPI).
 * `setup`, `doctor` and the demo read this one table, so they cannot disagree.
 */

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
  install: { apt?: string; pip?: string };
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
  },
  {
    tool: 'redis-server',
    bins: ['redis-server'],
    alternativeEnv: 'REDIS_URL',
    why: "the sandbox's FlowComply cache and queues (its health must list redis)",
    requiredFor: ['demo', 'test'],
    optionalFor: [],
    install: { apt: 'redis-server' },
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
    why: 'self-signed certificates for the TLS self-tests',
    requiredFor: ['test'],
    optionalFor: [],
    install: { apt: 'openssl' },
  },
  {
    tool: 'xmllint',
    bins: ['xmllint'],
    why: "validates junit.xml against the CI viewers' JUnit schema in the self-tests",
    requiredFor: ['test'],
    optionalFor: [],
    install: { apt: 'libxml2-utils' },
  },
];
