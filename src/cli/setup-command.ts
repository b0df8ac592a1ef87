import { findTools, machineAbilities } from '../host/find-tools.ts';
import { aptInstall, goInstall, pipInstall } from '../host/install.ts';
import { planSetup, requiredMissing, type SetupPlan } from '../host/setup-plan.ts';
import { GO_BIN_DIR, type Purpose } from '../host/tools.ts';
import { parseFlags } from './args.ts';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import type { CliIO } from './io.ts';

export const SETUP_HELP = `postflight setup [--check] [--for demo|test]
  Finds the system tools postflight needs (Chromium, Redis, moto, openssl; for the tests also
  actionlint and shellcheck) and installs the missing ones where this machine allows it (root
  with apt-get; pip; Go: \`go install\` into ~/go/bin), saying what and why.
  What it cannot install is printed as the exact command to run, with exit 3, before anything
  else starts. \`npm run demo\` and \`npm test\` run it first (--for demo / --for test).
  --check     only report; install nothing (exit 3 when a required tool is missing)
  --for       what the tools are for: demo (default) or test (the self-tests need moto too)`;

function describe(plan: SetupPlan): string[] {
  return [
    ...plan.apt.map((i) => `${i.tool}: missing — setup installs it: apt-get install ${i.pkg} (for ${i.why})`),
    ...plan.pip.map((i) => `${i.tool}: missing — setup installs it: pip install '${i.pkg}' (for ${i.why})`),
    ...plan.go.map((i) => `${i.tool}: missing — setup installs it: go install ${i.pkg} (for ${i.why})`),
    ...plan.blocked.map((i) => `${i.tool}: missing and cannot be installed here — run: ${i.command} (for ${i.why})`),
    ...plan.optionalMissing.map((i) => `${i.tool}: absent (optional) — ${i.command} (for ${i.why})`),
  ];
}

export async function setupCommand(argv: string[], io: CliIO): Promise<number> {
  const diags = new Diagnostics();
  const { values } = parseFlags(argv, { check: { type: 'boolean' }, for: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, diags);
  if (values.help) return (io.out(SETUP_HELP), 0);
  const purpose = (values.for as string | undefined) ?? 'demo';
  if (purpose !== 'demo' && purpose !== 'test') diags.error('--for', `unknown purpose "${purpose}"`, 'use demo or test');
  if (diags.hasErrors) return (io.err(formatDiagnostics(diags.items)), 3);

  const abilities = machineAbilities(io.env);
  const plan = planSetup(findTools(io.env), purpose as Purpose, abilities);
  const toInstall = plan.apt.length + plan.pip.length + plan.go.length;
  if (values.check) {
    const lines = describe(plan);
    io.out(lines.length ? lines.map((l) => `setup: ${l}`).join('\n') : `setup: every tool ${purpose} needs is installed`);
    // --check installs nothing, so a required tool that setup could install still fails it.
    return requiredMissing(plan) > 0 ? 3 : 0;
  }
  if (plan.blocked.length) {
    io.err(
      `postflight setup: missing tools this machine cannot install by itself (nothing was started):\n${plan.blocked.map((b) => `  - ${b.tool} (for ${b.why}): ${b.command}`).join('\n')}`,
    );
    return 3;
  }
  for (const o of plan.optionalMissing) io.out(`setup: ${o.tool} is absent (optional, for ${o.why}): ${o.command}`);
  if (toInstall === 0) return 0;
  const failures: string[] = [];
  if (plan.apt.length) {
    io.out(`setup: installing Debian packages ${plan.apt.map((i) => i.pkg).join(', ')} (${plan.apt.map((i) => `${i.tool}: ${i.why}`).join('; ')})...`);
    const res = aptInstall(
      plan.apt.map((i) => i.pkg),
      io.env,
    );
    if (!res.ok) failures.push(`${res.command}: ${res.detail}`);
  }
  if (plan.pip.length) {
    io.out(`setup: installing from PyPI ${plan.pip.map((i) => i.pkg).join(', ')} (${plan.pip.map((i) => `${i.tool}: ${i.why}`).join('; ')})...`);
    const res = pipInstall(
      plan.pip.map((i) => i.pkg),
      io.env,
    );
    if (!res.ok) failures.push(`${res.command}: ${res.detail}`);
  }
  if (plan.go.length) {
    io.out(`setup: building Go tools ${plan.go.map((i) => i.pkg).join(', ')} into ${GO_BIN_DIR} (${plan.go.map((i) => `${i.tool}: ${i.why}`).join('; ')})...`);
    const res = goInstall(
      abilities.go!,
      plan.go.map((i) => i.pkg),
      GO_BIN_DIR,
      io.env,
    );
    if (!res.ok) failures.push(`${res.command}: ${res.detail}`);
  }
  // Judge by what is there now, not by the installers' exit codes.
  const after = planSetup(findTools(io.env), purpose as Purpose, { apt: false, pip: false });
  const stillRequired = after.blocked;
  if (stillRequired.length) {
    io.err(
      `postflight setup: still missing after installing (nothing was started):\n${stillRequired.map((b) => `  - ${b.tool}: ${b.command}`).join('\n')}${failures.length ? `\n${failures.join('\n')}` : ''}`,
    );
    return 3;
  }
  for (const f of failures) io.out(`setup: an optional install failed: ${f.split('\n')[0]}`);
  io.out('setup: done');
  return 0;
}
