import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { financialRise } from '../config/apps/index.ts';
import type { CheckResult } from '../src/core/types.ts';
import { buildRunReport } from '../src/evidence/reporters/report-doc.ts';
import { renderJunit } from '../src/evidence/reporters/junit.ts';
import { decide } from '../src/verdict/decide.ts';
import { check } from './fixtures/sealed-run.ts';

/**
 * junit.xml validates against the JUnit schema CI viewers use (selftest/fixtures/junit/junit-ci.xsd:
 * the structure of the Jenkins xUnit plugin's junit-10.xsd, strict; its header names the
 * published file and commit it was checked against) with xmllint, for a GO, a NO-GO and an
 * INCONCLUSIVE run, flaky and hostile text included. JUNIT_XSD=<path>[:<path>...] validates the
 * same files against other schemas too (e.g. a copy of junit-10.xsd itself). xmllint comes from
 * Debian's libxml2-utils (`postflight setup --for test` installs it).
 */

const XSD = fileURLToPath(new URL('./fixtures/junit/junit-ci.xsd', import.meta.url));
const SCHEMAS = [XSD, ...(process.env.JUNIT_XSD ?? '').split(delimiter).filter(Boolean)];

const RUNS: [string, CheckResult[]][] = [
  [
    'GO with a flaky pass and a waiver',
    [
      check('fr.smoke.health', 'smoke', 'pass', 'critical'),
      check('fr.smoke.admin', 'smoke', 'pass', 'major', { attempts: 2, flaky: true }),
      check('fr.mon.uptime', 'monitoring', 'waived', 'minor', { message: 'no status page' }),
    ],
  ],
  [
    'NO-GO with hostile text',
    [
      check('fr.smoke.reports', 'smoke', 'fail', 'critical', {
        message: 'PDF <script>alert(1)</script> & "quotes" ]]> \u0007 bell',
        assertions: [{ name: 'bytes', expected: '%PDF-', actual: 'JVBER', operator: '==', passed: false, message: 'not a PDF ]]>' }],
      }),
      check('fr.mon.uptime', 'monitoring', 'skipped', 'minor'),
    ],
  ],
  [
    'INCONCLUSIVE (a gate problem)',
    [
      check('fr.smoke.health', 'smoke', 'pass', 'critical'),
      check('fr.mon.alarms', 'monitoring', 'error', 'critical', { cause: 'gate', fix: 'set AWS credentials', durationMs: 0.0000001 }),
    ],
  ],
];

test('junit.xml validates against the CI JUnit schema (xmllint --schema) for GO, NO-GO and INCONCLUSIVE', { timeout: 60_000 }, async () => {
  const which = spawnSync('xmllint', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(which.error, undefined, 'xmllint is missing: install libxml2-utils (postflight setup --for test)');
  const dir = await mkdtemp(join(tmpdir(), 'postflight-junit-'));
  try {
    const seen = new Set<string>();
    for (const [name, results] of RUNS) {
      const verdict = decide(results, { policy: financialRise.rollback, flakyBlocksGo: false });
      seen.add(verdict.decision);
      const report = buildRunReport(
        {
          runId: '20261125-071200-ab12',
          app: 'financial-rise',
          appName: 'Financial RISE',
          env: 'staging',
          targets: { apiUrl: 'http://a', webUrl: 'http://w' },
          release: '1.0.0',
          startedAt: '2026-11-25T07:12:00.000Z',
          postflightVersion: '0.1.0',
          phases: ['smoke', 'monitoring'],
        },
        verdict,
        results,
        { finishedAt: '2026-11-25T07:13:00.000Z' },
      );
      const file = join(dir, `${verdict.decision}.xml`);
      const xml = renderJunit(report);
      await writeFile(file, xml);
      for (const schema of SCHEMAS) {
        const res = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8', timeout: 20_000 });
        assert.equal(res.status, 0, `${name} against ${schema}: ${res.stderr}`);
      }
      assert.match(xml, new RegExp(`<testcase [^>]*name="verdict: ${verdict.decision}"`));
      if (verdict.decision === 'NO-GO') assert.match(xml, /<failure [^\n]*type="NO-GO"/);
      if (verdict.decision === 'INCONCLUSIVE') assert.match(xml, /<error [^\n]*type="INCONCLUSIVE"/);
      if (name.includes('flaky')) assert.match(xml, /<flakyFailure message="passed on attempt 2/);
    }
    assert.deepEqual([...seen].sort(), ['GO', 'INCONCLUSIVE', 'NO-GO']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the schema is strict: a case with properties inside, or skipped on <testsuites>, is refused', { timeout: 30_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-junit-'));
  try {
    const bad =
      '<?xml version="1.0"?><testsuites name="x" tests="1" failures="0" errors="0" skipped="0"><testsuite name="s" tests="1" failures="0" errors="0" skipped="0"><testcase name="c" classname="k"><properties/></testcase></testsuite></testsuites>';
    await writeFile(join(dir, 'bad.xml'), bad);
    for (const schema of SCHEMAS) {
      const res = spawnSync('xmllint', ['--noout', '--schema', schema, join(dir, 'bad.xml')], { encoding: 'utf8', timeout: 20_000 });
      assert.notEqual(res.status, 0, schema);
      assert.match(res.stderr, /skipped/, schema);
      assert.match(res.stderr, /properties/, schema);
    }
    // Times in Surefire's form only: no sign, no exponent (junit-10.xsd's SUREFIRE_TIME).
    const signed = bad.replace('<properties/>', '').replace('name="c"', 'name="c" time="+1.5"').replace(' skipped="0"><testsuite', '><testsuite');
    await writeFile(join(dir, 'signed.xml'), signed);
    const res = spawnSync('xmllint', ['--noout', '--schema', XSD, join(dir, 'signed.xml')], { encoding: 'utf8', timeout: 20_000 });
    assert.notEqual(res.status, 0);
    assert.match(res.stderr, /'\+1\.5'/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
