import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { financialRise, flowcomply } from '../config/apps/index.ts';
import type { AppId, CheckResult, Phase, Severity, Status } from '../src/core/types.ts';
import { multiplex } from '../src/evidence/reporters/multiplex.ts';
import { parseJournal } from '../src/evidence/reporters/journal.ts';
import type { Reporter, RunMeta } from '../src/evidence/reporters/reporter.ts';
import { runFolderReporters } from '../src/evidence/reporters/standard.ts';
import { decide } from '../src/verdict/decide.ts';

function check(id: string, phase: Phase, status: Status, severity: Severity, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    app: id.startsWith('fc.') ? 'flowcomply' : 'financial-rise',
    phase,
    title: `Title of ${id}`,
    runbookRef: `Runbook line for ${id}`,
    severity,
    status,
    message: `${id}: ${status}`,
    assertions: [],
    evidence: [],
    startedAt: '2026-11-25T07:12:01.000Z',
    durationMs: 1234,
    attempts: 1,
    flaky: false,
    ...extra,
  };
}

const FR_RESULTS: CheckResult[] = [
  check('fr.smoke.health', 'smoke', 'pass', 'critical', {
    assertions: [{ name: 'status', expected: 200, actual: 200, operator: '==', passed: true, message: 'status: 200 meets == 200' }],
  }),
  check('fr.smoke.reports', 'smoke', 'fail', 'critical', {
    message: 'consultant PDF took 7.2 s <script>alert(1)</script> & more',
    assertions: [
      { name: 'consultant report time', expected: 5000, actual: 7200, operator: '<', passed: false, message: 'consultant report time: 7200ms fails < 5000ms' },
    ],
    evidence: [
      { kind: 'trace', path: 'evidence/fr.smoke.reports/trace.zip', title: 'Playwright trace' },
      { kind: 'log', path: '../../etc/passwd', title: 'escape attempt' },
    ],
  }),
  check('fr.perf.lighthouse', 'perf', 'pass', 'major', { metrics: { performance: 0.93, fcpMs: 812, ttiMs: 1450 } }),
  check('fr.load.k6', 'load', 'inconclusive', 'major', { metrics: { p95Ms: 420, errorRate: 0.002, engine: 'embedded' } }),
  check('fr.mon.alarms', 'monitoring', 'error', 'critical', { message: 'CloudWatch unreachable — set AWS_ENDPOINT_URL or credentials' }),
  check('fr.mon.uptime', 'monitoring', 'skipped', 'minor', { message: 'no status page configured' }),
  // Failed, then passed on retry (the runner saw both attempts): flaky. Two attempts alone are not.
  check('fr.smoke.admin', 'smoke', 'pass', 'major', { attempts: 2, flaky: true }),
];

function meta(app: AppId): RunMeta {
  return {
    runId: '20261125-071200-ab12',
    app,
    appName: app === 'flowcomply' ? 'FlowComply' : 'Financial RISE',
    env: 'staging',
    targets: { apiUrl: 'http://127.0.0.1:4100', webUrl: 'http://127.0.0.1:4101' },
    release: 'v1.4.0',
    startedAt: '2026-11-25T07:12:00.000Z',
    postflightVersion: '0.1.0',
    phases: ['smoke', 'perf', 'load', 'monitoring'],
    loadEngine: 'embedded',
  };
}

async function runReporters(app: AppId, results: CheckResult[], extra: Reporter[] = []) {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-reporters-'));
  const logs: string[] = [];
  const policy = app === 'flowcomply' ? flowcomply.rollback : financialRise.rollback;
  const verdict = decide(results, { policy, flakyBlocksGo: true });
  const mux = multiplex(
    [
      ...extra,
      ...runFolderReporters({
        dir,
        runbookReports: (app === 'flowcomply' ? flowcomply : financialRise).runbookReports,
        now: () => new Date('2026-11-25T07:13:00.000Z'),
      }),
    ],
    (l) => logs.push(l),
  );
  await mux.onRunStart(meta(app));
  for (const r of results) await mux.onResult(r);
  await mux.onRunEnd(verdict, results, { finishedAt: '2026-11-25T07:20:30.000Z', observed: { errorRate: 0.002, p95Ms: 420 } });
  const read = (name: string) => readFile(join(dir, name), 'utf8');
  return { dir, logs, verdict, mux, read };
}

/** Tag balance and attribute quoting: enough to catch a broken or unescaped document. */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, , self] = m;
    if (self) continue;
    if (close) assert.equal(stack.pop(), name, `unbalanced </${name}>`);
    else stack.push(name!);
  }
  assert.deepEqual(stack, [], 'every element is closed');
  assert.ok(!/<(?![?/A-Za-z!])/.test(body), 'no bare "<" in text');
  assert.ok(!/&(?!(amp|lt|gt|quot|apos);)/.test(body), 'no bare "&" in text');
}

test('reporters write every run-folder file for a NO-GO run', async () => {
  const { dir, read, logs, verdict } = await runReporters('financial-rise', FR_RESULTS);
  try {
    assert.equal(verdict.decision, 'NO-GO');
    assert.deepEqual(logs, []);
    assert.deepEqual((await readdir(dir)).sort(), [
      'allure-results',
      'allurerc.json',
      'checks.json',
      'go-no-go-record.md',
      'history.json',
      'index.html',
      'journal.jsonl',
      'junit.xml',
      'summary.md',
      'verdict.json',
    ]);

    const v = JSON.parse(await read('verdict.json'));
    assert.equal(v.schemaVersion, 1);
    assert.equal(v.decision, 'NO-GO');
    assert.equal(v.rollback.recommendation, 'immediate');
    assert.equal(v.rollback.procedure, financialRise.rollback.choice.code);
    assert.equal(v.rollback.procedureTitle, 'Revert Application Code');
    assert.equal(v.policy.rollback.choice.code, 'A', 'the policy applied is recorded');
    assert.equal(v.policy.flakyBlocksGo, true);
    assert.deepEqual(
      v.gateHealth.map((g: { id: string }) => g.id),
      ['fr.mon.alarms'],
      "an error is the gate's by default",
    );
    assert.equal(v.run.runId, '20261125-071200-ab12');
    assert.equal(v.run.finishedAt, '2026-11-25T07:20:30.000Z');
    assert.equal(v.run.durationMs, 510_000);
    assert.deepEqual(v.run.targets, meta('financial-rise').targets);
    assert.equal(v.run.loadEngine, 'embedded');
    assert.deepEqual(v.counts, { pass: 3, waived: 0, skipped: 1, inconclusive: 1, error: 1, fail: 1 });
    assert.equal(v.checks.length, FR_RESULTS.length);
    for (const key of ['id', 'title', 'status', 'severity', 'runbookRef', 'message', 'assertions', 'evidence', 'durationMs', 'attempts', 'flaky']) {
      assert.ok(key in v.checks[1], `check field ${key}`);
    }
    assert.equal(v.checks.find((c: CheckResult) => c.id === 'fr.smoke.admin').flaky, true, 'flaky decided by verdict/flaky.ts');
    assert.deepEqual(v.measurements.observed, { errorRate: 0.002, p95Ms: 420 });
    assert.deepEqual(JSON.parse(await read('checks.json')), v.checks);

    const journal = parseJournal(await read('journal.jsonl'));
    assert.deepEqual(
      journal.map((e) => e.event),
      ['run-start', ...FR_RESULTS.map(() => 'result'), 'run-end'],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('summary.md: decision banner, rollback with procedure, reasons, failures first, footer', async () => {
  const { dir, read } = await runReporters('financial-rise', FR_RESULTS);
  try {
    const md = await read('summary.md');
    assert.match(md, /^# ❌ NO-GO — Financial RISE on staging/);
    assert.match(md, /## Rollback: IMMEDIATE/);
    assert.ok(md.includes('**Procedure:** A — Revert Application Code'));
    assert.ok(md.includes('- fr.smoke.reports (critical) fail: consultant PDF took 7.2 s'));
    assert.ok(md.includes('| ❌ | consultant report time | < 5000 | 7200 |'));
    assert.ok(md.includes('[Playwright trace](evidence/fr.smoke.reports/trace.zip)'));
    assert.ok(!md.includes('](../../etc/passwd)'), 'paths leaving the folder are not linked');
    const failuresAt = md.indexOf('## Failures');
    assert.ok(failuresAt > 0 && failuresAt < md.indexOf('## Checks by phase'));
    assert.ok(md.indexOf('| ❌ fail | `fr.smoke.reports`') < md.indexOf('| ✅ pass | `fr.smoke.health`'), 'failures first within a phase');
    assert.ok(md.indexOf('### smoke') < md.indexOf('### perf'), 'phases in run order');
    assert.match(md, /### How to read this/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("gate health: its own block before the failures, labelled as the gate's, with each fix", async () => {
  const results = [
    ...FR_RESULTS.filter((c) => c.id !== 'fr.mon.alarms'),
    check('fr.mon.alarms', 'monitoring', 'error', 'critical', { message: 'CloudWatch unreachable', cause: 'gate', fix: 'set AWS_ENDPOINT_URL or credentials' }),
  ];
  const { dir, read } = await runReporters('financial-rise', results);
  try {
    const md = await read('summary.md');
    const gateAt = md.indexOf('## ⚙️ Gate health: problems of the gate, not of the release');
    assert.ok(gateAt > 0 && gateAt < md.indexOf('## Failures'), 'gate health comes before the failures');
    assert.ok(md.includes('**Fix:** set AWS_ENDPOINT_URL or credentials'));
    assert.ok(!md.slice(md.indexOf('## Failures'), md.indexOf('## Rollback')).includes('fr.mon.alarms'), 'not listed as a release failure');
    const html = await read('index.html');
    const htmlGate = html.indexOf('id="gate-health"');
    assert.ok(htmlGate > 0 && htmlGate < html.indexOf('<h2>Why</h2>') && htmlGate < html.indexOf('id="checks"'));
    assert.match(html, /Gate health: 1 problem\(s\) of the gate, not of the release \(fr.mon.alarms\)/, 'the top card names the gate problem apart');
    assert.ok(html.includes('<b>Fix:</b> set AWS_ENDPOINT_URL or credentials'));
    assert.ok(html.includes('<dt>Procedure</dt><dd>A — Revert Application Code'));
    const v = JSON.parse(await read('verdict.json'));
    assert.deepEqual(v.gateHealth, [{ id: 'fr.mon.alarms', status: 'error', message: 'CloudWatch unreachable', fix: 'set AWS_ENDPOINT_URL or credentials' }]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('junit.xml: the verdict as its own case, one suite per phase, one case per check, counts right, escaped', async () => {
  const { dir, read } = await runReporters('financial-rise', FR_RESULTS);
  try {
    const xml = await read('junit.xml');
    // Text inside CDATA needs no escaping; the rest must be well formed.
    assertWellFormedXml(xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''));
    assert.equal(xml.match(/<testsuite /g)?.length, 5, 'the verdict suite and 4 phases');
    assert.equal(xml.match(/<testcase /g)?.length, FR_RESULTS.length + 1);
    assert.match(xml, /<testcase [^>]*name="verdict: NO-GO"[^>]*>\s*<failure [^\n]*type="NO-GO"/);
    assert.equal(xml.match(/<failure /g)?.length, 2, 'the check and the verdict');
    assert.equal(xml.match(/<error /g)?.length, 2);
    assert.equal(xml.match(/<skipped /g)?.length, 1);
    assert.equal(xml.match(/<flakyFailure /g)?.length, 1, 'fr.smoke.admin passed on a retry');
    assert.match(xml, /<testsuites [^>]*tests="8" failures="2" errors="2">/);
    assert.match(xml, /<testsuite name="financial-rise\/smoke" [^>]*tests="3" failures="1" errors="0" skipped="0"/);
    assert.match(xml, /<property name="fr.smoke.reports.runbookRef" value="Runbook line for fr.smoke.reports"\/>/);
    assert.match(xml, /<property name="fr.smoke.reports.severity" value="critical"\/>/);
    assert.match(xml, /message="consultant PDF took 7.2 s &lt;script(>|&gt;)alert\(1\)&lt;\/script(>|&gt;) &amp; more"/, 'attributes escaped');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('index.html: one self-contained file, escaped, with filter, assertions, evidence links and metrics', async () => {
  const { dir, read } = await runReporters('financial-rise', FR_RESULTS);
  try {
    const html = await read('index.html');
    assert.ok(!/<script[^>]+src=/i.test(html), 'no external script');
    assert.ok(!/<link[^>]+rel="?stylesheet/i.test(html), 'no external stylesheet');
    assert.ok(!/(src|href)="https?:/i.test(html), 'no http(s) asset or link');
    assert.ok(!/url\(|@import/i.test(html), 'no CSS url() or @import');
    assert.match(html, /<span class="decision d-NO-GO">.*NO-GO<\/span>/);
    assert.doesNotMatch(html, /\p{Extended_Pictographic}/u, 'no emoji anywhere: badges are words and inline SVG');
    assert.match(html, /Rollback: immediate/);
    assert.ok(!html.includes('<script>alert(1)'), 'messages are escaped');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('<a href="evidence/fr.smoke.reports/trace.zip">'));
    assert.ok(!html.includes('href="../../etc/passwd"'));
    assert.ok(
      html.includes('data-filter="fail"') && html.includes('data-status="fail"') && html.includes('.hide-waived tr[data-status=waived]'),
      'every filter has its rule',
    );
    assert.doesNotMatch(html, /td:first-child/, "colour sits on each row's own badge, never on a cell a nested table could match");
    assert.ok(html.includes('consultant report time'));
    assert.match(html, /performance <b>93<\/b>/, 'Lighthouse score as 0-100');
    assert.match(html, /p95Ms <b>420 ms/);
    assert.match(html, /consultant report time<\/td><td><b>7200<\/b><\/td><td>&lt; 5000<\/td>/, 'the metrics table shows each value beside its budget');
    assert.ok(
      html.indexOf('id="why"') < html.indexOf('id="checklist"') && html.indexOf('id="checklist"') < html.indexOf('id="all-checks"'),
      'why, then the runbook checklist, then every check',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('deployment-log.md: FlowComply only, the runbook template filled from the run', async () => {
  const fr = await runReporters('financial-rise', FR_RESULTS);
  const results = [
    check('fc.deploy.backend', 'deploy', 'pass', 'critical'),
    check('fc.deploy.migrations', 'db', 'pass', 'critical', { message: 'no pending migration; latest 20261101_add_assets' }),
    check('fc.smoke.health', 'smoke', 'pass', 'critical'),
    check('fc.mon.alarms', 'monitoring', 'pass', 'critical'),
    check('fc.mon.alb-p95', 'monitoring', 'pass', 'major', { metrics: { p95Ms: 120 } }),
  ];
  const fc = await runReporters('flowcomply', results);
  try {
    assert.ok(!(await readdir(fr.dir)).includes('deployment-log.md'));
    const log = await fc.read('deployment-log.md');
    for (const heading of [
      '## Deployment: v1.4.0',
      '**Date:** 2026-11-25',
      '**Status:** Success ✅',
      '### Deployed Components:',
      '### Issues Encountered:',
      '- None',
      '### Rollback: No',
      '### Post-Deployment:',
      '### Sign-off:',
    ]) {
      assert.ok(log.includes(heading), `missing "${heading}" in\n${log}`);
    }
    assert.ok(log.includes('- Backend: v1.4.0 (fc.deploy.backend: pass)'));
    assert.ok(log.includes('- Frontend: v1.4.0 (not verified in this run)'));
    assert.ok(log.includes('migrations verified — no pending migration'));
    assert.ok(log.includes('- Health checks: Passing'));
    assert.ok(log.includes('- Error rate: 0.2%'));
    assert.ok(log.includes('- Response time p95: 420 ms'), 'the rollback measurement is preferred');
    assert.ok(log.includes('- Alarms: No alarms triggered'));
    assert.ok(!log.includes('[Name]'), 'no placeholder inside the sealed set');
    assert.match(log, /- Deployed by: not yet signed — `postflight signoff <this folder> --role devops-lead/);
    const record = await fr.read('go-no-go-record.md');
    assert.match(record, /- Product Owner \(final decision maker\): not yet signed/);
    assert.match(record, /- Smoke Tests: 2 of 3 pass — fr.smoke.reports fail/);
  } finally {
    await rm(fr.dir, { recursive: true, force: true });
    await rm(fc.dir, { recursive: true, force: true });
  }
});

test('multiplex: a broken reporter is logged and recorded, the others still write', async () => {
  const broken: Reporter = {
    name: 'broken',
    onResult() {
      throw new Error('sync boom');
    },
    async onRunEnd() {
      throw new Error('async boom');
    },
  };
  const { dir, logs, mux, read } = await runReporters('financial-rise', FR_RESULTS.slice(0, 2), [broken]);
  try {
    assert.equal(mux.failures.length, 3);
    assert.deepEqual(
      mux.failures.map((f) => f.event),
      ['onResult', 'onResult', 'onRunEnd'],
    );
    assert.match(logs[0]!, /reporter "broken" failed in onResult: sync boom/);
    assert.match(logs[2]!, /async boom — the run goes on/);
    assert.equal(JSON.parse(await read('verdict.json')).decision, 'NO-GO');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('multiplex: an end-of-run reporter that never saw onRunStart fails alone, with a message', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-reporters-'));
  const logs: string[] = [];
  try {
    const mux = multiplex(runFolderReporters({ dir, runbookReports: financialRise.runbookReports }), (l) => logs.push(l));
    const verdict = decide([], { policy: financialRise.rollback, flakyBlocksGo: true });
    await mux.onRunEnd(verdict, []);
    assert.ok(logs.length >= 4);
    assert.match(logs[0]!, /onRunEnd came without onRunStart/);
    assert.match(await readFile(join(dir, 'journal.jsonl'), 'utf8'), /"decision":"INCONCLUSIVE"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('index.html draws latency against budgets as an inline SVG', async () => {
  const { renderLatencyChart } = await import('../src/evidence/reporters/latency-chart.ts');
  const perf = {
    id: 'fr.perf.api',
    app: 'financial-rise',
    phase: 'perf',
    title: 't',
    runbookRef: 'r',
    severity: 'major',
    status: 'fail',
    message: 'm',
    assertions: [
      { name: 'GET /assessments p95', expected: 300, actual: 408, operator: '<', passed: false, message: '' },
      { name: 'error rate', expected: 0.01, actual: 0, operator: '<', passed: true, message: '' },
    ],
    evidence: [],
    startedAt: new Date().toISOString(),
    durationMs: 1,
    attempts: 1,
    flaky: false,
  } as const;
  const svg = renderLatencyChart([perf as never]);
  assert.match(svg, /<svg[^>]*aria-label="latency chart"/);
  assert.match(svg, /408 ms \/ 300/);
  assert.doesNotMatch(svg, /error rate/, 'fractions are not latencies');
  assert.equal(renderLatencyChart([]), '');
});

test('waivers: index.html, summary.md, verdict.json and junit all show what the gate did not verify, and who waived it', async () => {
  const by = 'environment "acme"';
  const results = [
    check('fc.smoke.login', 'smoke', 'pass', 'critical', {
      assertions: [{ name: 'status', expected: 200, actual: 200, operator: '==', passed: true, message: 'ok' }],
    }),
    check('fc.smoke.health', 'smoke', 'waived', 'critical', {
      message: 'not verified by the gate: fc.smoke.health:s3 (no S3 in this region)',
      waivers: [{ item: 'fc.smoke.health:s3', reason: 'no S3 in this region', by }],
    }),
    check('fc.smoke.db-metrics', 'smoke', 'waived', 'major', {
      message: 'not verified by the gate: no metrics endpoint',
      waivers: [{ item: 'fc.smoke.db-metrics', reason: 'no metrics endpoint', by }],
    }),
  ];
  const { dir, read, verdict } = await runReporters('flowcomply', results);
  try {
    assert.equal(verdict.decision, 'GO');
    const v = JSON.parse(await read('verdict.json'));
    assert.deepEqual(
      v.waivers.map((w: { item: string }) => w.item),
      ['fc.smoke.health:s3', 'fc.smoke.db-metrics'],
    );
    assert.equal(v.counts.waived, 2);
    assert.equal(v.counts.pass, 1);
    for (const file of ['index.html', 'summary.md']) {
      const text = await read(file);
      assert.match(text, /Not verified by the gate \(waived\)/, file);
      for (const want of ['fc.smoke.health:s3', 'no S3 in this region', 'no metrics endpoint', 'acme']) assert.ok(text.includes(want), `${file} lacks ${want}`);
    }
    assert.match(await read('junit.xml'), /<skipped message="not verified by the gate: no metrics endpoint"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
