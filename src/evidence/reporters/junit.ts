import junitModule, { type Builder, type TestCase, type TestSuite } from 'junit-report-builder';
import type { CheckResult } from '../../core/types.ts';
import { isGateProblem } from '../../verdict/cause.ts';
import { endOfRunReporter, type FileReporterOptions } from './file-reporter.ts';
import { byPhase, formatExpected, formatMetric, formatValue, procedureLabel } from './format.ts';
import type { RunReport } from './report-doc.ts';
import type { Reporter } from './reporter.ts';

/**
 * junit.xml for CI dashboards, built with junit-report-builder: the verdict is a test case of
 * its own (suite `<app>/verdict`: failure on NO-GO, error on INCONCLUSIVE), then one suite per
 * phase, one test case per check. fail -> <failure>; error and inconclusive -> <error> (type
 * `gate` when the gate could not measure); skipped / waived -> <skipped message>; a pass only
 * on retry -> <flakyFailure>. Severity, runbook line, status and attempts of each check are the
 * suite's properties (`<check id>.severity`, ...): the Jenkins/Surefire schema CI viewers
 * validate against (selftest/fixtures/junit/junit-ci.xsd) allows properties on suites only.
 */

export const JUNIT_FILE = 'junit.xml';

// Its types declare `export default` for a CommonJS `module.exports =`: the default import IS the builder.
const junit = junitModule as unknown as Builder;

/** XML 1.0 cannot carry most control characters at all, escaped or not: drop them. */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** xmlbuilder escapes; what it cannot carry at all (control characters) is dropped first. */
const clean = (text: string): string => text.replace(INVALID_XML, '');
/** The builder writes stack traces and output as CDATA, which cannot hold `]]>`: split it across two sections. */
const cdata = (text: string): string => clean(text).replace(/\]\]>/g, ']]]]><![CDATA[>');
const seconds = (ms: number): number => Math.round(Math.max(0, ms || 0)) / 1000;

function details(c: CheckResult): string {
  const failed = c.assertions.filter((a) => !a.passed);
  return cdata(
    [
      c.message,
      ...failed.map((a) => `${a.name}: expected ${formatExpected(a)}, actual ${formatValue(a.actual)} — ${a.message}`),
      `Runbook: ${c.runbookRef}`,
      ...(c.fix ? [`Fix (the gate's): ${c.fix}`] : []),
    ].join('\n'),
  );
}

type XmlElement = ReturnType<TestCase['build']>;

/** Adds what junit-report-builder has no call for (flakyFailure, a skipped message) as the case is built. */
function afterBuild(tc: TestCase, extend: (el: XmlElement) => void): void {
  const build = tc.build.bind(tc);
  tc.build = (parent) => {
    const el = build(parent);
    extend(el);
    return el;
  };
}

function addCheck(suite: TestSuite, report: RunReport, c: CheckResult): void {
  for (const [k, v] of [
    ['severity', c.severity],
    ['phase', c.phase],
    ['runbookRef', c.runbookRef],
    ['status', c.status],
    ['attempts', String(c.attempts)],
    ['flaky', String(c.flaky)],
    ...(c.cause ? [['cause', c.cause]] : []),
  ] as const) {
    suite.property(`${c.id}.${k}`, clean(v));
  }
  const tc = suite
    .testCase()
    .className(`${report.run.app}.${c.phase}`)
    .name(clean(`${c.id}: ${c.title}`))
    .time(seconds(c.durationMs));
  if (c.status === 'fail') tc.failure(clean(c.message), 'fail').stacktrace(details(c));
  if (c.status === 'error' || c.status === 'inconclusive') tc.error(clean(c.message), isGateProblem(c) ? 'gate' : c.status, details(c));
  if (c.status === 'skipped' || c.status === 'waived') tc.skipped();
  const out = [
    ...(c.status === 'skipped' || c.status === 'waived' ? [`${c.status}: ${c.message}`] : []),
    ...c.evidence.map((e) => `evidence: ${e.path} (${e.kind}: ${e.title})`),
    ...Object.entries(c.metrics ?? {}).map(([k, v]) => `metric ${k}: ${formatMetric(k, v)}`),
  ];
  if (out.length) tc.standardOutput(cdata(out.join('\n')));
  afterBuild(tc, (el) => {
    if (c.status === 'skipped' || c.status === 'waived') {
      const skipped = el.children.find((n) => (n as { name?: string }).name === 'skipped') as XmlElement | undefined;
      skipped?.att('message', clean(c.message));
    }
    if (c.flaky) {
      el.ele('flakyFailure', { message: clean(`passed on attempt ${c.attempts} after failing before`), type: 'flaky' }).ele(
        'stackTrace',
        {},
        clean(`${c.id} passed only on a retry (${c.attempts} attempts): ${c.message}`),
      );
    }
  });
}

function addVerdict(builder: Builder, report: RunReport): void {
  const { run, rollback } = report;
  const suite = builder.testSuite().name(`${run.app}/verdict`).timestamp(run.startedAt).time(seconds(run.durationMs));
  suite.property('decision', report.decision);
  suite.property('rollback', rollback.recommendation);
  if (rollback.procedure) suite.property('procedure', clean(procedureLabel(rollback) ?? rollback.procedure));
  suite.property('release', run.release ?? 'not stated');
  suite.property('runId', run.runId);
  suite.property('env', run.env);
  const tc = suite.testCase().className(`${run.app}.verdict`).name(`verdict: ${report.decision}`).time(seconds(run.durationMs));
  const why = cdata(
    [...report.reasons, `Rollback: ${rollback.recommendation}${rollback.procedure ? ` (${procedureLabel(rollback)})` : ''}`, ...rollback.reasons].join('\n'),
  );
  const first = clean(report.reasons[0] ?? report.decision);
  if (report.decision === 'NO-GO') tc.failure(first, 'NO-GO').stacktrace(why);
  if (report.decision === 'INCONCLUSIVE') tc.error(first, 'INCONCLUSIVE', why);
  tc.standardOutput(why);
}

export function renderJunit(report: RunReport): string {
  const { run } = report;
  const builder = junit.newBuilder().name(clean(`postflight ${run.app} ${run.env} ${run.runId} — ${report.decision}`));
  addVerdict(builder, report);
  for (const [phase, list] of byPhase(report.checks)) {
    const suite = builder
      .testSuite()
      .name(`${run.app}/${phase}`)
      .timestamp(run.startedAt)
      .time(seconds(list.reduce((sum, c) => sum + (c.durationMs || 0), 0)));
    for (const c of list) addCheck(suite, report, c);
  }
  // The CI schema has no `skipped` on <testsuites> (the suites carry it); the builder always writes it.
  return `${builder.build().replace(/^(<testsuites\b[^>]*?) skipped="\d+"/m, '$1')}\n`;
}

export function junitReporter(opts: FileReporterOptions): Reporter {
  return endOfRunReporter('junit', opts, (report) => ({ [JUNIT_FILE]: renderJunit(report) }));
}
