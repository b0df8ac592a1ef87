import { join, resolve } from 'node:path';
import { Diagnostics, formatDiagnostics } from '../config/diagnostics.ts';
import type { HistoryEntry } from '../evidence/history/entry.ts';
import { HISTORY_INDEX, loadHistory, rebuildHistoryIndex } from '../evidence/history/index-file.ts';
import { marksOf } from '../evidence/history/trend.ts';
import { envSegment, safeSegment } from '../evidence/run-folder.ts';
import { parseFlags } from './args.ts';
import type { CliIO } from './io.ts';

export const HISTORY_HELP = `postflight history --app <financial-rise|flowcomply> --env <name|FILE> [--last N] [--out DIR]
                   [--json] [--rebuild]

  Lists the gate runs of one app and environment, oldest first, from the history index
  <out>/<app>/<env>/${HISTORY_INDEX} (default out: ./reports): time, release, decision, load p95,
  error rate, Lighthouse scores, and every failing check marked new (a regression), known (this
  release failed it before, or it failed the last time it was measured too) or flaky (passed only
  on a retry lately, or this same release both failed and passed it).
  The same index gives verify its baseline and deploy/rollback the last GO release.

  --last N     only the last N runs (default 20)
  --json       the index entries (with their marks) as JSON
  --rebuild    rewrite the index from the run folders first (it is rebuilt by itself when
               missing or damaged)

Exit codes: 0 listed (also when there is no run yet), 3 bad flags.`;

const pct = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(v < 0.01 && v > 0 ? 2 : 1)}%`);
const ms = (v: number | undefined) => (v === undefined ? '-' : `${Math.round(v)} ms`);
const lighthouse = (e: HistoryEntry) => {
  const s = e.metrics.lighthouse;
  return s
    ? Object.entries(s)
        .map(([k, v]) => `${k.slice(0, 4)} ${Math.round(v * 100)}`)
        .join(' ')
    : '-';
};

export function renderHistory(entries: readonly HistoryEntry[], from: number): string {
  const head = ['time (UTC)', 'release', 'decision', 'p95', 'errors', 'Lighthouse', 'failing checks'];
  const rows = entries.slice(from).map((e, k) => {
    const marks = marksOf(entries, from + k).map((m) => `${m.id} (${m.mark})`);
    const flaky = e.flaky.map((id) => `${id} (flaky: passed on retry)`);
    const gate = e.gateProblems.length ? [`gate: ${e.gateProblems.join(', ')}`] : [];
    return [
      e.finishedAt.replace('T', ' ').slice(0, 19),
      e.release ?? '-',
      e.decision,
      ms(e.metrics.p95Ms),
      pct(e.metrics.errorRate),
      lighthouse(e),
      [...marks, ...flaky, ...gate].join('; ') || '-',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

export async function historyCommand(argv: string[], io: CliIO): Promise<number> {
  const diags = new Diagnostics();
  const { values } = parseFlags(
    argv,
    {
      app: { type: 'string' },
      env: { type: 'string' },
      last: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      rebuild: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    diags,
  );
  if (values.help) return (io.out(HISTORY_HELP), 0);
  const app = values.app as string | undefined;
  if (!app) diags.error('--app', 'missing', 'financial-rise or flowcomply');
  else if (app !== 'financial-rise' && app !== 'flowcomply') diags.error('--app', `unknown app "${app}"`, 'financial-rise or flowcomply (one at a time)');
  const env = values.env as string | undefined;
  if (!env) diags.error('--env', 'missing', 'the environment name, e.g. staging (or the environment file given to verify)');
  const lastRaw = values.last as string | undefined;
  const last = lastRaw === undefined ? 20 : Number(lastRaw);
  if (!Number.isInteger(last) || last < 1 || last > 1000) diags.error('--last', `"${lastRaw}" is not a whole number from 1 to 1000`);
  if (diags.hasErrors || !app || !env) return (io.err(formatDiagnostics(diags.items)), 3);
  const dir = join(resolve(io.cwd, (values.out as string | undefined) ?? 'reports'), safeSegment(app), envSegment(env));
  if (values.rebuild)
    await rebuildHistoryIndex(dir).catch((err: Error) => io.err(`postflight history: could not rewrite ${join(dir, HISTORY_INDEX)}: ${err.message}`));
  const { entries, source } = loadHistory(dir);
  const from = Math.max(0, entries.length - last);
  if (values.json) {
    io.out(
      JSON.stringify(
        entries.slice(from).map((e, k) => ({ ...e, marks: marksOf(entries, from + k) })),
        null,
        2,
      ),
    );
    return 0;
  }
  if (entries.length === 0) {
    io.out(`No gate run of ${app} on ${envSegment(env)} under ${dir} yet.`);
    return 0;
  }
  io.out(
    `${app} on ${envSegment(env)}: ${entries.length} run(s)${from ? `, the last ${entries.length - from} shown` : ''} (${source === 'index' ? join(dir, HISTORY_INDEX) : `read from the run folders: ${HISTORY_INDEX} is missing or damaged; --rebuild rewrites it`})\n`,
  );
  io.out(renderHistory(entries, from));
  return 0;
}
