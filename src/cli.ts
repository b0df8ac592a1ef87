import { readFileSync } from 'node:fs';
import { doctorCommand } from './cli/doctor-command.ts';
import { faultsCommand } from './cli/faults-command.ts';
import { sandboxCommand } from './cli/sandbox-command.ts';
import { demoCommand } from './cli/demo-command.ts';
import { processIO, type CliIO, type Command } from './cli/io.ts';

const COMMANDS: Record<string, { run: () => Promise<Command>; summary: string }> = {
  verify: {
    run: async () => (await import('./cli/verify-command.ts')).verifyCommand,
    summary: 'run the gate on a deployment and decide GO / NO-GO / INCONCLUSIVE',
  },
  merge: {
    run: async () => (await import('./cli/merge-command.ts')).mergeCommand,
    summary: 'merge the run folders of `verify --shard i/n` (one app) into one run folder with one verdict',
  },
  preflight: {
    run: async () => (await import('./cli/preflight-command.ts')).preflightCommand,
    summary: 'the pre-deployment checklist: infrastructure, TLS, DNS, secrets, alarms, release tag, staging verdict',
  },
  deploy: {
    run: async () => (await import('./cli/deploy-command.ts')).deployCommand,
    summary: "deploy a release by the runbook's phases, then the gate; roll back on NO-GO (--auto-rollback)",
  },
  watch: {
    run: async () => (await import('./cli/watch-command.ts')).watchCommand,
    summary: "after a deploy, re-run the light checks on the runbook's cadence (or --schedule 15m); notify a webhook when the state changes",
  },
  rollback: {
    run: async () => (await import('./cli/rollback-command.ts')).rollbackCommand,
    summary: 'run a rollback procedure (A/B/C, option-1/2) to the last release verified GO, then verify',
  },
  sandbox: { run: async () => sandboxCommand, summary: 'start, stop or inspect the local reference deployments (up|down|status)' },
  faults: { run: async () => faultsCommand, summary: 'list the sandbox faults and the checks each must trip' },
  setup: {
    run: async () => (await import('./cli/setup-command.ts')).setupCommand,
    summary: 'install the system tools the gate and its sandbox need (Chromium, Redis, moto), or --check',
  },
  doctor: {
    run: async () => doctorCommand,
    summary:
      'find Chromium, k6, moto, PostgreSQL, Redis; say how to install what is missing; with --env <env>: probe the deployment against the contract and name each mismatch with its config key',
  },
  demo: { run: async () => demoCommand, summary: 'start the sandbox, run the gate on it, show the verdict, stop' },
  cleanup: {
    run: async () => (await import('./cli/cleanup-command.ts')).cleanupCommand,
    summary: 'find and delete the test data of runs that crashed (--dry-run lists only)',
  },
  history: {
    run: async () => (await import('./cli/history-command.ts')).historyCommand,
    summary: 'list the gate runs of an app and environment: decision, p95, error rate, Lighthouse, failing checks (new/known/flaky)',
  },
  signoff: {
    run: async () => (await import('./cli/signoff-command.ts')).signoffCommand,
    summary: 'sign a sealed run folder: role, name, checklist items, go/no-go (hash-chained in signoff.jsonl)',
  },
  'verify-evidence': {
    run: async () => (await import('./cli/verify-evidence-command.ts')).verifyEvidenceCommand,
    summary: 'recompute every hash of a run folder and its sign-off chain: 0 intact, 1 tampered, 3 bad input',
  },
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function helpText(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(15)} ${c.summary}`);
  return `postflight ${version()} — the post-deployment gate for Financial RISE and FlowComply

Usage: postflight <command> [flags]    (postflight <command> --help for its flags)

Commands:
${rows.join('\n')}

Exit codes: 0 GO / success, 1 NO-GO, 2 INCONCLUSIVE, 3 harness error (bad config, bad flags,
missing tool or secret — the message lists every problem).`;
}

/** Returns the exit code; never calls process.exit (the bin does, once). */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name ? 0 : 3;
  }
  if (name === '--version' || name === '-v') {
    io.out(version());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`postflight: unknown command "${name}"\n\n${helpText()}`);
    return 3;
  }
  try {
    return await (await command.run())(rest, io);
  } catch (err) {
    io.err(`postflight ${name}: ${(err as Error).stack ?? String(err)}`);
    return 3;
  }
}
