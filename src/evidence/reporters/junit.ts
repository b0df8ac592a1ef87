import type { CheckResult } from '../../core/types.ts';
import { endOfRunReporter, type FileReporterOptions } from './file-reporter.ts';
import { byPhase, formatExpected, formatMetric, formatValue } from './format.ts';
import type { RunReport } from './report-doc.ts';
import type { Reporter } from './reporter.ts';

/**
 * junit.xml for CI dashboards: one <testsuite> per phase, one <testcase> per check.
 * fail -> <failure>; error and inconclusive -> <error> (could not measure is not a pass and not
 * a product failure either); skipped -> <skipped>. The check id, severity and runbook line go
 * in <properties> so a CI view can link back to the runbook.
 */

export const JUNIT_FILE = 'junit.xml';

/** XML 1.0 cannot carry most control characters at all, escaped or not: drop them. */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attr = (name: string, value: string | number): string => `${name}="${escapeXml(String(value))}"`;
const seconds = (ms: number): string => (Math.max(0, ms || 0) / 1000).toFixed(3);

function details(c: CheckResult): string {
  const failed = c.assertions.filter((a) => !a.passed);
  const lines = [
    c.message,
    ...failed.map((a) => `${a.name}: expected ${formatExpected(a)}, actual ${formatValue(a.actual)} — ${a.message}`),
    `Runbook: ${c.runbookRef}`,
  ];
  return escapeXml(lines.join('\n'));
}

function testcase(report: RunReport, c: CheckResult): string {
  const props = [
    ['id', c.id],
    ['severity', c.severity],
    ['runbookRef', c.runbookRef],
    ['status', c.status],
    ['attempts', String(c.attempts)],
    ['flaky', String(c.flaky)],
  ];
  const out = [
    `    <testcase ${attr('classname', `${report.run.app}.${c.phase}`)} ${attr('name', `${c.id}: ${c.title}`)} ${attr('time', seconds(c.durationMs))}>`,
    '      <properties>',
    ...props.map(([k, v]) => `        <property ${attr('name', k!)} ${attr('value', v!)}/>`),
    '      </properties>',
  ];
  if (c.status === 'fail') out.push(`      <failure ${attr('message', c.message)} type="fail">${details(c)}</failure>`);
  if (c.status === 'error' || c.status === 'inconclusive') out.push(`      <error ${attr('message', c.message)} ${attr('type', c.status)}>${details(c)}</error>`);
  if (c.status === 'skipped' || c.status === 'waived') out.push(`      <skipped ${attr('message', c.message)}/>`);
  const extra = [
    ...c.evidence.map((e) => `evidence: ${e.path} (${e.kind}: ${e.title})`),
    ...Object.entries(c.metrics ?? {}).map(([k, v]) => `metric ${k}: ${formatMetric(k, v)}`),
  ];
  if (extra.length > 0) out.push(`      <system-out>${escapeXml(extra.join('\n'))}</system-out>`);
  out.push('    </testcase>');
  return out.join('\n');
}

export function renderJunit(report: RunReport): string {
  const { run } = report;
  const count = (list: readonly CheckResult[]) => ({
    tests: list.length,
    failures: list.filter((c) => c.status === 'fail').length,
    errors: list.filter((c) => c.status === 'error' || c.status === 'inconclusive').length,
    skipped: list.filter((c) => c.status === 'skipped').length,
    time: seconds(list.reduce((sum, c) => sum + (c.durationMs || 0), 0)),
  });
  const totals = count(report.checks);
  const suites = byPhase(report.checks).map(([phase, list]) => {
    const n = count(list);
    const head = [attr('name', `${run.app}/${phase}`), attr('tests', n.tests), attr('failures', n.failures), attr('errors', n.errors), attr('skipped', n.skipped), attr('time', n.time), attr('timestamp', run.startedAt)];
    return [`  <testsuite ${head.join(' ')}>`, ...list.map((c) => testcase(report, c)), '  </testsuite>'].join('\n');
  });
  const head = [attr('name', `postflight ${run.app} ${run.env} ${run.runId} — ${report.decision}`), attr('tests', totals.tests), attr('failures', totals.failures), attr('errors', totals.errors), attr('skipped', totals.skipped), attr('time', seconds(run.durationMs))];
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${head.join(' ')}>`, ...suites, '</testsuites>', ''].join('\n');
}

export function junitReporter(opts: FileReporterOptions): Reporter {
  return endOfRunReporter('junit', opts, (report) => ({ [JUNIT_FILE]: renderJunit(report) }));
}
