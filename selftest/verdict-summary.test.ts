import { test } from 'node:test';
import assert from 'node:assert/strict';
import { financialRise } from '../config/apps/index.ts';
import type { CheckResult } from '../src/core/types.ts';
import { verdictSummary } from '../src/cli/verdict-summary.ts';
import { decide } from '../src/verdict/decide.ts';

const result = (id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  app: 'financial-rise',
  phase: 'smoke',
  title: id,
  runbookRef: 'r',
  severity: 'critical',
  status,
  message: `${id} ${status}`,
  assertions: [],
  evidence: [],
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
  attempts: 1,
  flaky: false,
  ...extra,
});

test('console summary: procedure id and title; gate health labelled, with fixes, before the results', () => {
  const results = [
    result('fr.smoke.health', 'fail'),
    result('fr.load.k6', 'error', { phase: 'load', message: 'k6 not found', fix: 'install k6 or use --load-engine embedded' }),
  ];
  const verdict = decide(results, { policy: financialRise.rollback, flakyBlocksGo: true });
  const text = verdictSummary(
    { app: 'financial-rise', runDir: '/tmp/r/x', verdict, results, evidenceProblems: [], phaseSeconds: {} },
    '/tmp/r',
    'Financial RISE',
  );
  assert.match(text, /Financial RISE: NO-GO {3}rollback: immediate \(A — Revert Application Code\)/);
  assert.match(text, /gate health: 1 problem\(s\) of the gate, not of the release/);
  assert.match(text, /fix: install k6 or use --load-engine embedded/);
  assert.ok(text.indexOf('gate health') < text.indexOf('FAIL fr.smoke.health'), 'gate health first');
  assert.match(text, /evidence: x\/index.html/);
  // Allure's report and trend file sit beside the run folders (a sealed folder gains no files).
  assert.match(
    text,
    /allure: npx allure awesome x\/allure-results --config x\/allurerc\.json --single-file -o allure-report --history-path allure-history\.jsonl$/m,
  );
});
