import { access, mkdir, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
import type { Config, Flags, Result } from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import type { LighthouseBudget } from '../src/config/app-profile.ts';
import type { ProgressSink } from '../src/core/progress.ts';

/**
 * Runs Lighthouse against a list of pages, N times each, strictly one audit at a time, and
 * keeps every run's HTML and JSON report as evidence. It measures; it never judges (the
 * budgets live in `src/checks/perf/lighthouse-budgets.ts`).
 */

/** Flags that work as root in a container (TOOLING.md): without --no-sandbox Chrome refuses. */
export const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Desktop profile, spelled out instead of `extends: desktop-config` so the report says exactly
 * what was emulated. `simulate` (Lantern) is the default because it is the least noisy on a
 * shared machine: the page loads unthrottled and the throttled timings are computed.
 */
export const LIGHTHOUSE_CONFIG: Config = {
  extends: 'lighthouse:default',
  settings: {
    onlyCategories: ['performance'],
    formFactor: 'desktop',
    screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
    throttlingMethod: 'simulate',
    throttling: { rttMs: 40, throughputKbps: 10240, cpuSlowdownMultiplier: 1, requestLatencyMs: 0, downloadThroughputKbps: 0, uploadThroughputKbps: 0 },
  },
};

export type LighthouseMetric = LighthouseBudget['metric'];
export const LIGHTHOUSE_METRICS: readonly LighthouseMetric[] = [
  'performance',
  'first-contentful-paint',
  'interactive',
  'largest-contentful-paint',
  'total-blocking-time',
];

/** One audit of one page. Paths are relative to the run folder (evidence convention). */
export interface LighthouseSample {
  page: string;
  url: string;
  run: number;
  /** Category score 0..1 and audit numeric values in ms; absent when Lighthouse had none. */
  metrics: Partial<Record<LighthouseMetric, number>>;
  /** Lighthouse's runtimeError (page did not load, no paint, ...): this run measured nothing. */
  error?: string;
  htmlPath: string;
  jsonPath: string;
  durationMs: number;
}

export interface AuditRequest {
  app: string;
  pages: { page: string; url: string }[];
  runs: number;
  /** Absolute run folder; reports go to `<runDir>/lighthouse/<app>/`. */
  runDir: string;
  chromePath: string;
  log: (line: string) => void;
  /** The live console: each run as it starts (instead of the log line). */
  progress?: ProgressSink;
  config?: Config;
  /** Time limit of one audit (default: POSTFLIGHT_LIGHTHOUSE_TIMEOUT_S, else 90 s); Chromium is killed when it passes. */
  auditTimeoutMs?: number;
  /** Fires when the run's deadline passes: Chromium is killed and the audits stop. */
  signal?: AbortSignal;
}

/** ~16 s is a normal audit (TOOLING.md); Lighthouse's own page-load wait is 45 s. */
export const DEFAULT_AUDIT_TIMEOUT_S = 90;

export function auditTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = Number(env.POSTFLIGHT_LIGHTHOUSE_TIMEOUT_S);
  return (Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_AUDIT_TIMEOUT_S) * 1000;
}

/*
 * chrome-launcher starts Chromium in its own process group and kills only on SIGINT; a gate
 * that exits any other way (deadline, error, SIGTERM handled by the CLI) must not leave it
 * running, so every instance still alive is killed on exit (killAll is synchronous).
 */
let exitHookInstalled = false;
function killChromesOnExit(): void {
  if (exitHookInstalled) return;
  process.on('exit', () => void chromeLauncher.killAll());
  // Lighthouse leaves protocol calls in flight that reject ("Target closed") once we kill its
  // Chromium at a time limit; nobody awaits them, so unhandled they would crash the gate after
  // it already recorded the timeout. Only those are absorbed; any other rejection still throws.
  process.on('unhandledRejection', (reason) => {
    if (Date.now() - lastKillAt < 30_000 && isLateProtocolError(reason)) return;
    throw reason;
  });
  exitHookInstalled = true;
}

/** When this process last killed a Chromium it audits with (a time limit or the deadline). */
let lastKillAt = 0;
const isLateProtocolError = (reason: unknown): boolean =>
  /Target closed|Session closed|WebSocket is not open|Protocol error/i.test(String((reason as { message?: string })?.message ?? reason));

/** Resolves with `work`, or rejects after `ms` (calling `onTimeout` first: it kills Chromium). */
function bounded<T>(work: Promise<T>, ms: number, onTimeout: () => void, message: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      // Settle first: killing Chromium makes the audit fail too ("Target closed"), and a kill
      // that throws must not leave that error to stand in for the time limit.
      reject(new Error(why));
      lastKillAt = Date.now();
      try {
        onTimeout();
      } catch {
        // already gone
      }
    };
    const onAbort = () => fail("stopped: the run's deadline passed during a Lighthouse audit; Chromium was killed");
    const timer = setTimeout(() => fail(message), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => (clearTimeout(timer), signal?.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (clearTimeout(timer), signal?.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

const CHROME_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const CHROME_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

/**
 * CHROME_PATH first (and only: a wrong CHROME_PATH is an error, not a reason to take another
 * browser), then the usual system locations, then PATH — the same order as the smoke suites'
 * `findChromium`. Undefined when none is executable.
 */
export async function findChrome(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => CHROME_NAMES.map((n) => path.join(dir, n)));
  const candidates = env.CHROME_PATH ? [env.CHROME_PATH] : [...CHROME_CANDIDATES, ...onPath];
  for (const candidate of candidates) {
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

/** `/login` -> `login`, `/` -> `home`, `/a/b?x=1` -> `a-b-x-1`: safe in a file name. */
export function pageSlug(page: string): string {
  const slug = page
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return slug || 'home';
}

/** Pulls the budgeted numbers out of a Lighthouse result (pure). */
export function readMetrics(lhr: Result): Partial<Record<LighthouseMetric, number>> {
  const out: Partial<Record<LighthouseMetric, number>> = {};
  const score = lhr.categories.performance?.score;
  if (typeof score === 'number') out.performance = score;
  for (const metric of LIGHTHOUSE_METRICS) {
    if (metric === 'performance') continue;
    const value = lhr.audits[metric]?.numericValue;
    if (typeof value === 'number') out[metric] = value;
  }
  return out;
}

/*
 * Lighthouse timings are only comparable when nothing else competes for the CPU, so audits in
 * one process queue behind each other. This chain is the only module state, and it is a lock,
 * not a registry: it never holds data.
 */
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

/** Audits every page `runs` times, sequentially, in one Chromium (launched here, always killed). */
export function auditPages(req: AuditRequest): Promise<LighthouseSample[]> {
  return oneAtATime(async () => {
    const outDir = path.join(req.runDir, 'lighthouse', req.app);
    await mkdir(outDir, { recursive: true });
    if (req.signal?.aborted) throw new Error("not started: the run's deadline had passed");
    killChromesOnExit();
    const chrome = await chromeLauncher.launch({ chromePath: req.chromePath, chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
    const samples: LighthouseSample[] = [];
    const limit = req.auditTimeoutMs ?? auditTimeoutMs();
    try {
      for (const { page, url } of req.pages) {
        for (let run = 1; run <= req.runs; run++) {
          if (req.progress) req.progress({ kind: 'lighthouse', page, run, runs: req.runs });
          else req.log(`lighthouse ${page} run ${run}/${req.runs}`);
          samples.push(
            await bounded(
              auditOnce(chrome.port, { page, url, run }, outDir, req),
              limit,
              () => chrome.kill(),
              `Lighthouse did not finish auditing ${url} (run ${run}) within ${Math.round(limit / 1000)} s; Chromium was stopped (POSTFLIGHT_LIGHTHOUSE_TIMEOUT_S raises the limit)`,
              req.signal,
            ),
          );
        }
      }
    } finally {
      chrome.kill();
    }
    return samples;
  });
}

async function auditOnce(port: number, at: { page: string; url: string; run: number }, outDir: string, req: AuditRequest): Promise<LighthouseSample> {
  const started = Date.now();
  const flags: Flags = { port, output: ['html', 'json'], logLevel: 'silent' };
  const result = await lighthouse(at.url, flags, req.config ?? LIGHTHOUSE_CONFIG);
  if (!result) throw new Error(`Lighthouse returned no result for ${at.url}`);
  const base = `${pageSlug(at.page)}-run${at.run}`;
  const [html, json] = result.report as string[];
  await writeFile(path.join(outDir, `${base}.html`), html);
  await writeFile(path.join(outDir, `${base}.json`), json);
  const rel = path.relative(req.runDir, outDir);
  const error = result.lhr.runtimeError ? `${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}` : undefined;
  return {
    ...at,
    metrics: error ? {} : readMetrics(result.lhr),
    ...(error ? { error } : {}),
    htmlPath: path.join(rel, `${base}.html`),
    jsonPath: path.join(rel, `${base}.json`),
    durationMs: Date.now() - started,
  };
}
