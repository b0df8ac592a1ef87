import { credentialsFrom } from '../aws/clients.ts';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import { loadGateConfig, type LocalEnvironmentSource } from '../config/load.ts';
import type { CliIO } from '../core/console-io.ts';
import { inspectMachine } from '../host/inspect-machine.ts';
import { mismatch, ok, type DoctorFinding } from './finding.ts';
import { probeApp } from './probe.ts';
import { planLines } from '../http/request-plan.ts';
import { settingFindings } from './setting-findings.ts';

const HEAD = 'contract probe: reads only (GET requests, one login per smoke account, the login page in a headless browser); nothing is written to the target';

/**
 * `postflight doctor --env <env> [--app ...]`: walks each app's profile (as the environment
 * overrides it) against the deployment and names each mismatch with the key that fixes it.
 * Exit 0 only when the gate can run as configured; 1 with the list; 3 for bad input.
 */
export async function contractDoctor(opts: { env: string; app?: string; json: boolean; local: LocalEnvironmentSource }, io: CliIO): Promise<number> {
  const diags = new Diagnostics();
  // `monitoring` needs no secret: missing ones are findings here, not configuration errors.
  const config = await loadGateConfig(
    { app: opts.app ?? 'all', env: opts.env, only: ['monitoring'], cwd: io.cwd, processEnv: io.env, local: opts.local },
    diags,
  );
  // Bad input is exit 3 with every problem listed (the loader returns a config alongside errors).
  if (!config || diags.hasErrors) return (io.err(formatDiagnostics(diags.items.filter((d) => d.level === 'error'))), 3);
  const sections: { title: string; findings: DoctorFinding[] }[] = [];
  for (const app of config.apps) {
    // Settings first: what the environment lacks that some check needs, with the checks it disables.
    const findings = [...settingFindings(app.app, app.target, config.env.name), ...(await probeApp(app, config.env.name, config.processEnv))];
    // What a full gate run will spend of the target's rate limits (apps.<app>.contract.rateLimits).
    for (const line of planLines(app.app, app.profile.rateLimits)) findings.push(ok('budget', 'a full gate run', line));
    sections.push({ title: `${app.profile.name} (${app.app}) — api ${app.target.apiUrl}, web ${app.target.webUrl}`, findings });
  }
  const tools = inspectMachine(config.processEnv).filter((t) => t.needed === 'required' || t.found);
  const machine = tools.map((t) => (t.found ? ok('tool', t.tool, t.found) : mismatch('tool', t.tool, 'missing', t.install)));
  const creds = credentialsFrom(config.processEnv);
  const wantsAws = config.apps.some((a) => a.target.aws) || config.env.aws;
  machine.push(
    creds
      ? ok(
          'aws',
          'AWS identity',
          `access key ${creds.accessKeyId.slice(0, 4)}…${creds.accessKeyId.slice(-4)} from the environment${config.env.aws ? `, region ${config.env.aws.region}${config.env.aws.endpoint ? `, endpoint ${config.env.aws.endpoint}` : ''}` : ''} (not called: the probe makes no AWS request)`,
        )
      : wantsAws
        ? mismatch(
            'aws',
            'AWS identity',
            'no credentials in the environment',
            'export AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read-only role), or waive the AWS checks',
          )
        : ok('aws', 'AWS identity', 'not needed: no aws section in the environment'),
  );
  sections.push({ title: 'machine and AWS', findings: machine });
  const problems = sections.flatMap((s) => s.findings.filter((f) => !f.ok));
  if (opts.json) io.out(JSON.stringify({ env: config.env.name, canRun: problems.length === 0, sections }, null, 2));
  else {
    io.out(`postflight doctor --env ${opts.env}: ${HEAD}`);
    for (const s of sections) {
      io.out(`\n${s.title}`);
      for (const f of s.findings)
        io.out(`  ${f.ok ? 'ok      ' : 'MISMATCH'} ${f.area.padEnd(10)} ${f.item}: ${f.found}${f.fix ? `\n           ${''.padEnd(10)} -> ${f.fix}` : ''}`);
    }
    io.out(
      problems.length
        ? `\n${problems.length} mismatch(es): the gate cannot run as configured. Fix each with the key shown (README "Pointing it at a real deployment").`
        : '\nThe gate can run as configured.',
    );
  }
  return problems.length ? 1 : 0;
}
