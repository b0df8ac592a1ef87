import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SECRET_DEFAULTS } from '../../config/secrets.ts';
import type { Artifact, CheckResult } from '../../core/types.ts';
import { routeOf, type GateContext } from '../context.ts';
import { checkResult, errorResult } from '../result.ts';
import { EmbeddedSetupError, overallRate, runEmbedded, type EmbeddedRun } from './embedded-engine.ts';
import { parseK6Summary } from './k6-summary.ts';
import { importK6Summary } from './external-summary.ts';
import { scenarioOnRoutes } from './on-routes.ts';
import { freePort } from '../../host/free-port.ts';
import { pollK6Metrics } from './k6-live-poller.ts';
import { findK6, runK6, scriptFor, type K6Invocation, type K6Outcome } from './k6-runner.ts';
import { loadAssertions, loadMetrics, type LoadMeasurement } from './measurement.ts';
import { chooseEngine, K6_INSTALL_HINT, loadRefusal, resolveScenario, type ScenarioOverrides } from './policy.ts';
import { throttling } from './throttling.ts';
import { windowTicker } from './window-ticker.ts';
import { round } from '../perf/stats.ts';

/**
 * `<app>.load.k6`: the runbook's light load test (10 VUs for 1 minute: p95 < 500 ms, errors
 * < 1 %, no timeouts) on k6 when it is installed, or on the embedded engine. The result always
 * names the engine that produced the numbers. 429 answers are counted apart (`throttled429`);
 * a run the target throttled is an `error` caused by the gate, never a verdict on the app.
 */

export interface LoadCheckOptions extends ScenarioOverrides {
  /** Seams for tests; default: the real k6 process and autocannon. */
  k6?: (inv: K6Invocation) => Promise<K6Outcome>;
  embedded?: (run: EmbeddedRun) => Promise<LoadMeasurement>;
}

/** `id`: the catalogue id it measures for (load/index.ts registers it per app). */
export async function runLoadCheck(ctx: GateContext, id: string, opts: LoadCheckOptions = {}): Promise<CheckResult> {
  const started = ctx.now();
  if (ctx.k6Summary) return judgeImportedSummary(ctx, id, ctx.k6Summary, started);
  const refused = loadRefusal(ctx.target.apiUrl, ctx.target.allowLoad);
  if (refused)
    return errorResult(
      id,
      started,
      ctx.now,
      `Load test not run: ${refused}`,
      'run it against a local or staging target, or set allowLoad: true for this app in the environment if it may take load',
    );
  const email = ctx.secrets.smokeEmail;
  const password = ctx.secrets.smokePassword;
  if (!email || !password) {
    const vars = ['smokeEmail', 'smokePassword'].map((r) => ctx.target.secrets[r] ?? SECRET_DEFAULTS[ctx.app][r]?.env).join(' and ');
    return errorResult(id, started, ctx.now, 'Load test not run: the smoke account credentials are missing', `set ${vars}`);
  }

  const planned = scenarioOnRoutes(
    resolveScenario(ctx.profile.load, opts, ctx.settings.load),
    (key) => routeOf(ctx, key),
    ctx.profile.responses.token ?? 'access_token',
  );
  const { scenario, maxRequests, pacedNote } = withinBudget(ctx, planned);
  if (pacedNote) ctx.log(`load: ${pacedNote}`);
  const k6 = await findK6(ctx.processEnv);
  const choice = chooseEngine(ctx.loadEngine ?? scenario.engine, k6.path !== undefined);
  if ('error' in choice) return errorResult(id, started, ctx.now, `Load test not run: ${choice.error} (looked at ${k6.looked})`, K6_INSTALL_HINT);

  const outDir = path.join(ctx.runDir, 'load', ctx.app);
  const rel = (file: string) => path.relative(ctx.runDir, file);
  const done = (found: Omit<Parameters<typeof checkResult>[1], 'startedAt' | 'durationMs'>) =>
    checkResult(id, { ...found, startedAt: started, durationMs: ctx.now().getTime() - started.getTime() });
  let measurement: LoadMeasurement;
  let k6Exit: number | undefined;
  const evidence: Artifact[] = [];

  if (choice.engine === 'k6') {
    ctx.log(`load: k6 ${k6.path} (${choice.why}), ${scenario.vus} VUs x ${scenario.durationS} s`);
    // k6's own console goes to its log file; the live figures come from its REST API on a
    // loopback port of our choosing, always given: k6 < 2.0 would otherwise take
    // localhost:6565, and two k6 at once (`--app all`) would fight over it. Polled only when
    // someone watches the progress.
    const address = await freePort().then(
      (port) => `127.0.0.1:${port}`,
      () => undefined,
    );
    const poller = address && ctx.progress ? pollK6Metrics(address) : undefined;
    const ticker = ctx.progress ? windowTicker(ctx.progress, 'k6', scenario.durationS, () => poller?.latest() ?? {}) : undefined;
    const outcome = await (opts.k6 ?? runK6)({
      bin: k6.path as string,
      script: scriptFor(ctx.app),
      vars: { TARGET: ctx.target.apiUrl.replace(/\/+$/, ''), HEALTH_PATH: routeOf(ctx, 'health'), SCENARIO: JSON.stringify(scenario), RUN_ID: ctx.runId },
      env: { ...ctx.processEnv, POSTFLIGHT_LOGIN_EMAIL: email, POSTFLIGHT_LOGIN_PASSWORD: password, K6_NO_USAGE_REPORT: 'true' },
      outDir,
      timeoutMs: (scenario.durationS + 120) * 1000,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...(address ? { address } : {}),
    })
      .catch((error: Error) => error)
      .finally(() => {
        poller?.stop();
        ticker?.stop();
      });
    if (outcome instanceof Error) return errorResult(id, started, ctx.now, `Load test not run: ${outcome.message}`, K6_INSTALL_HINT);
    evidence.push({ kind: 'log', path: rel(outcome.logPath), title: 'k6 output' });
    if (outcome.summarySource) evidence.push({ kind: 'json', path: rel(outcome.summarySource), title: 'k6 end-of-test summary' });
    const fail = (what: string) => done({ status: 'error', message: `k6: ${what} — see ${rel(outcome.logPath)}`, evidence, metrics: { engine: 'k6' } });
    if (outcome.aborted) return fail("stopped: the run's deadline passed while k6 ran (raise --deadline if the run needs longer)");
    if (outcome.timedOut) return fail(`killed after ${Math.round(scenario.durationS + 120)} s without finishing`);
    if (outcome.exitCode !== 0 && outcome.exitCode !== 99) {
      return fail(
        `exited ${outcome.exitCode} (${outcome.exitCode === 108 ? 'aborted in setup: target down or login failed' : 'not a threshold verdict'}): ${outcome.tail.split('\n').slice(-3).join(' / ')}`,
      );
    }
    k6Exit = outcome.exitCode;
    if (!outcome.summaryText) {
      // Exit 99 without a summary is still k6's verdict that thresholds were crossed.
      return outcome.exitCode === 99
        ? done({ status: 'fail', message: 'k6 exited 99 (thresholds crossed) but wrote no summary', evidence, metrics: { engine: 'k6' } })
        : fail('finished but wrote no summary');
    }
    try {
      measurement = parseK6Summary(JSON.parse(outcome.summaryText));
    } catch (error) {
      return fail(`summary ${rel(outcome.summarySource as string)} could not be read: ${(error as Error).message}`);
    }
  } else {
    ctx.log(`load: embedded engine (${choice.why}), ${scenario.vus} connections x ${scenario.durationS} s`);
    try {
      overallRate(scenario);
    } catch (error) {
      return errorResult(id, started, ctx.now, `Load test not run (embedded engine): ${(error as Error).message}`, K6_INSTALL_HINT);
    }
    try {
      measurement = await (opts.embedded ?? runEmbedded)({
        target: ctx.target.apiUrl,
        scenario,
        credentials: { email, password },
        healthPath: routeOf(ctx, 'health'),
        log: ctx.log,
        ...(ctx.progress ? { progress: ctx.progress } : {}),
        shareKey: ctx.runId,
        ...(ctx.pacer ? { pacer: ctx.pacer } : {}),
        ...(maxRequests ? { maxRequests } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    } catch (error) {
      const what = error instanceof EmbeddedSetupError ? error.message : `embedded engine failed: ${(error as Error).message}`;
      const hint =
        error instanceof EmbeddedSetupError && error.rateLimited
          ? "allowlist the gate's IP in the target's rate limiter, or wait for its window to pass and lower the rate (load.arrivalRate)"
          : 'check that the API is up and the smoke account can log in';
      return errorResult(id, started, ctx.now, `Load test not run (embedded engine): ${what}`, hint);
    }
    await mkdir(outDir, { recursive: true });
    const file = path.join(outDir, 'embedded-summary.json');
    await writeFile(file, JSON.stringify({ engine: 'embedded', tool: 'autocannon', scenario: { ...scenario }, measurement }, null, 2));
    evidence.push({ kind: 'json', path: rel(file), title: 'embedded engine (autocannon) summary' });
  }

  recordSpend(ctx, scenario, measurement.requests);
  return judgeMeasurement(ctx, {
    id,
    started,
    scenario,
    measurement,
    evidence,
    ...(k6Exit !== undefined ? { k6Exit } : {}),
    ...(pacedNote ? { pacedNote } : {}),
  });
}

/** `--k6-summary`: no load sent; the summary of a run elsewhere is judged like a local k6 run's. */
async function judgeImportedSummary(ctx: GateContext, id: string, file: string, started: Date): Promise<CheckResult> {
  const scenario = scenarioOnRoutes(
    resolveScenario(ctx.profile.load, {}, ctx.settings.load),
    (key) => routeOf(ctx, key),
    ctx.profile.responses.token ?? 'access_token',
  );
  let imported;
  try {
    imported = await importK6Summary(file, path.join(ctx.runDir, 'load', ctx.app));
  } catch (error) {
    return errorResult(
      id,
      started,
      ctx.now,
      `Load summary not judged: ${(error as Error).message}`,
      'give --k6-summary the summary k6 wrote (handleSummary JSON, --summary-export, or the machine-readable summary)',
    );
  }
  ctx.log(`load: judging the k6 summary ${file} (${imported.format}); no load sent from here`);
  const evidence: Artifact[] = [
    { kind: 'json', path: path.relative(ctx.runDir, imported.copy), title: `k6 summary imported from ${path.basename(file)} (${imported.format})` },
  ];
  return judgeMeasurement(ctx, {
    id,
    started,
    scenario,
    measurement: imported.measurement,
    evidence,
    label: `k6 summary imported from ${path.basename(file)} (${imported.format})`,
  });
}

/** `label`: what produced the numbers when it was not this machine (an imported summary). */
function judgeMeasurement(
  ctx: GateContext,
  m: {
    id: string;
    started: Date;
    scenario: ReturnType<typeof scenarioOnRoutes>;
    measurement: LoadMeasurement;
    evidence: Artifact[];
    k6Exit?: number;
    label?: string;
    pacedNote?: string;
  },
): CheckResult {
  const { id, started, scenario, measurement, evidence, k6Exit, pacedNote } = m;
  const done = (found: Omit<Parameters<typeof checkResult>[1], 'startedAt' | 'durationMs'>) =>
    checkResult(id, { ...found, startedAt: started, durationMs: ctx.now().getTime() - started.getTime() });
  const metrics: Record<string, number | string> = {
    ...loadMetrics(measurement, scenario),
    ...(pacedNote ? { budgetPacedRps: scenario.arrivalRate ?? 0 } : {}),
  };
  if (measurement.requests === 0 || !Number.isFinite(measurement.p95Ms)) {
    return done({
      status: 'error',
      message: `${measurement.engine}: no request completed in ${scenario.durationS} s — the target accepted no load`,
      evidence,
      metrics,
    });
  }
  const assertions = loadAssertions(measurement, scenario.thresholds, k6Exit);
  const failed = assertions.filter((a) => !a.passed);
  const head = m.label
    ? `${m.label}: ${measurement.requests} requests over ${Math.round(measurement.durationS)} s`
    : `${measurement.engine === 'k6' ? 'k6' : 'embedded engine (autocannon)'}: ${measurement.requests} requests, ${scenario.vus} VUs x ${Math.round(measurement.durationS)} s`;
  // Last in the message: what was measured and judged comes first.
  const paced = pacedNote ? ` (${pacedNote})` : '';
  const limited = throttling(measurement, scenario);
  if (limited.throttled) {
    // The limiter answered, not the app: no assertion is judged (a failed one would make this
    // a fail about the release); what was measured stays in the message and the metrics.
    const also = failed.length > 0 ? ` (also measured, not judged: ${failed.map((a) => a.message).join('; ')})` : '';
    // errorRate and p95Ms are what the rollback criteria read from the load check; renamed
    // here so a run that measured the limiter can never recommend a rollback of the release.
    const { errorRate, p95Ms, ...rest } = metrics;
    const unjudged = { ...rest, unjudgedErrorRate: errorRate, unjudgedP95Ms: p95Ms, throttledShare: round(limited.share, 4) };
    return done({ status: 'error', cause: 'gate', fix: limited.fix, message: `${head}: ${limited.message}${also}${paced}`, evidence, metrics: unjudged });
  }
  return done({
    message: `${head}: ${(failed.length > 0 ? failed : assertions).map((a) => a.message).join('; ')}${paced}`,
    assertions,
    evidence,
    metrics,
  });
}

/**
 * The scenario within the target's request budget: when the known rate limits allow less than
 * the scenario would send, the run is paced (whole requests/s, at least 1) and capped at what
 * the budget leaves; the message says so (a paced run measures the app at that pace only).
 */
function withinBudget(
  ctx: GateContext,
  scenario: ReturnType<typeof scenarioOnRoutes>,
): { scenario: ReturnType<typeof scenarioOnRoutes>; maxRequests?: number; pacedNote?: string } {
  const allowance = ctx.pacer?.loadAllowance(
    scenario.requests.map((r) => ({ request: `${r.method} ${r.path}`, weight: r.weight })),
    scenario.durationS,
  );
  if (!allowance || allowance.rate === undefined) return { scenario };
  // Unpaced, a scenario sends about 20 requests/s per VU on a fast target: only a tighter budget paces it.
  const wanted = scenario.arrivalRate ?? scenario.vus * 20;
  if (allowance.rate >= wanted) return { scenario };
  // Whole requests/s for the embedded engine, never above a slower pace the scenario already asks for.
  const rate = Math.min(scenario.arrivalRate ?? Number.POSITIVE_INFINITY, Math.max(1, Math.floor(allowance.rate)));
  const maxRequests = Math.max(1, allowance.maxRequests ?? Math.floor(rate * scenario.durationS));
  return {
    scenario: { ...scenario, arrivalRate: rate },
    maxRequests,
    pacedNote: `paced at ${rate} requests/s, at most ${maxRequests} requests, to stay within the target's ${allowance.limit}`,
  };
}

/** The load's requests in the budget's ledger, split by the scenario's weights. */
function recordSpend(ctx: GateContext, scenario: ReturnType<typeof scenarioOnRoutes>, sent: number): void {
  const total = scenario.requests.reduce((n, r) => n + r.weight, 0) || 1;
  for (const r of scenario.requests) ctx.pacer?.recordBulk(`${r.method} ${r.path}`, Math.round((sent * r.weight) / total));
}
