/**
 * The live console (src/cli/live-console.ts), pure: each kind of progress event as text, and how
 * a terminal (one status line rewritten in place, log lines printed around it) and a CI log
 * (timestamped lines, the load window every 10 s and its last second) show the same events.
 * Injected clock and sinks; no process, no terminal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLiveConsole, formatProgress } from '../src/cli/live-console.ts';
import type { ProgressEvent } from '../src/core/progress.ts';

const T0 = Date.parse('2026-12-04T22:00:00Z');
const load = (elapsedS: number, extra: Partial<Extract<ProgressEvent, { kind: 'load' }>> = {}): ProgressEvent => ({
  kind: 'load',
  engine: 'embedded',
  elapsedS,
  totalS: 60,
  requests: elapsedS * 100,
  rps: 100,
  p95Ms: 123.4,
  errors: 2,
  throttled: 1,
  ...extra,
});

test('each event as text: elapsed / total, req/s, p95, errors, 429s; a run i/N; the next round and when', () => {
  const now = new Date(T0);
  const rows: Array<[ProgressEvent, string]> = [
    [load(12.4), 'load (embedded) 12/60 s · 100.0 req/s · p95 123 ms · errors 2 · 429s 1 · 1240 requests'],
    // k6 before its REST API answered (or a script without the throttled Counter): unknown is a dash, never a zero.
    [{ kind: 'load', engine: 'k6', elapsedS: 30, totalS: 60 }, 'load (k6) 30/60 s · — req/s · p95 — · errors — · 429s —'],
    [
      { kind: 'load', engine: 'k6', elapsedS: 30, totalS: 60, requests: 4812, rps: 160.4, p95Ms: 48.6, errors: 12 },
      'load (k6) 30/60 s · 160.4 req/s · p95 49 ms · errors 12 · 429s — · 4812 requests',
    ],
    [
      load(1, { p95Ms: undefined, requests: 0, rps: 0, errors: 0, throttled: 0 }),
      'load (embedded) 1/60 s · 0.0 req/s · p95 — · errors 0 · 429s 0 · 0 requests',
    ],
    [load(61.2), 'load (embedded) 60/60 s · 100.0 req/s · p95 123 ms · errors 2 · 429s 1 · 6120 requests'],
    [{ kind: 'lighthouse', page: '/login', run: 2, runs: 3 }, 'lighthouse /login run 2/3'],
    [{ kind: 'watch-next', round: 3, rounds: 9, at: new Date(T0 + 4_600) }, 'watch: next round 3/9 at 22:00:04 UTC (in 5 s)'],
    [{ kind: 'lighthouse', page: '/', run: 1, runs: 1, app: 'flowcomply' }, 'flowcomply: lighthouse / run 1/1'],
  ];
  for (const [event, text] of rows) assert.equal(formatProgress(event, now), text);
});

function harness(isTTY: boolean) {
  let now = T0;
  const screen: string[] = [];
  const live = createLiveConsole({
    isTTY,
    now: () => new Date(now),
    out: (l) => screen.push(`OUT ${l}`),
    write: (t) => screen.push(`RAW ${JSON.stringify(t)}`),
  });
  return { live, screen, at: (ms: number) => (now = T0 + ms) };
}

test('not a terminal: timestamped lines, the load window every 10 s and its end; nothing written in place', () => {
  const { live, screen, at } = harness(false);
  for (let s = 1; s <= 25; s++) {
    at(s * 1000);
    live.progress(load(s));
  }
  at(25_500);
  live.progress(load(25.5, { done: true }));
  live.line('a log line');
  at(30_000);
  live.progress({ kind: 'lighthouse', page: '/', run: 1, runs: 3 });
  at(31_000);
  live.progress({ kind: 'watch-next', round: 2, rounds: 5, at: new Date(T0 + 41_000) });
  live.close();
  assert.deepEqual(screen, [
    'OUT [22:00:01] load (embedded) 1/60 s · 100.0 req/s · p95 123 ms · errors 2 · 429s 1 · 100 requests',
    'OUT [22:00:11] load (embedded) 11/60 s · 100.0 req/s · p95 123 ms · errors 2 · 429s 1 · 1100 requests',
    'OUT [22:00:21] load (embedded) 21/60 s · 100.0 req/s · p95 123 ms · errors 2 · 429s 1 · 2100 requests',
    // The end of the window is always printed (here cut short at 25.5 s).
    'OUT [22:00:25] load (embedded) 26/60 s · 100.0 req/s · p95 123 ms · errors 2 · 429s 1 · 2550 requests',
    'OUT a log line',
    'OUT [22:00:30] lighthouse / run 1/3',
    'OUT [22:00:31] watch: next round 2/5 at 22:00:41 UTC (in 10 s)',
  ]);
});

test('a terminal: one status line rewritten in place; a log line prints above a running load window; the end stays as a line', () => {
  const { live, screen, at } = harness(true);
  const CLEAR = '\r\u001b[2K';
  at(1000);
  live.progress(load(1));
  at(2000);
  live.progress(load(2));
  live.line('budget: waiting');
  at(3000);
  live.progress(load(3, { done: true }));
  live.progress({ kind: 'lighthouse', page: '/login', run: 1, runs: 2 });
  live.line('lighthouse done');
  live.progress({ kind: 'watch-next', round: 2, rounds: 3, at: new Date(T0 + 8000) });
  live.close();
  const s1 = 'load (embedded) 1/60 s · 100.0 req/s · p95 123 ms · errors 2 · 429s 1 · 100 requests';
  const s2 = 'load (embedded) 2/60 s · 100.0 req/s · p95 123 ms · errors 2 · 429s 1 · 200 requests';
  const s3 = 'load (embedded) 3/60 s · 100.0 req/s · p95 123 ms · errors 2 · 429s 1 · 300 requests';
  assert.deepEqual(screen, [
    `RAW ${JSON.stringify(CLEAR + s1)}`,
    `RAW ${JSON.stringify(CLEAR + s2)}`,
    // A log line: the status is cleared, the line printed, the running window drawn again.
    `RAW ${JSON.stringify(CLEAR)}`,
    'OUT budget: waiting',
    `RAW ${JSON.stringify(CLEAR + s2)}`,
    `RAW ${JSON.stringify(CLEAR)}`,
    `OUT ${s3}`,
    `RAW ${JSON.stringify(`${CLEAR}lighthouse /login run 1/2`)}`,
    // A Lighthouse run's status is transient: the next log line replaces it.
    `RAW ${JSON.stringify(CLEAR)}`,
    'OUT lighthouse done',
    `RAW ${JSON.stringify(`${CLEAR}watch: next round 2/3 at 22:00:08 UTC (in 5 s)`)}`,
    `RAW ${JSON.stringify(CLEAR)}`,
  ]);
});

test('two load windows at once (verify --app all): one line each in CI, side by side on a terminal', () => {
  const ci = harness(false);
  const fr = (s: number, extra = {}) => load(s, { app: 'financial-rise', ...extra });
  const fc = (s: number, extra = {}) => load(s, { app: 'flowcomply', ...extra });
  for (const s of [1, 2, 11]) {
    ci.at(s * 1000);
    ci.live.progress(fr(s));
    ci.live.progress(fc(s));
  }
  assert.deepEqual(
    ci.screen.map((l) => l.replace(/ · .*/, '')),
    [
      'OUT [22:00:01] financial-rise: load (embedded) 1/60 s',
      'OUT [22:00:01] flowcomply: load (embedded) 1/60 s',
      'OUT [22:00:11] financial-rise: load (embedded) 11/60 s',
      'OUT [22:00:11] flowcomply: load (embedded) 11/60 s',
    ],
  );
  const tty = harness(true);
  tty.live.progress(fr(1));
  tty.live.progress(fc(1));
  tty.live.progress(fr(2, { done: true }));
  tty.live.close();
  const line = (e: ProgressEvent) => formatProgress(e, new Date(T0));
  assert.deepEqual(tty.screen, [
    `RAW ${JSON.stringify(`\r\u001b[2K${line(fr(1))}`)}`,
    `RAW ${JSON.stringify(`\r\u001b[2K${line(fr(1))}  |  ${line(fc(1))}`)}`,
    `RAW ${JSON.stringify('\r\u001b[2K')}`,
    `OUT ${line(fr(2, { done: true }))}`,
    `RAW ${JSON.stringify(`\r\u001b[2K${line(fc(1))}`)}`,
    // Cut short (closed while running): its last figures stay as a line.
    `RAW ${JSON.stringify('\r\u001b[2K')}`,
    `OUT ${line(fc(1))}`,
  ]);
});
