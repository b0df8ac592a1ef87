import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { LabelName, Stage, Status, type Label, type StepResult, type TestResult } from 'allure-js-commons';
import { FileSystemWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import type { CheckResult, Decision } from '../../core/types.ts';
import { isGateProblem } from '../../verdict/cause.ts';
import { formatExpected, formatValue, procedureLabel } from './format.ts';
import type { RunReport } from './report-doc.ts';
import type { FileReporterOptions } from './file-reporter.ts';
import { endOfRunReporter } from './file-reporter.ts';
import type { Reporter } from './reporter.ts';

/**
 * allure-results for EVERY check, not only the Playwright suites', written through
 * allure-js-commons' ReporterRuntime (the library allure-playwright itself uses): severity,
 * phase as suite, gate problems as `broken` (categories.json tells a release defect from a gate
 * problem), the verdict as a result of its own, environment.properties and executor.json.
 * A check the Playwright suites also reported is written once: its Playwright steps and
 * attachments move into the check's result and the Playwright result file is removed (else the
 * report would list the check twice, once under a test title).
 */

export const ALLURE_DIR = 'allure-results';
/**
 * Allure 3's awesome report takes its categories from the config, not from categories.json
 * (only its Allure 2 / classic plugins read that file): without this file it would file the
 * failures under its defaults ("Product errors", "Test errors"). `--config <run>/allurerc.json`.
 */
export const ALLURE_CONFIG = 'allurerc.json';

/** The catalogue's severities in Allure's scale (it has no "major"; the tag keeps the word). */
const SEVERITY: Record<CheckResult['severity'], string> = { critical: 'critical', major: 'normal', minor: 'minor' };

/** Playwright annotations allure-playwright turns into steps; the check's own labels say them. */
const ANNOTATION_STEP = /^(check|runbook|serial|skip|fixme|slow): /;

/**
 * Evidence copied into the results: the small, telling files. Traces, videos and Lighthouse's
 * HTML reports stay in the run folder, linked from index.html (copying them doubles the folder).
 */
const MAX_ATTACHMENT_BYTES = 1_000_000;

const CONTENT_TYPE: Record<string, string> = {
  screenshot: 'image/png',
  pdf: 'application/pdf',
  json: 'application/json',
  log: 'text/plain',
  text: 'text/plain',
};

export function allureStatus(c: Pick<CheckResult, 'status' | 'cause'>): Status {
  if (c.status === 'pass') return Status.PASSED;
  if (c.status === 'skipped' || c.status === 'waived') return Status.SKIPPED;
  if (c.status === 'fail') return Status.FAILED;
  return isGateProblem(c) ? Status.BROKEN : Status.FAILED;
}

const DECISION_STATUS: Record<Decision, Status> = { GO: Status.PASSED, 'NO-GO': Status.FAILED, INCONCLUSIVE: Status.BROKEN };

export const CATEGORIES = [
  { name: 'Release defect (the target failed a check)', matchedStatuses: [Status.FAILED] },
  { name: 'Gate problem (the gate could not measure: not the release)', matchedStatuses: [Status.BROKEN] },
  { name: 'Not verified (skipped or waived)', matchedStatuses: [Status.SKIPPED] },
];

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** Playwright's results in the folder, by the check id its `check: <id>` step names. */
function playwrightResults(resultsDir: string): Map<string, { file: string; result: TestResult }> {
  const out = new Map<string, { file: string; result: TestResult }>();
  let names: string[] = [];
  try {
    names = readdirSync(resultsDir).filter((n) => n.endsWith('-result.json'));
  } catch {
    return out;
  }
  for (const name of names) {
    try {
      const result = JSON.parse(readFileSync(join(resultsDir, name), 'utf8')) as TestResult;
      const id = result.steps?.map((s) => /^check: (\S+)$/.exec(s.name ?? '')?.[1]).find(Boolean);
      if (id) out.set(id, { file: join(resultsDir, name), result });
    } catch {
      // not a result of ours to merge
    }
  }
  return out;
}

function labels(report: RunReport, c: CheckResult): Label[] {
  return [
    { name: LabelName.SEVERITY, value: SEVERITY[c.severity] },
    { name: LabelName.TAG, value: c.severity },
    { name: LabelName.PARENT_SUITE, value: report.run.appName },
    { name: LabelName.SUITE, value: c.phase },
    { name: LabelName.FEATURE, value: c.phase },
    { name: LabelName.STORY, value: c.runbookRef },
    { name: LabelName.ALLURE_ID, value: c.id },
    { name: 'check', value: c.id },
    ...(c.cause ? [{ name: 'cause', value: c.cause }] : []),
  ];
}

function assertionSteps(c: CheckResult, at: number): StepResult[] {
  return c.assertions.map((a) => ({
    name: `${a.name}: expected ${formatExpected(a)}, actual ${formatValue(a.actual)}`,
    status: a.passed ? Status.PASSED : Status.FAILED,
    stage: Stage.FINISHED,
    statusDetails: a.passed ? {} : { message: a.message },
    parameters: [],
    attachments: [],
    steps: [],
    start: at,
    stop: at,
  }));
}

function writeCheck(runtime: ReporterRuntime, dir: string, report: RunReport, c: CheckResult, pw?: TestResult): void {
  const start = Date.parse(c.startedAt) || Date.parse(report.run.startedAt);
  const key = `${report.run.app}:${report.run.env}:${c.id}`;
  const uuid = runtime.startTest({
    name: `${c.id}: ${c.title}`,
    fullName: `${report.run.app}/${c.phase}/${c.id}`,
    historyId: md5(key),
    testCaseId: md5(key),
    labels: labels(report, c),
    description: `${c.message}\n\nRunbook: ${c.runbookRef}${c.fix ? `\n\nFix (the gate's, not the release's): ${c.fix}` : ''}`,
    start,
  });
  runtime.updateTest(uuid, (r) => {
    r.status = allureStatus(c);
    r.stage = Stage.FINISHED;
    r.statusDetails = {
      message: `${c.status.toUpperCase()}: ${c.message}`,
      ...(c.flaky ? { flaky: true } : {}),
      ...(c.assertions.some((a) => !a.passed)
        ? {
            trace: c.assertions
              .filter((a) => !a.passed)
              .map((a) => `${a.name}: ${a.message}`)
              .join('\n'),
          }
        : {}),
    };
    // Measurements, not identity: excluded, so the history id stays the same from run to run.
    r.parameters = Object.entries(c.metrics ?? {}).map(([name, value]) => ({ name, value: String(value), excluded: true }));
    r.steps.push(...assertionSteps(c, start));
    if (pw) {
      r.steps.push(...(pw.steps ?? []).filter((s) => !ANNOTATION_STEP.test(s.name ?? '')));
      r.attachments.push(...(pw.attachments ?? []));
    }
  });
  const attached = new Set((pw?.attachments ?? []).map((a) => a.name));
  for (const e of c.evidence) {
    const path = join(dir, e.path);
    const type = CONTENT_TYPE[e.kind];
    if (!type || attached.has(e.title)) continue;
    try {
      if (statSync(path).size > MAX_ATTACHMENT_BYTES) continue;
    } catch {
      continue;
    }
    runtime.writeAttachment(uuid, undefined, e.title || e.path, path, { contentType: type });
  }
  runtime.stopTest(uuid, { stop: start + Math.max(0, c.durationMs || 0) });
  runtime.writeTest(uuid);
}

function writeVerdict(runtime: ReporterRuntime, report: RunReport): void {
  const { run, rollback } = report;
  const start = Date.parse(run.startedAt);
  const key = `${run.app}:${run.env}:verdict`;
  const uuid = runtime.startTest({
    name: `verdict: ${report.decision}`,
    fullName: `${run.app}/verdict`,
    historyId: md5(key),
    testCaseId: md5(key),
    labels: [
      { name: LabelName.SEVERITY, value: 'blocker' },
      { name: LabelName.PARENT_SUITE, value: run.appName },
      { name: LabelName.SUITE, value: 'verdict' },
      { name: LabelName.ALLURE_ID, value: `${run.app}.verdict` },
    ],
    description: [
      ...report.reasons,
      `Rollback: ${rollback.recommendation}${rollback.procedure ? ` (${procedureLabel(rollback)})` : ''}`,
      ...rollback.reasons,
    ].join('\n\n'),
    start,
  });
  runtime.updateTest(uuid, (r) => {
    r.status = DECISION_STATUS[report.decision];
    r.stage = Stage.FINISHED;
    r.statusDetails = { message: `${report.decision}: ${report.reasons[0] ?? ''}` };
    r.parameters = [
      { name: 'release', value: run.release ?? 'not stated', excluded: true },
      { name: 'rollback', value: rollback.recommendation, excluded: true },
      ...Object.entries(report.counts).map(([name, value]) => ({ name, value: String(value), excluded: true })),
    ];
  });
  runtime.stopTest(uuid, { stop: start + run.durationMs });
  runtime.writeTest(uuid);
}

/** Writes the results into `<dir>/allure-results`; returns how many check results it wrote. */
export function writeAllureResults(dir: string, report: RunReport): number {
  const resultsDir = join(dir, ALLURE_DIR);
  const { run } = report;
  const runtime = new ReporterRuntime({
    writer: new FileSystemWriter({ resultsDir }),
    categories: CATEGORIES.map((c) => ({ ...c })),
    environmentInfo: {
      app: run.appName,
      environment: run.env,
      release: run.release ?? 'not stated',
      api: run.targets.apiUrl,
      web: run.targets.webUrl,
      decision: report.decision,
      postflight: run.postflightVersion,
      node: process.version,
      cores: String(cpus().length),
    },
  });
  const fromPlaywright = playwrightResults(resultsDir);
  writeVerdict(runtime, report);
  for (const c of report.checks) {
    const pw = fromPlaywright.get(c.id);
    writeCheck(runtime, dir, report, c, pw?.result);
    if (pw) rmSync(pw.file, { force: true });
  }
  runtime.writeEnvironmentInfo();
  runtime.writeCategoriesDefinitions();
  // allure-js-commons has no writer for the executor block; its format is plain JSON.
  writeFileSync(
    join(resultsDir, 'executor.json'),
    JSON.stringify(
      {
        name: 'postflight',
        type: 'postflight',
        buildName: `${run.app} ${run.env} ${run.runId}`,
        reportName: `postflight ${run.appName} on ${run.env} — ${report.decision}`,
        buildOrder: Date.parse(run.startedAt) || undefined,
        host: hostname(),
      },
      null,
      2,
    ),
  );
  return report.checks.length;
}

/** The Allure config for these results: the report's name and our categories (see ALLURE_CONFIG). */
export function allureConfig(report: RunReport): string {
  const name = `postflight ${report.run.appName} on ${report.run.env}`;
  return `${JSON.stringify({ name, categories: CATEGORIES }, null, 2)}\n`;
}

export function allureReporter(opts: FileReporterOptions): Reporter {
  return endOfRunReporter('allure', opts, (report) => {
    writeAllureResults(opts.dir, report);
    return { [ALLURE_CONFIG]: allureConfig(report) };
  });
}
