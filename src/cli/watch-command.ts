import { resolve } from 'node:path';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import { loadGateConfig } from '../config/load.ts';
import { EXIT } from '../core/types.ts';
import { createOutDir, inspectOutDir } from '../evidence/out-dir.ts';
import { judgePrerequisites, planPrerequisites } from '../gate/prerequisites.ts';
import { probePrerequisites } from '../gate/prerequisite-probes.ts';
import { claimInterrupt } from '../host/interrupt.ts';
import { exitCodeOf } from '../verdict/exit-code.ts';
import { defaultSpanMs, intervalCadence, parseDuration, RUNBOOK_CADENCE } from '../watch/cadence.ts';
import { lightIds } from '../watch/light-checks.ts';
import { runWatch } from '../watch/run-watch.ts';
import { parseFlags } from './args.ts';
import type { CliIO } from './io.ts';
import { redactingIO } from './redacting-io.ts';
import { liveConsoleFor } from './live-console.ts';
import { readLocalEnvironment } from '../platforms/local/index.ts';

export const WATCH_HELP = `postflight watch --app <financial-rise|flowcomply> --env <local|staging|production|FILE>
                 [--schedule runbook|<interval>] [--for <duration>] [--notify <webhook-url>]...
                 [--round-limit MINUTES] [--out DIR]

  The runbooks' watch after a deploy: re-runs the light checks (health, frontend page, alarms,
  new log error lines, queues, ALB 5xx/p95) in rounds, each a sealed run folder, one line per
  round in <out>/watch/<app>/<env>/<watch-id>/rounds.jsonl.

  --schedule     runbook (default: Financial RISE every 15 min for 4 h, then hourly to 24 h;
                 FlowComply T+4 h, the next day, daily through the first week) or an interval:
                 5s, 15m, 1h
  --for          how long to watch, e.g. 40s, 50m, 6h (default: the runbook's span, or 24h)
  --notify       Slack-compatible JSON webhook (repeatable): POSTed { text, blocks } on a change
                 of state only (the first NO-GO round, the first round after it that is not);
                 5xx / 429 / timeouts retried with backoff (4 attempts), the outcome recorded
                 in the round's line, never stopping the watch
  --round-limit  time limit of one round in minutes (default 10)
  --out          where the watch folder goes (default ./reports)

  SIGINT / SIGTERM ends the current round as interrupted, seals the folders, exits 130 / 143.

Exit codes: 0 every round GO, 1 a round was NO-GO, 2 a round could not measure (and none
was NO-GO), 3 bad flags or config (nothing ran), 130 / 143 interrupted.`;

export async function watchCommand(argv: string[], io: CliIO): Promise<number> {
  return (await watchWithFolder(argv, io)).code;
}

/** The watch, also telling where its folder is (`deploy --watch` links it from the deploy report). */
export async function watchWithFolder(argv: string[], io: CliIO): Promise<{ code: number; dir?: string; summary?: string }> {
  const interrupt = claimInterrupt();
  try {
    return await watch(argv, io, interrupt);
  } finally {
    interrupt.release();
  }
}

/** --schedule, --for and --notify as `watch` and `deploy --watch` take them; every problem into diags. */
export function parseWatchFlags(
  scheduleRaw: string,
  forRaw: string | undefined,
  notify: string[],
  diags: Diagnostics,
  names = { schedule: '--schedule', for: '--for' },
): { intervalMs: number | undefined; forMs: number | undefined } {
  const intervalMs = scheduleRaw === 'runbook' ? undefined : parseDuration(scheduleRaw);
  if (scheduleRaw !== 'runbook' && intervalMs === undefined)
    diags.error(
      names.schedule,
      `"${scheduleRaw}" is neither runbook nor an interval`,
      `e.g. ${names.schedule} runbook, ${names.schedule} 15m, ${names.schedule} 5s`,
    );
  const forMs = forRaw === undefined ? undefined : parseDuration(forRaw);
  if (forRaw !== undefined && forMs === undefined)
    diags.error(names.for, `"${forRaw}" is not a duration`, `e.g. ${names.for} 40s, ${names.for} 4h, ${names.for} 7d`);
  for (const url of notify) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
      // not a URL
    }
    if (!ok)
      diags.error(
        '--notify',
        `${url ? 'a value' : 'an empty value'} that is not an http(s) URL`,
        'give the webhook URL, e.g. --notify "$WATCH_WEBHOOK_URL" (an unset CI secret gives an empty value)',
      );
  }
  return { intervalMs, forMs };
}

async function watch(argv: string[], io: CliIO, interrupt: ReturnType<typeof claimInterrupt>): Promise<{ code: number; dir?: string; summary?: string }> {
  const diags = new Diagnostics();
  const { values } = parseFlags(
    argv,
    {
      app: { type: 'string' },
      env: { type: 'string' },
      schedule: { type: 'string' },
      for: { type: 'string' },
      notify: { type: 'string', multiple: true },
      'round-limit': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    diags,
  );
  if (values.help) return (io.out(WATCH_HELP), { code: 0 });
  const appRaw = values.app as string | undefined;
  if (appRaw && (appRaw === 'all' || appRaw.includes(',')))
    diags.error('--app', `"${appRaw}": a watch follows one app`, 'run one watch per app (the watch workflow runs them side by side)');
  const notify = (values.notify as string[] | undefined) ?? [];
  const { intervalMs, forMs } = parseWatchFlags((values.schedule as string | undefined) ?? 'runbook', values.for as string | undefined, notify, diags);
  const limitRaw = values['round-limit'] as string | undefined;
  const roundLimit = limitRaw === undefined ? 10 : Number(limitRaw);
  if (!(Number.isFinite(roundLimit) && roundLimit > 0 && roundLimit <= 120))
    diags.error('--round-limit', `"${limitRaw}" is not a number of minutes from 0 to 120`);
  const config = await loadGateConfig(
    { app: appRaw, env: values.env as string | undefined, only: ['smoke', 'monitoring'], cwd: io.cwd, processEnv: io.env, local: readLocalEnvironment },
    diags,
  );
  const outRoot = resolve(io.cwd, (values.out as string | undefined) ?? 'reports');
  const plan = config ? planPrerequisites(config) : undefined;
  const [outDir, facts] = await Promise.all([inspectOutDir(outRoot, io.cwd), plan && config ? probePrerequisites(plan, config.processEnv) : undefined]);
  if (!outDir.ok) diags.error('--out', outDir.problem, outDir.hint);
  if (plan && facts) diags.items.push(...judgePrerequisites(plan, facts));
  for (const d of diags.items.filter((d) => d.level !== 'error')) io.err(`postflight: ${d.level}: ${d.where}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
  if (!config || diags.hasErrors || !outDir.ok) {
    io.err(formatDiagnostics(diags.items.filter((d) => d.level === 'error')));
    return { code: EXIT.HARNESS_ERROR };
  }
  await createOutDir(outDir);
  const app = config.apps[0]!;
  const cadence = intervalMs === undefined ? RUNBOOK_CADENCE[app.app] : intervalCadence(intervalMs);
  // The webhook URLs carry their secret in the path: never on the console.
  const say = redactingIO(io, [...config.secretValues, ...notify]);
  say.out(`light checks: ${lightIds(app.app).join(', ')}`);
  const live = liveConsoleFor(say);
  const result = await runWatch({
    config,
    app,
    outRoot,
    cadence,
    forMs: forMs ?? defaultSpanMs(cadence),
    notify,
    interrupt,
    roundLimitMinutes: roundLimit,
    log: (line) => live.line(line),
    progress: live.progress,
  }).finally(() => live.close());
  const summary = `${result.rounds.length} round(s), worst ${result.worst}${result.interrupted ? `, interrupted by ${result.interrupted.signalName}` : ''}`;
  say.out(`\nwatch ended: ${result.rounds.length} round(s), worst ${result.worst}; rounds: ${result.dir}/rounds.jsonl`);
  if (result.interrupted) {
    say.err(`postflight watch: interrupted by ${result.interrupted.signalName}; the folders are sealed: ${result.dir}`);
    return { code: result.interrupted.exitCode, dir: result.dir, summary };
  }
  return { code: exitCodeOf(result.worst), dir: result.dir, summary };
}
