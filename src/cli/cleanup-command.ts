import { cleanupContext, type CleanupOptions } from '../cleanup/context.ts';
import { cleanFinancialRise } from '../cleanup/financial-rise.ts';
import { cleanFlowComply } from '../cleanup/flowcomply.ts';
import { CLEANUP_EXIT, cleanupExitCode, formatCleanup, type AppCleanup } from '../cleanup/report.ts';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import { loadGateConfig } from '../config/load.ts';
import { readLocalEnvironment } from '../platforms/local/index.ts';
import type { AppId } from '../core/types.ts';
import type { SuiteContext } from '../apps/suite-context.ts';
import { parseFlags } from './args.ts';
import type { CliIO } from './io.ts';
import { redactingIO } from './redacting-io.ts';

export const CLEANUP_HELP = `postflight cleanup --app <financial-rise|flowcomply|all> --env <local|staging|production|FILE>
                   [--dry-run] [--older-than MINUTES]

  Finds test data that runs left behind (a run that crashed never reached its own clean-up)
  and deletes it through the apps' APIs, as the smoke accounts:
    Financial RISE  assessments "Postflight Smoke Business <run>" / "Postflight run <run>" with a
                    pf-<run>-...@<mailDomain> client address (soft delete); accounts
                    pf-<run>-signup@<mailDomain> are listed "left for an admin" (the API cannot
                    delete accounts)
    FlowComply      assets named postflight-... (deleted as the SYSTEM_ADMIN)
  Only records whose every tag agrees count as a run's; nothing else is touched.

  --dry-run         list what would be deleted; delete nothing
  --older-than N    leave data of runs that started less than N minutes ago (a gate may still
                    be running); default 0: any age

Needs the same secrets as \`verify --only smoke\` (README "Secrets").

Exit codes: 0 cleaned (or nothing to clean, or a dry run that could list everything),
1 some leftovers could not be deleted, or a listing failed (admin route 404, refused login,
unreachable API: cleanup cannot know what is left, so it never says "nothing to clean"),
3 bad flags or config (nothing was touched).`;

const CLEANERS: Record<AppId, (ctx: SuiteContext, opts: CleanupOptions) => Promise<AppCleanup>> = {
  'financial-rise': cleanFinancialRise,
  flowcomply: cleanFlowComply,
};

export async function cleanupCommand(argv: string[], io: CliIO, now: () => Date = () => new Date()): Promise<number> {
  const diags = new Diagnostics();
  const { values, positionals } = parseFlags(
    argv,
    {
      app: { type: 'string' },
      env: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'older-than': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    diags,
  );
  if (values.help) return (io.out(CLEANUP_HELP), 0);
  for (const p of positionals) diags.error('arguments', `unexpected argument "${p}"`, 'cleanup takes flags only; run with --help');
  const rawAge = values['older-than'] as string | undefined;
  const olderThanMinutes = rawAge === undefined ? 0 : Number(rawAge);
  if (!Number.isInteger(olderThanMinutes) || olderThanMinutes < 0) {
    diags.error('--older-than', `"${rawAge}" is not a whole number of minutes (0 or more)`, 'e.g. --older-than 120');
  }
  // Smoke's secrets: the accounts that own the test data, and the admin that may delete it.
  const config = await loadGateConfig(
    {
      app: values.app as string | undefined,
      env: values.env as string | undefined,
      only: ['smoke'],
      cwd: io.cwd,
      processEnv: io.env,
      local: readLocalEnvironment,
    },
    diags,
  );
  for (const d of diags.items.filter((d) => d.level !== 'error')) io.err(`postflight: ${d.level}: ${d.where}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
  if (!config || diags.hasErrors) {
    io.err(formatDiagnostics(diags.items.filter((d) => d.level === 'error')));
    return CLEANUP_EXIT.BAD_INPUT;
  }
  const say = redactingIO(io, config.secretValues);
  const opts: CleanupOptions = { dryRun: Boolean(values['dry-run']), olderThanMinutes, now: now() };
  const reports: AppCleanup[] = [];
  for (const app of config.apps) {
    const report = await CLEANERS[app.app](cleanupContext(config, app, io.cwd), opts);
    reports.push(report);
    say.out(formatCleanup(report, opts.dryRun));
  }
  const code = cleanupExitCode(reports);
  if (code !== CLEANUP_EXIT.CLEAN) {
    const unlisted = reports.reduce((n, r) => n + r.problems.length, 0);
    const left = reports.reduce((n, r) => n + r.outcomes.filter((o) => o.result === 'not deleted').length, 0);
    const why = [unlisted ? `${unlisted} listing${unlisted === 1 ? '' : 's'} failed` : '', left ? `${left} leftover${left === 1 ? '' : 's'} not deleted` : '']
      .filter(Boolean)
      .join(', ');
    say.err(`postflight cleanup: incomplete (${why}; see the lines marked ! above); exit 1`);
  }
  return code;
}
