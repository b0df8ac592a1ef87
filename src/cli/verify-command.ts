import { deployTimeProblem } from '../gate/deploy-time.ts';
import { resolve } from 'node:path';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import { loadGateConfig, type GateConfig } from '../config/load.ts';
import { readLocalEnvironment } from '../platforms/local/index.ts';
import { readK6SummaryFile } from '../checks/load/external-summary.ts';
import { EXIT, type AppId } from '../core/types.ts';
import { runGate } from '../gate/evaluate.ts';
import type { AppRun } from '../gate/run-gate.ts';
import { combinedExitCode } from '../verdict/exit-code.ts';
import { createOutDir, inspectOutDir } from '../evidence/out-dir.ts';
import { deadlineMinutes, startDeadline, DEFAULT_DEADLINE_MINUTES } from '../gate/deadline.ts';
import { judgePrerequisites, planPrerequisites } from '../gate/prerequisites.ts';
import { probePrerequisites } from '../gate/prerequisite-probes.ts';
import { listFlag, parseFlags } from './args.ts';
import { parseShard, shardScope } from '../gate/shard.ts';
import { runGroupFromCi, runGroupProblem, type RunGroup } from '../gate/run-group.ts';
import { formatSpent } from '../http/rate-limits.ts';
import type { CliIO } from './io.ts';
import { claimInterrupt, type InterruptClaim } from '../host/interrupt.ts';
import { redactingIO } from './redacting-io.ts';
import { liveConsoleFor } from './live-console.ts';
import { verdictSummary } from './verdict-summary.ts';

export const VERIFY_HELP = `postflight verify --app <financial-rise|flowcomply|all> --env <local|staging|production|FILE>
                  [--only <phase,...>] [--out DIR] [--load-engine auto|k6|embedded]
                  [--retries N] [--flaky-blocks-go | --flaky-allowed]
                  [--lighthouse-runs N] [--load-duration SECONDS] [--deployed-at ISO]
                  [--deadline MINUTES] [--k6-summary [APP=]FILE]... [--shard I/N [--run-group ID]]
                  [--json]

  Runs the post-deploy checks of the runbooks and decides GO / NO-GO / INCONCLUSIVE with a
  rollback recommendation. Evidence goes to <out>/<app>/<env>/<run-id>/ (default out: ./reports).

  --only            phases: smoke, perf, load, monitoring, db, pre, deploy
                    (default: smoke,perf,load,monitoring,db)
  --load-engine     auto (k6 when installed, else the embedded engine), k6, embedded
  --retries         retries of a failing smoke check; a pass on retry is marked flaky
  --flaky-blocks-go / --flaky-allowed   whether a flaky pass may still give GO (default: env)
  --lighthouse-runs audits per page, median taken (default: the app profile's, 3)
  --load-duration   shorten the load test for a quick look (the runbook says 60 s; the
                    evidence records what ran)
  --deployed-at     when the deploy finished: logs and alarms are judged since then
                    (default: the environment's deployedAt, else the last hour)
  --deadline        overall time limit of the run in minutes (default: the environment's
                    deadlineMinutes, else ${DEFAULT_DEADLINE_MINUTES}); what is unfinished then is an error
                    of the gate, tools are stopped and the evidence is sealed
  --k6-summary      judge this k6 end-of-test summary (handleSummary JSON, --summary-export or
                    machine-readable; from k6-operator or Grafana Cloud k6) in the load check
                    instead of sending load from here; APP=FILE per app with --app all
  --shard           run part I of N of the plan (one app's suites or its perf+load+monitoring
                    are never split; src/gate/shard.ts); the folder gets shard.json and a
                    partial verdict (never GO: exit 1 if its part found a NO-GO, else 2);
                    \`postflight merge\` over every shard's folder gives the decision
  --run-group       with --shard: the id of the run this shard is part of, the same on every
                    shard of it (default: GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT on GitHub Actions,
                    CI_PIPELINE_ID on GitLab, else none); merge refuses shards of other groups
  --json            print the verdicts as JSON instead of the summary

  Before any check runs, every prerequisite of the selected phases is checked (Chromium, k6
  when asked for, secrets, database URL, AWS access, the inbox, a writable --out); every
  problem is listed at once and nothing runs. Leave out a phase you cannot serve with --only.

  SIGINT / SIGTERM (Ctrl-C, a cancelled CI job) stops the tools, records the unfinished checks
  as errors ("interrupted", cause gate), writes the verdict, seals the folder and exits 130 /
  143; a second signal ends it at once.

Exit codes: 0 GO, 1 NO-GO, 2 INCONCLUSIVE, 3 harness error (bad flags or config, missing
secret or tool; nothing was run), 130 / 143 interrupted (SIGINT / SIGTERM).`;

export async function verifyCommand(argv: string[], io: CliIO): Promise<number> {
  // A SIGINT/SIGTERM from here on is an early deadline: the tools stop, unfinished checks become
  // "interrupted" gate errors, the evidence is sealed. One during the preflight still gives a
  // sealed INCONCLUSIVE folder (no phase starts), so a cancelled job always leaves its record.
  const interrupt = claimInterrupt();
  try {
    return await verify(argv, io, interrupt);
  } finally {
    interrupt.release();
  }
}

async function verify(argv: string[], io: CliIO, interrupt: InterruptClaim): Promise<number> {
  const diags = new Diagnostics();
  const { values } = parseFlags(
    argv,
    {
      app: { type: 'string' },
      env: { type: 'string' },
      only: { type: 'string', multiple: true },
      out: { type: 'string' },
      'load-engine': { type: 'string' },
      retries: { type: 'string' },
      'flaky-blocks-go': { type: 'boolean' },
      'flaky-allowed': { type: 'boolean' },
      'lighthouse-runs': { type: 'string' },
      'load-duration': { type: 'string' },
      'deployed-at': { type: 'string' },
      deadline: { type: 'string' },
      'k6-summary': { type: 'string', multiple: true },
      shard: { type: 'string' },
      'run-group': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    diags,
  );
  if (values.help) return (io.out(VERIFY_HELP), 0);
  const engine = values['load-engine'] as string | undefined;
  if (engine && !['auto', 'k6', 'embedded'].includes(engine)) diags.error('--load-engine', `unknown engine "${engine}"`, 'use auto, k6 or embedded');
  const number = (flag: string, min: number, max: number): number | undefined => {
    const raw = values[flag as keyof typeof values] as string | undefined;
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) diags.error(`--${flag}`, `"${raw}" is not a whole number from ${min} to ${max}`);
    return n;
  };
  const retries = number('retries', 0, 3);
  const lighthouseRuns = number('lighthouse-runs', 1, 15);
  const loadDuration = number('load-duration', 1, 3600);
  const deadlineRaw = values.deadline as string | undefined;
  const deadlineFlag = deadlineRaw === undefined ? undefined : Number(deadlineRaw);
  if (deadlineFlag !== undefined && !(Number.isFinite(deadlineFlag) && deadlineFlag > 0 && deadlineFlag <= 1440)) {
    diags.error('--deadline', `"${deadlineRaw}" is not a number of minutes from 0 to 1440`, 'e.g. --deadline 20 (fractions allowed: --deadline 0.5)');
  }
  const deployedAtRaw = values['deployed-at'] as string | undefined;
  const deployedAt = deployedAtRaw ? new Date(deployedAtRaw) : undefined;
  const deployedAtWrong = deployedAtRaw ? deployTimeProblem(deployedAtRaw, new Date()) : undefined;
  if (deployedAtWrong) diags.error('--deployed-at', deployedAtWrong.message, deployedAtWrong.hint);
  const shardParsed = values.shard === undefined ? undefined : parseShard(values.shard as string);
  for (const p of shardParsed && 'problems' in shardParsed ? shardParsed.problems : [])
    diags.error('--shard', p, 'give i/n with 1 <= i <= n, e.g. --shard 1/2');
  const shard = shardParsed && 'shard' in shardParsed ? shardParsed.shard : undefined;
  const runGroup = runGroupOf(values['run-group'] as string | undefined, values.shard !== undefined, io.env, diags);
  if (values['flaky-blocks-go'] && values['flaky-allowed']) diags.error('--flaky-blocks-go', 'cannot be combined with --flaky-allowed');
  const config = await loadGateConfig(
    {
      app: values.app as string | undefined,
      env: values.env as string | undefined,
      // `--only ""` is a list of nothing (an error), not the absence of --only (the defaults).
      only: values.only === undefined ? undefined : listFlag(values.only as string[]),
      cwd: io.cwd,
      processEnv: io.env,
      local: readLocalEnvironment,
      flags: { ...(lighthouseRuns ? { lighthouseRuns } : {}), ...(loadDuration ? { loadDurationS: loadDuration } : {}) },
      loadRanElsewhere: ((values['k6-summary'] as string[] | undefined) ?? []).length > 0,
    },
    diags,
  );
  const k6Summaries = config ? await k6SummaryFlags((values['k6-summary'] as string[] | undefined) ?? [], config, io.cwd, diags) : {};
  // Preflight: nothing has run yet. The output folder and every prerequisite of the selected
  // phases are checked now, all at once, so one run of the command lists every problem.
  const outRoot = resolve(io.cwd, (values.out as string | undefined) ?? 'reports');
  // The environment's own deploy time is judged like the flag, unless the flag replaces it.
  for (const a of deployedAtRaw ? [] : (config?.apps ?? [])) {
    const wrong = a.target.deployedAt ? deployTimeProblem(a.target.deployedAt, new Date()) : undefined;
    if (wrong) diags.error(`env ${config!.env.name}: apps.${a.app}.deployedAt`, wrong.message, `${wrong.hint}; or give --deployed-at`);
  }
  // A shard's preflight asks only for what its part of the plan needs.
  const scope =
    config && shard
      ? shardScope(
          config.apps.map((a) => a.app),
          config.phases,
          shard,
        )
      : undefined;
  const scoped = config && scope ? { ...config, apps: config.apps.filter((a) => scope.apps.includes(a.app)), phases: scope.phases } : config;
  const plan = scoped ? planPrerequisites(scoped, engine as 'auto' | 'k6' | 'embedded' | undefined) : undefined;
  const [outDir, facts] = await Promise.all([inspectOutDir(outRoot, io.cwd), plan && config ? probePrerequisites(plan, config.processEnv) : undefined]);
  if (!outDir.ok) diags.error('--out', outDir.problem, outDir.hint);
  if (plan && facts) diags.items.push(...judgePrerequisites(plan, facts));
  for (const d of diags.items.filter((d) => d.level !== 'error')) io.err(`postflight: ${d.level}: ${d.where}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
  if (!config || diags.hasErrors || !outDir.ok) {
    io.err(formatDiagnostics(diags.items.filter((d) => d.level === 'error')));
    return EXIT.HARNESS_ERROR;
  }
  try {
    await createOutDir(outDir);
  } catch (err) {
    io.err(`postflight: --out: ${(err as Error).message}; nothing was run (give --out a folder you can write to)`);
    return EXIT.HARNESS_ERROR;
  }
  // From here on the secrets are known: nothing reaches the console unredacted.
  const say = redactingIO(io, config.secretValues);
  const limit = deadlineMinutes(deadlineFlag, config.env.deadlineMinutes);
  const deadline = startDeadline(limit.minutes, limit.source, Date.now(), interrupt.signal);
  const live = values.json ? undefined : liveConsoleFor(say);
  const gate = await runGate(config, {
    outRoot,
    ...(engine ? { loadEngine: engine as 'auto' | 'k6' | 'embedded' } : {}),
    k6Summaries,
    ...(retries !== undefined ? { retries } : {}),
    ...(values['flaky-blocks-go'] ? { flakyBlocksGo: true } : values['flaky-allowed'] ? { flakyBlocksGo: false } : {}),
    log: live ? (line) => live.line(line) : () => {},
    ...(live ? { progress: live.progress } : {}),
    ...(deployedAt ? { deployedAt } : {}),
    deadline,
    ...(shard ? { shard } : {}),
    ...(shard && runGroup ? { runGroup } : {}),
  }).finally(() => live?.close());
  // The timer is unref'd: an early end (a throw) cannot keep the process alive either.
  deadline.dispose();
  const runs: AppRun[] = gate.runs;
  if (!values.json)
    for (const run of runs) {
      const app = config.apps.find((a) => a.app === run.app)!;
      say.out(verdictSummary(run, io.cwd, app.profile.name));
      if (run.verdict.requests?.length)
        say.out([`  requests spent per rate limit (${app.target.apiUrl}):`, ...formatSpent(run.verdict.requests).map((l) => `    ${l}`)].join('\n'));
    }
  if (shard && !values.json)
    say.out(
      runs.length
        ? `\nshard ${shard.index}/${shard.total}: a partial run; decide with \`postflight merge\` over every shard's folder of each app`
        : `\nshard ${shard.index}/${shard.total}: no part of this run falls to this shard (more shards than groups to split); nothing was run`,
    );
  if (values.json)
    say.out(
      JSON.stringify(
        runs.map((r) => ({
          app: r.app,
          runDir: r.runDir,
          ...r.verdict,
          phaseSeconds: r.phaseSeconds,
          ...(r.manifestSha256 ? { manifestSha256: r.manifestSha256 } : {}),
        })),
        null,
        2,
      ),
    );
  else say.out(`\ngate wall time ${gate.wallSeconds.toFixed(1)} s (floor ${gate.floorSeconds.toFixed(1)} s under the schedule's resource rules)`);
  const interrupted = interrupt.received();
  if (interrupted) {
    say.err(`postflight verify: interrupted by ${interrupted.signalName}; unfinished checks are recorded as interrupted errors and the evidence is sealed:`);
    for (const r of runs) say.err(`  ${r.app}: ${r.verdict.decision}  ${r.runDir}`);
    return interrupted.exitCode;
  }
  // A shard never exits 0: its verdict is partial (GO was withheld), an empty shard measured nothing.
  const code = shard && runs.length === 0 ? EXIT.INCONCLUSIVE : combinedExitCode(runs.map((r) => r.verdict));
  if (!values.json && runs.length > 1) say.out(`\noverall: ${['GO', 'NO-GO', 'INCONCLUSIVE'][code] ?? code} (exit ${code})`);
  return code;
}

/**
 * `--run-group ID`, else the CI's run identity from the environment the CLI was given: only a
 * shard has a group (an unsharded run is one run by itself), and a bad id is an input error.
 */
function runGroupOf(raw: string | undefined, sharded: boolean, env: CliIO['env'], diags: Diagnostics): RunGroup | undefined {
  if (raw !== undefined && !sharded) diags.error('--run-group', 'only a shard has a run group', 'give it with --shard i/n, or leave it out');
  const group: RunGroup | undefined = raw !== undefined ? { id: raw, from: '--run-group' } : sharded ? runGroupFromCi(env) : undefined;
  const problem = group && runGroupProblem(group.id);
  if (problem)
    diags.error(
      group!.from === '--run-group' ? '--run-group' : `the environment's ${group!.from}`,
      problem,
      'give one with --run-group, e.g. --run-group nightly-2026-12-04',
    );
  return problem ? undefined : group;
}

/**
 * `--k6-summary FILE` (one app) or `APP=FILE` (repeatable): each file must be a k6 summary and
 * the load phase must be selected; every problem is reported before anything runs.
 */
async function k6SummaryFlags(raw: string[], config: GateConfig, cwd: string, diags: Diagnostics): Promise<Partial<Record<AppId, string>>> {
  const out: Partial<Record<AppId, string>> = {};
  if (raw.length && !config.phases.includes('load'))
    diags.error('--k6-summary', 'the load phase is not selected (--only), so no load check would read it', 'add load to --only or leave --k6-summary out');
  const apps = config.apps.map((a) => a.app);
  for (const entry of raw) {
    const named = /^([a-z-]+)=(.+)$/.exec(entry);
    const app = (named ? named[1] : apps.length === 1 ? apps[0] : undefined) as AppId | undefined;
    const file = resolve(cwd, named ? named[2]! : entry);
    if (!app) {
      diags.error(
        '--k6-summary',
        `"${entry}" names no app and the run gates ${apps.join(' and ')}`,
        `write it as APP=FILE, e.g. --k6-summary ${apps[0]}=${entry}`,
      );
      continue;
    }
    if (!apps.includes(app)) {
      diags.error('--k6-summary', `"${entry}": ${app} is not gated by this run (--app)`, `one of: ${apps.join(', ')}`);
      continue;
    }
    if (out[app]) diags.error('--k6-summary', `two summaries for ${app}`, 'give one file per app');
    const read = await readK6SummaryFile(file);
    if ('problem' in read)
      diags.error('--k6-summary', read.problem, 'give the JSON summary k6 wrote (handleSummary, --summary-export, or the machine-readable summary)');
    else out[app] = file;
  }
  return out;
}
