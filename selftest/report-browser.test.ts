/**
 * The reports as the go/no-go meeting sees them: a GO, a NO-GO and a rolled-back run, written
 * by the real reporters (and, for the rolled-back one, by the real deploy report writer that
 * records the current state and renders the page again), opened from disk in real Chromium at
 * 1280x720 with every non-file request refused. Checks what must be on the first screen, that
 * every catalogue id and runbook line is there, that images render and no emoji is needed.
 * One more page is rendered from a verdict.json recorded from a real demo run (fixtures/reports/).
 * Also: every `- [ ]` line of the runbook sections the checklist data covers is in that data.
 * About 20 s; starts one Chromium.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { APP_PROFILES } from '../config/apps/index.ts';
import { CHECKLISTS } from '../config/checklists/index.ts';
import { catalogueOf } from '../config/checks.ts';
import type { AppId, CheckResult, Phase, Status } from '../src/core/types.ts';
import { multiplex } from '../src/evidence/reporters/multiplex.ts';
import { rerenderIndex } from '../src/evidence/reporters/html.ts';
import { runFolderReporters } from '../src/evidence/reporters/standard.ts';
import { writeDeployReport } from '../src/orchestrator/report.ts';
import { decide } from '../src/verdict/decide.ts';

const SHOTS = process.env.REPORT_SHOTS_DIR ?? join(tmpdir(), 'postflight-report-browser');
const ALL_PHASES: Phase[] = ['pre', 'deploy', 'smoke', 'perf', 'load', 'monitoring', 'db'];

/** A result for every catalogue check of the app in the phases, passing unless `override` says otherwise. */
function results(app: AppId, phases: Phase[], override: Record<string, Partial<CheckResult>> = {}, at = '2026-12-04T16:50:00.000Z'): CheckResult[] {
  return catalogueOf(app, phases).map((c, i) => ({
    id: c.id,
    app,
    phase: c.phase,
    title: c.title,
    runbookRef: c.runbookRef,
    severity: c.severity,
    status: 'pass' as Status,
    message: `${c.title}: every assertion met`,
    assertions: [],
    evidence: [],
    startedAt: new Date(Date.parse(at) + i * 900).toISOString(),
    durationMs: 800,
    attempts: 1,
    flaky: false,
    ...override[c.id],
  }));
}

async function writeRun(root: string, app: AppId, runId: string, release: string, phases: Phase[], rs: CheckResult[], finishedAt: string): Promise<string> {
  const dir = join(root, app, 'staging', runId);
  mkdirSync(dir, { recursive: true });
  const verdict = decide(rs, { policy: APP_PROFILES[app].rollback, flakyBlocksGo: true, appName: APP_PROFILES[app].name });
  const mux = multiplex(runFolderReporters({ dir, runbookReports: APP_PROFILES[app].runbookReports }), () => {});
  await mux.onRunStart({
    runId,
    app,
    appName: APP_PROFILES[app].name,
    env: 'staging',
    targets: { apiUrl: 'http://127.0.0.1:9/api', webUrl: 'http://127.0.0.1:9' },
    release,
    startedAt: rs[0]!.startedAt,
    postflightVersion: '0.1.0',
    phases,
    host: { node: process.version, cores: 2 },
  });
  for (const r of rs) await mux.onResult(r);
  await mux.onRunEnd(verdict, rs, { finishedAt });
  return dir;
}

/** A journal of `deploy -> NO-GO -> rollback:A -> GO` whose gate steps name the two run folders. */
function writeDeployJournal(deployDir: string, noGoRun: string, goRun: string): void {
  mkdirSync(deployDir, { recursive: true });
  const rel = (d: string) => relative(deployDir, d);
  symlinkSync(rel(noGoRun), join(deployDir, 'gate-fr.orch.gate'));
  symlinkSync(rel(goRun), join(deployDir, 'gate-fr.rollback.verify'));
  const step = (id: string, phase: string) => ({ id, title: id, phase, runbookRef: '', destructive: false, timeoutMs: 60_000 });
  const done = (stepId: string, at: string, ms: number, outputs: Record<string, unknown>, message: string) => [
    { event: 'step-started', at, stepId, attempt: 1, resumed: false, inputs: {} },
    {
      event: 'step-finished',
      at: new Date(Date.parse(at) + ms).toISOString(),
      stepId,
      attempt: 1,
      status: 'succeeded',
      retriable: false,
      message,
      outputs,
      calls: [],
      startedAt: at,
      durationMs: ms,
    },
  ];
  const events = [
    { kind: 'journal', schemaVersion: 1, createdAt: '2026-12-04T16:49:00.000Z', writer: 'orchestrator', runId: '20261204-164900-dep1' },
    {
      event: 'plan',
      at: '2026-12-04T16:49:00.000Z',
      runId: '20261204-164900-dep1',
      app: 'financial-rise',
      env: 'staging',
      release: '1.0.1',
      kind: 'deploy',
      steps: [
        step('fr.deploy.db-snapshot', 'Phase 1: Database Migration'),
        step('fr.deploy.backend', 'Phase 2: Backend Deployment'),
        step('fr.orch.gate', 'Post-Deployment Verification'),
      ],
    },
    ...done('fr.deploy.db-snapshot', '2026-12-04T16:49:01.000Z', 2000, { snapshotId: 'pre-deploy-20261204-164900-dep1' }, 'Snapshot taken.'),
    ...done('fr.deploy.backend', '2026-12-04T16:49:03.000Z', 5000, { release: '1.0.1', revision: 'financial-rise:2' }, 'restarted on 1.0.1'),
    ...done(
      'fr.orch.gate',
      '2026-12-04T16:50:00.000Z',
      40_000,
      { decision: 'NO-GO', recommendation: 'immediate', procedure: 'A', gateRun: rel(noGoRun), link: 'gate-fr.orch.gate' },
      `Gate NO-GO — ${noGoRun}`,
    ),
    { event: 'run-end', at: '2026-12-04T16:50:40.000Z', decision: 'NO-GO', rollback: { recommendation: 'immediate', procedure: 'A', reasons: [] }, counts: {} },
    { event: 'run-stopped', at: '2026-12-04T16:50:40.000Z', status: 'completed', message: 'done' },
    {
      event: 'plan',
      at: '2026-12-04T16:50:41.000Z',
      runId: '20261204-164900-dep1',
      app: 'financial-rise',
      env: 'staging',
      kind: 'rollback:A',
      steps: [step('fr.rollback.backend', 'Rollback A: Revert Application Code'), step('fr.rollback.verify', 'Rollback A: Revert Application Code')],
    },
    ...done('fr.rollback.backend', '2026-12-04T16:50:41.000Z', 4000, { release: '1.0.0', revision: 'financial-rise:3' }, 'restarted on 1.0.0'),
    ...done(
      'fr.rollback.verify',
      '2026-12-04T16:50:45.000Z',
      37_000,
      { decision: 'GO', recommendation: 'none', gateRun: rel(goRun), link: 'gate-fr.rollback.verify' },
      `Gate GO — ${goRun}`,
    ),
    { event: 'run-end', at: '2026-12-04T16:54:42.000Z', decision: 'GO', rollback: { recommendation: 'none', reasons: [] }, counts: {} },
    { event: 'run-stopped', at: '2026-12-04T16:54:42.000Z', status: 'completed', message: 'done' },
  ];
  writeFileSync(join(deployDir, 'journal.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
}

interface PageFacts {
  boxes: Record<string, { top: number; bottom: number } | null>;
  text: string;
  brokenImages: string[];
  emptySvgs: number;
  images: number;
}

const PAGE_FACTS = `(() => {
  const box = (sel) => { const el = document.querySelector(sel); if (!el) return null; const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; };
  const imgs = [...document.images];
  const svgs = [...document.querySelectorAll('svg')].filter((s) => s.checkVisibility());
  return {
    boxes: { decision: box('.decision'), advice: box('#advice'), counts: box('#counts'), current: box('#current-state') },
    text: document.body.innerText,
    brokenImages: imgs.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.alt),
    emptySvgs: svgs.filter((s) => s.getBoundingClientRect().width === 0 || s.getBoundingClientRect().height === 0).length,
    images: imgs.length + svgs.length,
  };
})()`;

async function open(browser: Browser, file: string, shot: string): Promise<{ facts: PageFacts; leaked: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const leaked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    leaked.push(url);
    return route.abort();
  });
  try {
    const page = await context.newPage();
    page.on('request', (r) => {
      if (!/^(file|data):/.test(r.url())) leaked.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 15_000 });
    await page.screenshot({ path: shot, timeout: 15_000 });
    // A string, not a function: tsx would wrap the function's inner helpers in `__name`, unknown to the page.
    const facts = (await page.evaluate(PAGE_FACTS)) as PageFacts;
    return { facts, leaked };
  } finally {
    await context.close();
  }
}

function assertFirstScreen(facts: PageFacts, name: string, withCurrent: boolean): void {
  const wanted = ['decision', 'advice', 'counts', ...(withCurrent ? ['current'] : [])];
  for (const key of wanted) {
    const b = facts.boxes[key];
    assert.ok(b, `${name}: ${key} is on the page`);
    assert.ok(b.top >= 0 && b.bottom <= 720, `${name}: ${key} within the first 1280x720 viewport (top ${b.top}, bottom ${b.bottom})`);
  }
}

function assertComplete(facts: PageFacts, name: string, dir: string, app: AppId, leaked: string[]): void {
  assert.deepEqual(leaked, [], `${name}: no request leaves the page`);
  const ids = (JSON.parse(readFileSync(join(dir, 'verdict.json'), 'utf8')) as { checks: { id: string }[] }).checks.map((c) => c.id);
  assert.ok(ids.length > 5, `${name}: the run has checks`);
  for (const id of ids) assert.ok(facts.text.includes(id), `${name}: catalogue id ${id} is shown`);
  for (const item of CHECKLISTS[app].items) assert.ok(facts.text.includes(item.text), `${name}: runbook line "${item.text}" is shown`);
  assert.deepEqual(facts.brokenImages, [], `${name}: every image renders`);
  assert.equal(facts.emptySvgs, 0, `${name}: every visible SVG has a size`);
  assert.ok(facts.images > 10, `${name}: badges and charts are drawn`);
  const tofu = [...facts.text].filter((ch) => /\p{Extended_Pictographic}|\u{FFFD}|\u{25AF}|\u{FE0F}/u.test(ch));
  assert.deepEqual(tofu, [], `${name}: no emoji or replacement glyph in the visible text (reads the same without an emoji font)`);
}

test('every runbook checkbox line of the covered sections is in the checklist data, once', () => {
  for (const list of Object.values(CHECKLISTS)) {
    const runbook = readFileSync(join('/work/shared/runbooks', list.runbook), 'utf8');
    let heading = '';
    const wanted: string[] = [];
    for (const line of runbook.split('\n')) {
      const h = /^#+\s+(.*)$/.exec(line) ?? /^\*\*(.+?):?\*\*\s*$/.exec(line);
      if (h) heading = h[1]!.replace(/:$/, '').trim();
      const box = /^- \[ \] (.*)$/.exec(line);
      if (box && list.coversHeadings.includes(heading)) wanted.push(box[1]!.trim());
    }
    assert.ok(wanted.length >= 15, `${list.app}: the parser found the runbook's checkbox lines (${wanted.length})`);
    const texts = list.items.map((i) => i.text);
    const missing = wanted.filter((w) => !texts.includes(w));
    assert.deepEqual(missing, [], `${list.app}: runbook lines missing from config/checklists`);
    for (const i of list.items)
      if (Array.isArray(i.by))
        for (const id of i.by)
          assert.ok(
            catalogueOf(list.app).some((c) => c.id === id),
            `${i.id} names unknown check ${id}`,
          );
  }
});

test('GO, NO-GO and rolled-back reports read right in Chromium from disk, network off, 1280x720', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'postflight-report-browser-'));
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'], timeout: 30_000 });
  try {
    // A screenshot the failing check kept, made by the same browser (a real PNG), and the corrupt PDF.
    const page = await browser.newPage({ viewport: { width: 400, height: 240 } });
    await page.setContent('<h1 style="font:20px sans-serif">Internal Server Error</h1>');
    const png = await page.screenshot();
    await page.close();

    // GO: every Financial RISE check of every phase passes.
    const goDir = await writeRun(
      root,
      'financial-rise',
      '20261204-164000-go01',
      '1.0.0',
      ALL_PHASES,
      results(
        'financial-rise',
        ALL_PHASES,
        {
          'fr.perf.api': {
            assertions: [
              {
                name: 'GET /assessments p95',
                expected: 300,
                actual: 34,
                values: [27, 31, 12, 34],
                operator: '<',
                passed: true,
                message: 'GET /assessments p95: 34 meets < 300',
              },
            ],
          },
        },
        '2026-12-04T16:40:00.000Z',
      ),
      '2026-12-04T16:45:00.000Z',
    );

    // NO-GO (FlowComply): the current user answers 500, with a screenshot, the response and a PDF.
    const fcPhases: Phase[] = ['smoke', 'monitoring', 'db'];
    const ncDir = join(root, 'flowcomply', 'staging', '20261204-165000-ng02');
    mkdirSync(join(ncDir, 'evidence', 'fc.smoke.me'), { recursive: true });
    writeFileSync(join(ncDir, 'evidence', 'fc.smoke.me', 'page.png'), png);
    writeFileSync(join(ncDir, 'evidence', 'fc.smoke.me', 'response.json'), '{"statusCode":500,"message":"Internal server error"}');
    writeFileSync(join(ncDir, 'evidence', 'fc.smoke.me', '0-report.pdf'), 'JVBERi0xLjQK');
    const noGoDir = await writeRun(
      root,
      'flowcomply',
      '20261204-165000-ng02',
      '1.0.1',
      fcPhases,
      results('flowcomply', fcPhases, {
        'fc.smoke.me': {
          status: 'fail',
          cause: 'target',
          message: 'GET me answers 200: 500 fails == 200; me has an organization: "undefined" fails == "string"',
          assertions: [
            { name: 'GET me answers 200', expected: 200, actual: 500, operator: '==', passed: false, message: 'GET me answers 200: 500 fails == 200' },
            {
              name: 'me has an organization',
              expected: 'string',
              actual: 'undefined',
              operator: '==',
              passed: false,
              message: 'me has an organization: "undefined" fails == "string"',
            },
          ],
          evidence: [
            { kind: 'screenshot', path: 'evidence/fc.smoke.me/page.png', title: 'screenshot' },
            { kind: 'json', path: 'evidence/fc.smoke.me/response.json', title: 'response' },
            { kind: 'pdf', path: 'evidence/fc.smoke.me/0-report.pdf', title: 'report.pdf' },
            { kind: 'trace', path: 'evidence/fc.smoke.me/trace.zip', title: 'trace' },
            { kind: 'text', path: 'playwright/x/error-context.md', title: 'error-context' },
          ],
        },
      }),
      '2026-12-04T16:51:00.000Z',
    );

    // Rolled back (Financial RISE): NO-GO on 1.0.1, rollback A, GO on 1.0.0; the deploy report writer records it.
    const frSmoke: Phase[] = ['smoke', 'monitoring', 'db'];
    const rbNoGo = await writeRun(
      root,
      'financial-rise',
      '20261204-165000-rb03',
      '1.0.1',
      frSmoke,
      results('financial-rise', frSmoke, {
        'fr.smoke.reports': {
          status: 'fail',
          cause: 'target',
          message: 'consultant report: bytes parse as PDF: false fails == true; consultant report: page count: 0 fails >= 1',
          assertions: [
            {
              name: 'consultant report: page count',
              expected: 1,
              actual: 0,
              operator: '>=',
              passed: false,
              message: 'consultant report: page count: 0 fails >= 1',
            },
          ],
        },
      }),
      '2026-12-04T16:50:40.000Z',
    );
    const rbGo = await writeRun(
      root,
      'financial-rise',
      '20261204-165045-rb04',
      '1.0.0',
      ['smoke', 'monitoring'],
      results('financial-rise', ['smoke', 'monitoring'], {}, '2026-12-04T16:50:45.000Z'),
      '2026-12-04T16:54:42.000Z',
    );
    writeFileSync(
      join(rbNoGo, 'signoff.jsonl'),
      `${JSON.stringify({ role: 'qa-lead', name: 'Dana QA', decision: 'no-go', items: ['fr.cl.mon-log-search'], at: '2026-12-04T17:00:00.000Z', prevHash: '0', hash: 'abc123def456' })}\n`,
    );
    const deployDir = join(root, 'deploys', 'financial-rise', 'staging', '20261204-164900-dep1');
    writeDeployJournal(deployDir, rbNoGo, rbGo);
    await writeDeployReport(deployDir, 'financial-rise', APP_PROFILES['financial-rise'].rollback.procedures);

    const cases = [
      { name: 'go', dir: goDir, app: 'financial-rise' as AppId, current: false, decision: 'GO', advice: /GO: all \d+ measured checks passed/ },
      {
        name: 'no-go',
        dir: noGoDir,
        app: 'flowcomply' as AppId,
        current: false,
        decision: 'NO-GO',
        advice: /NO-GO: 1 critical check failed \(fc\.smoke\.me\); the runbook says roll back now with procedure option-1/,
      },
      { name: 'rolled-back', dir: rbNoGo, app: 'financial-rise' as AppId, current: true, decision: 'NO-GO', advice: /Since then: rolled back to 1\.0\.0/ },
    ];
    for (const c of cases) {
      const shot = join(SHOTS, `${c.name}.png`);
      const { facts, leaked } = await open(browser, join(c.dir, 'index.html'), shot);
      t.diagnostic(`${c.name}: first viewport at ${shot}`);
      assertFirstScreen(facts, c.name, c.current);
      assertComplete(facts, c.name, c.dir, c.app, leaked);
      assert.match(facts.text, new RegExp(`^${c.decision}\\b`, 'm'), `${c.name}: the decision word`);
      assert.match(facts.text, c.advice, `${c.name}: the advice sentence`);
    }

    // A verdict.json recorded from a real demo run (fr:report-corrupt-pdf), rendered by the same code.
    const recorded = join(root, 'financial-rise', 'local', '20261204-192548-acc4');
    mkdirSync(recorded, { recursive: true });
    writeFileSync(join(recorded, 'verdict.json'), readFileSync(new URL('./fixtures/reports/fr-corrupt-pdf.verdict.json', import.meta.url)));
    rerenderIndex(recorded);
    const real = await open(browser, join(recorded, 'index.html'), join(SHOTS, 'recorded-no-go.png'));
    assertFirstScreen(real.facts, 'recorded', false);
    assertComplete(real.facts, 'recorded', recorded, 'financial-rise', real.leaked);
    assert.match(real.facts.text, /consultant report: bytes parse as PDF \(starts with "JVBER", not %PDF-\): is false, expected true/);
    assert.match(real.facts.text, /evidence\/fr\.smoke\.reports\/0-consultant-report\.pdf/, 'the corrupt PDF is linked from inside the run folder');

    const noGo = (await open(browser, join(noGoDir, 'index.html'), join(SHOTS, 'no-go-again.png'))).facts.text;
    assert.match(noGo, /me has an organization: missing, expected a string/, 'why in plain words');
    assert.doesNotMatch(noGo, /fails ==|"undefined"/, 'no assertion jargon');
    assert.equal(
      noGo.split('GET me answers 200: is 500, expected 200').length - 1,
      2,
      'the failure text once in Why, once among the failed assertions of its evidence',
    );
    assert.match(
      readFileSync(join(noGoDir, 'index.html'), 'utf8'),
      /<img src="data:image\/png;base64,[A-Za-z0-9+/]{100,}/,
      'the screenshot is embedded, not linked',
    );
    assert.match(noGo, /evidence\/fc\.smoke\.me\/0-report\.pdf/, 'the downloaded file is linked from inside the run folder');
    assert.match(noGo, /npx playwright show-trace evidence\/fc\.smoke\.me\/trace\.zip/);
    assert.match(noGo, /"statusCode":500/, 'the response excerpt is inline');
    assert.doesNotMatch(noGo, /error-context/, "Playwright's AI prompt file is not linked");
    assert.match(noGo, /postflight rollback --app flowcomply --env staging --procedure option-1/);
    assert.match(noGo, /no data loss/);

    const rolled = (await open(browser, join(rbNoGo, 'index.html'), join(SHOTS, 'rolled-back-again.png'))).facts.text;
    assert.match(rolled, /Current state: rolled back to 1\.0\.0 \(financial-rise:3\), verified GO at 16:54:42 UTC/);
    assert.match(rolled, /Already done/);
    assert.match(rolled, /SIGNED\s+Test log search functionality/, 'a sign-off closes its manual checklist line');
    assert.match(rolled, /Dana QA/);
    const html = readFileSync(join(rbNoGo, 'index.html'), 'utf8');
    assert.match(
      html,
      /href="\.\.\/\.\.\/\.\.\/deploys\/financial-rise\/staging\/20261204-164900-dep1\/deploy-report\.html"/,
      'the gate run links its deploy (relative)',
    );
    const deployHtml = readFileSync(join(deployDir, 'deploy-report.html'), 'utf8');
    assert.match(deployHtml, /href="gate-fr\.orch\.gate\/index\.html"/, 'the deploy links its gate runs (relative)');
    const md = readFileSync(join(deployDir, 'deploy-report.md'), 'utf8');
    assert.match(md, /\*\*Now:\*\* Rolled back: now on 1\.0\.0, financial-rise:3, GO at 16:54:42; snapshot pre-deploy-20261204-164900-dep1 kept\./);
    assert.match(md, /\| fr\.orch\.gate \| Post-Deployment Verification \| succeeded \| NO-GO, rolled back \|/);
    assert.match(md, /\| fr\.orch\.migrate \| Phase 1: Database Migration \| left out: no command configured \|/);
    assert.match(md, /Time to restore:\*\* 4 min 2 s/);
    assert.ok(!md.includes(root), 'no absolute path in the deploy report');
    const deployView = await open(browser, join(deployDir, 'deploy-report.html'), join(SHOTS, 'deploy-report.png'));
    assert.deepEqual(deployView.leaked, []);
    assert.ok(deployView.facts.boxes.current && deployView.facts.boxes.current.bottom <= 720, 'the closing state is on the first screen of the deploy report');
  } finally {
    await browser.close();
    rmSync(root, { recursive: true, force: true });
  }
});
