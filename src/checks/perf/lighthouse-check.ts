import type { Artifact, CheckResult } from '../../core/types.ts';
import type { GateContext } from '../context.ts';
import { checkResult, errorResult } from '../result.ts';
import { auditPages, auditTimeoutMs, findChrome, type LighthouseSample } from '../../../perf/lighthouse.ts';
import { lighthouseMetrics, pageAssertions, unmeasuredPages } from './lighthouse-budgets.ts';

/**
 * `<app>.perf.lighthouse`: the runbook's "Page Load Times" (performance > 90, FCP < 2 s,
 * TTI < 3 s) on the profile's pages, median of N runs, every run's report kept as evidence.
 */

export interface LighthouseCheckOptions {
  /** Runs per page; default: the run's settings (--lighthouse-runs), then the profile's `perf.runs`, then 3. */
  runs?: number;
  /** Seams for tests. */
  audit?: typeof auditPages;
  locateChrome?: typeof findChrome;
}

export const CHROME_HINT = 'install Chromium (apt-get install chromium) or set CHROME_PATH to a Chrome/Chromium binary';

export function runsFor(ctx: Pick<GateContext, 'profile' | 'settings'>, override?: number): number {
  const runs = override ?? ctx.settings.lighthouseRuns ?? ctx.profile.perf.runs ?? 3;
  return Math.max(1, Math.floor(runs));
}

/** `/login` on `https://app.example.com/base/` -> `https://app.example.com/base/login`. */
export function pageUrl(webUrl: string, page: string): string {
  return `${webUrl.replace(/\/+$/, '')}/${page.replace(/^\/+/, '')}`;
}

/** `id`: the catalogue id it measures for (perf/index.ts registers it per app). */
export async function runLighthouseCheck(ctx: GateContext, id: string, opts: LighthouseCheckOptions = {}): Promise<CheckResult> {
  const started = ctx.now();
  const chromePath = await (opts.locateChrome ?? findChrome)(ctx.processEnv);
  if (!chromePath) {
    const looked = ctx.processEnv.CHROME_PATH
      ? `CHROME_PATH=${ctx.processEnv.CHROME_PATH} is not an executable file`
      : 'no Chromium at /usr/bin/chromium (CHROME_PATH is unset)';
    return errorResult(id, started, ctx.now, `Lighthouse not run: ${looked}`, CHROME_HINT);
  }
  const runs = runsFor(ctx, opts.runs);
  const pages = ctx.profile.perf.pages.map((page) => ({ page, url: pageUrl(ctx.target.webUrl, page) }));
  let samples: LighthouseSample[];
  try {
    samples = await (opts.audit ?? auditPages)({
      app: ctx.app,
      pages,
      runs,
      runDir: ctx.runDir,
      chromePath,
      log: ctx.log,
      ...(ctx.progress ? { progress: ctx.progress } : {}),
      auditTimeoutMs: auditTimeoutMs(ctx.processEnv),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  } catch (error) {
    return errorResult(
      id,
      started,
      ctx.now,
      `Lighthouse could not audit ${pages.map((p) => p.url).join(', ')}: ${(error as Error).message}`,
      `check that ${ctx.target.webUrl} answers from this machine and that ${chromePath} starts headless (${CHROME_HINT})`,
    );
  }

  const evidence: Artifact[] = samples.flatMap((s) => [
    { kind: 'html' as const, path: s.htmlPath, title: `Lighthouse ${s.page} run ${s.run}` },
    { kind: 'json' as const, path: s.jsonPath, title: `Lighthouse ${s.page} run ${s.run} (JSON)` },
  ]);
  const assertions = ctx.profile.perf.pages.flatMap((page) =>
    pageAssertions(
      page,
      samples.filter((s) => s.page === page),
      ctx.profile.perf.lighthouse,
    ),
  );
  const metrics = lighthouseMetrics(samples);
  const durationMs = ctx.now().getTime() - started.getTime();
  const missing = unmeasuredPages(samples);
  if (missing.length > 0) {
    const what = missing.map((m) => `${m.page}: ${m.errors[0] ?? 'no result'}`).join('; ');
    return checkResult(id, {
      status: 'error',
      message: `Lighthouse measured nothing on ${what} — check that the page loads and paints in a browser`,
      evidence,
      metrics,
      startedAt: started,
      durationMs,
    });
  }
  const partial = samples.filter((s) => s.error).map((s) => `${s.page} run ${s.run}: ${s.error}`);
  const failed = assertions.filter((a) => !a.passed);
  const head = `Lighthouse ${pages.length} page(s) x ${runs} run(s), desktop, simulated throttling`;
  const body =
    failed.length > 0
      ? failed.map((a) => a.message).join('; ')
      : `all ${assertions.length} budgets met (performance ${metrics.performanceMedian}, FCP ${metrics.fcpMedianMs} ms, TTI ${metrics.ttiMedianMs} ms)`;
  return checkResult(id, {
    message: `${head}: ${body}${partial.length > 0 ? `; runs without a result: ${partial.join('; ')}` : ''}`,
    assertions,
    evidence,
    metrics,
    startedAt: started,
    durationMs,
  });
}
