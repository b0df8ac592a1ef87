/**
 * The request budget's pure arithmetic (src/http/rate-limits.ts), the ledger shared between
 * processes (src/http/request-budget.ts, with a fake clock), the test data templates
 * (src/apps/test-data.ts) and which contract keys a form refusal names (tests/pages/form-refusal.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { financialRise, flowcomply } from '../config/apps/index.ts';
import { loadAllowance, spentPerLimit, waitBefore, type Spend } from '../src/http/rate-limits.ts';
import { RequestBudget, RequestBudgetError } from '../src/http/request-budget.ts';
import { planLines } from '../src/http/request-plan.ts';
import { fillTemplate, runTag } from '../src/apps/test-data.ts';
import { refusedKeys } from '../tests/pages/form-refusal.ts';

const FR = financialRise.rateLimits;
const paths = financialRise.routes as Record<string, string>;
const LOGIN = 'POST /api/v1/auth/login';
const spends = (request: string, times: number[], run = 'r1'): Spend[] => times.map((t) => ({ t, request, run }));

test('waitBefore: the 6th login in a minute waits until the oldest leaves the window; other routes do not count', () => {
  const five = spends(LOGIN, [0, 1000, 2000, 3000, 4000]);
  assert.equal(waitBefore(FR, five.slice(0, 4), LOGIN, 5000, paths).ms, 0);
  const w = waitBefore(FR, five, LOGIN, 5000, paths);
  assert.equal(w.limitId, 'login');
  assert.equal(w.ms, 60_000 - 5000 + 250);
  assert.equal(waitBefore(FR, five, 'GET /api/v1/assessments', 5000, paths).ms, 0);
  assert.equal(waitBefore(FR, five, LOGIN, 61_000, paths).ms, 0);
});

test('waitBefore: per-route windows are kept apart; a global limit counts every route', () => {
  const many = spends(
    'GET /api/v1/assessments',
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.equal(waitBefore(FR, many, 'GET /api/v1/assessments', 200, paths).limitId, 'perRoute');
  assert.equal(waitBefore(FR, many, 'GET /api/v1/questionnaire/questions', 200, paths).ms, 0);
  const fcMany = spends(
    'GET /health',
    Array.from({ length: 100 }, (_, i) => i),
  );
  const w = waitBefore(flowcomply.rateLimits, fcMany, 'POST /api/v1/auth/login', 200, flowcomply.routes as Record<string, string>);
  assert.equal(w.limitId, 'global');
  assert.ok(w.ms > 890_000);
});

test('spentPerLimit: only this run, total and the most in one window', () => {
  const all = [...spends(LOGIN, [0, 10_000, 70_000, 80_000, 90_000]), ...spends(LOGIN, [5000], 'other'), ...spends('POST /api/v1/auth/register', [1])];
  const lines = spentPerLimit(FR, all, 'r1', paths);
  const login = lines.find((l) => l.limitId === 'login')!;
  assert.deepEqual([login.spent, login.peak], [5, 3]);
  assert.equal(lines.find((l) => l.limitId === 'register')!.spent, 1);
});

test('loadAllowance: paced below the tightest limit, leaving a fifth of each window', () => {
  const requests = [
    { request: 'GET /api/v1/health', weight: 1 },
    { request: 'GET /api/v1/assessments', weight: 6 },
    { request: 'GET /api/v1/questionnaire/questions', weight: 3 },
  ];
  const a = loadAllowance(FR, requests, 60, () => 20, paths);
  assert.equal(a.limitId, 'perRoute');
  assert.equal(a.maxRequests, Math.floor((80 - 20) / 0.6));
  const fc = loadAllowance(flowcomply.rateLimits, [{ request: 'GET /health', weight: 1 }], 60, () => 30, flowcomply.routes as Record<string, string>);
  assert.equal(fc.maxRequests, 50);
  assert.ok(fc.rate! < 1);
});

test("the ledger is shared: a second budget (another process) sees the first one's spends and waits, or refuses a long wait", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-budget-'));
  try {
    let now = 1_000_000;
    const waits: number[] = [];
    const opts = { apiUrl: 'http://127.0.0.1:9', app: 'financial-rise', limits: FR, paths, dir, now: () => now };
    const doctor = new RequestBudget({ ...opts, run: 'doctor' });
    for (let i = 0; i < 5; i++) await doctor.take('POST', '/api/v1/auth/login');
    // The gate: waits for the window (the fake clock moves as it "sleeps"), then records.
    const gate = new RequestBudget({
      ...opts,
      run: 'gate',
      maxWaitMs: 120_000,
      onWait: (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    await gate.take('POST', '/api/v1/auth/login');
    assert.equal(waits.length, 1);
    assert.equal(gate.spent().find((l) => l.limitId === 'login')!.spent, 1);
    // A registration window (1 h) is never waited for: a gate error naming the key.
    for (let i = 0; i < 3; i++) await gate.take('POST', '/api/v1/auth/register');
    await assert.rejects(
      gate.take('POST', '/api/v1/auth/register'),
      (e: Error) => e instanceof RequestBudgetError && /apps\.financial-rise\.contract\.rateLimits\.register/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("doctor's plan names every limit of both apps", () => {
  assert.match(planLines('financial-rise', FR).join('\n'), /logins \(login\): about 6 per run against 5 per 60 s, more than one window/);
  assert.match(planLines('flowcomply', flowcomply.rateLimits).join('\n'), /requests \(global\): about 25 per run against 100 per 15 min, fits one window/);
});

test('test data: letters-only run tag, stable per run; templates keep the run id where asked', () => {
  const tag = runTag('20261204-184653-5501');
  assert.match(tag, /^[A-Z][a-z]+$/);
  assert.equal(runTag('20261204-184653-5501'), tag);
  assert.notEqual(runTag('20261204-184653-5502'), tag);
  assert.match(fillTemplate(financialRise.data.clientName, 'r-1'), /^[A-Za-z' -]+$/);
  assert.equal(fillTemplate('postflight run {runId}', 'r-1'), 'postflight run r-1');
});

test('a form refusal names the contract key of the value it is about, or every typed one when unclear', () => {
  const fields = [
    { key: 'clientName', label: 'Client Name', name: 'clientName' },
    { key: 'businessName', label: 'Business Name', name: 'businessName' },
  ];
  assert.deepEqual(refusedKeys('financial-rise', fields, ['Client name may contain letters only'], []), ['apps.financial-rise.contract.data.clientName']);
  assert.deepEqual(refusedKeys('financial-rise', fields, ['Invalid value'], ['businessName']), ['apps.financial-rise.contract.data.businessName']);
  assert.equal(refusedKeys('financial-rise', fields, ['Something is wrong'], []).length, 2);
});
