/**
 * `postflight watch`: the runbooks' watch after a deploy. Rounds of light checks on a cadence,
 * each a sealed gate run folder; one line per round in `rounds.jsonl` of the watch folder
 * (`<out>/watch/<app>/<env>/<watch-id>/`); a webhook notification on a change of state only.
 * A round that overran its slot is followed at once by one round for every slot it missed
 * (never a burst). SIGINT/SIGTERM ends the current round as interrupted and seals everything.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { GateConfig, ResolvedApp } from '../config/load.ts';
import type { Decision } from '../core/types.ts';
import type { ProgressSink } from '../core/progress.ts';
import { envSegment, finalize, makeRunId, safeSegment } from '../evidence/run-folder.ts';
import { startDeadline } from '../gate/deadline.ts';
import type { InterruptClaim, Interrupted } from '../host/interrupt.ts';
import { combineDecisions } from '../verdict/exit-code.ts';
import { formatDuration, roundOffsets, type Cadence } from './cadence.ts';
import { runRound } from './round.ts';
import { notification, transition, type RoundSummary } from './state.ts';
import { postWebhook, webhookLabel, type Delivery } from './webhook.ts';

export interface WatchOptions {
  config: GateConfig;
  app: ResolvedApp;
  outRoot: string;
  cadence: Cadence;
  forMs: number;
  notify: string[];
  interrupt: InterruptClaim;
  /** A round's own time limit (its tools are stopped then). */
  roundLimitMinutes: number;
  log: (line: string) => void;
  /** The live console: when the next round is due. */
  progress?: ProgressSink;
  /** For the tests: a webhook's retry pacing. */
  webhookBackoffMs?: number;
}

export interface RoundRecord {
  round: number;
  /** The slot (offset from the watch's start) this round served. */
  slot: string;
  startedAt: string;
  finishedAt: string;
  decision: Decision;
  failing: string[];
  unmeasured: string[];
  /** The round's run folder, relative to the watch folder. */
  folder: string;
  notified?: { kind: 'failure' | 'recovery'; deliveries: Delivery[] };
}

export interface WatchResult {
  dir: string;
  rounds: RoundRecord[];
  worst: Decision;
  interrupted?: Interrupted;
}

/**
 * Hook for the history index another part of postflight keeps (`<out>/<app>/<env>/history.jsonl`):
 * each round is appended when, and only when, that index exists. Its format is owned there; a
 * round is one line with `kind: "watch-round"`.
 */
async function appendToHistoryIfPresent(outRoot: string, app: string, env: string, entry: Record<string, unknown>): Promise<void> {
  const index = join(outRoot, safeSegment(app), envSegment(env), 'history.jsonl');
  if (existsSync(index)) await appendFile(index, `${JSON.stringify({ kind: 'watch-round', ...entry })}\n`);
}

/** Sleeps until `ms` from now, or less when interrupted. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(() => (signal.removeEventListener('abort', done), resolve()), ms);
    const done = () => (clearTimeout(timer), resolve());
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function runWatch(o: WatchOptions): Promise<WatchResult> {
  const { app, config } = o;
  const env = config.env.name;
  const started = Date.now();
  const dir = join(o.outRoot, 'watch', safeSegment(app.app), envSegment(env), makeRunId(new Date(started)));
  await mkdir(dir, { recursive: true });
  const offsets = roundOffsets(o.cadence, o.forMs);
  const meta = {
    app: app.app,
    env,
    cadence: o.cadence.source,
    for: formatDuration(o.forMs),
    slots: offsets.map(formatDuration),
    notify: o.notify.map(webhookLabel),
    startedAt: new Date(started).toISOString(),
  };
  await writeFile(join(dir, 'watch.json'), `${JSON.stringify(meta, null, 2)}\n`);
  o.log(`watch ${app.profile.name} on ${env}: ${offsets.length} round(s), ${o.cadence.source}, for ${formatDuration(o.forMs)}; folder ${dir}`);
  const rounds: RoundRecord[] = [];
  let failing = false;
  let since = app.target.deployedAt ? new Date(app.target.deployedAt) : new Date(started);
  let next = 0;
  while (next < offsets.length && !o.interrupt.signal.aborted) {
    const due = started + offsets[next]!;
    if (due > Date.now()) o.progress?.({ kind: 'watch-next', round: rounds.length + 1, rounds: offsets.length, at: new Date(due) });
    await pause(due - Date.now(), o.interrupt.signal);
    if (o.interrupt.signal.aborted) break;
    // The slot this round serves: the latest one already due (missed slots collapse into it).
    const elapsed = Date.now() - started;
    while (next + 1 < offsets.length && offsets[next + 1]! <= elapsed) next++;
    const slot = offsets[next]!;
    next++;
    const roundStart = new Date();
    const deadline = startDeadline(o.roundLimitMinutes, "the watch round's limit (--round-limit)", roundStart.getTime(), o.interrupt.signal);
    const run = await runRound(config, app, { outRoot: join(dir, 'rounds'), since, deadline, log: o.log });
    deadline.dispose();
    const folder = relative(dir, run.runDir);
    const summary: RoundSummary = {
      app: app.app,
      appName: app.profile.name,
      env,
      round: rounds.length + 1,
      decision: run.verdict.decision,
      failing: run.results.filter((r) => r.status === 'fail').map((r) => r.id),
      unmeasured: run.results.filter((r) => r.status === 'error' || r.status === 'inconclusive').map((r) => r.id),
      folder: run.runDir,
    };
    const kind = transition(failing, summary.decision);
    failing = summary.decision === 'NO-GO';
    const record: RoundRecord = {
      round: summary.round,
      slot: formatDuration(slot),
      startedAt: roundStart.toISOString(),
      finishedAt: new Date().toISOString(),
      decision: summary.decision,
      failing: summary.failing,
      unmeasured: summary.unmeasured,
      folder,
    };
    if (kind && o.notify.length) {
      const body = notification(kind, summary);
      const deliveries = await Promise.all(
        o.notify.map((url) => postWebhook(url, body, o.webhookBackoffMs !== undefined ? { firstBackoffMs: o.webhookBackoffMs } : {})),
      );
      record.notified = { kind, deliveries };
      for (const d of deliveries)
        o.log(
          `  ${kind} notification to ${d.to}: ${d.delivered ? 'delivered' : 'NOT delivered'} after ${d.attempts.length} attempt(s) (${d.attempts.map((a) => a.status ?? a.error).join(', ')})`,
        );
    }
    rounds.push(record);
    await appendFile(join(dir, 'rounds.jsonl'), `${JSON.stringify(record)}\n`);
    await appendToHistoryIfPresent(o.outRoot, app.app, env, {
      runId: run.runDir.split('/').pop(),
      decision: record.decision,
      at: record.finishedAt,
      runDir: run.runDir,
      watch: dir,
    });
    o.log(
      `round ${record.round} (slot ${record.slot}): ${record.decision}${record.failing.length ? ` failing ${record.failing.join(', ')}` : ''}${record.unmeasured.length ? ` not measured ${record.unmeasured.join(', ')}` : ''}`,
    );
    since = roundStart;
  }
  const interrupted = o.interrupt.received();
  const worst = combineDecisions(rounds.map((r) => r.decision));
  await writeFile(
    join(dir, 'watch.json'),
    `${JSON.stringify({ ...meta, finishedAt: new Date().toISOString(), rounds: rounds.length, worst, ...(interrupted ? { interruptedBy: interrupted.signalName } : {}) }, null, 2)}\n`,
  );
  await finalize(dir, config.secretValues);
  return { dir, rounds, worst, ...(interrupted ? { interrupted } : {}) };
}
