import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replay, replayText } from '../src/evidence/journal/replay.ts';
import { JournalFormatError } from '../src/evidence/journal/schema.ts';
import { openJournalFile } from '../src/evidence/journal/file.ts';
import { journalReporter, parseJournal } from '../src/evidence/reporters/journal.ts';
import type { CheckResult, Verdict } from '../src/core/types.ts';
import type { RunMeta } from '../src/evidence/reporters/reporter.ts';

const H = (v: unknown = 1) => JSON.stringify({ kind: 'journal', schemaVersion: v, createdAt: '2026-12-01T02:00:00.000Z', writer: 'orchestrator' });
const L = (o: object) => JSON.stringify(o);
const started = (stepId: string, attempt = 1) =>
  L({ event: 'step-started', at: '2026-12-01T02:00:01.000Z', stepId, attempt, resumed: attempt > 1, inputs: { n: attempt } });
const finished = (stepId: string, status = 'succeeded', outputs = {}) =>
  L({
    event: 'step-finished',
    at: '2026-12-01T02:00:02.000Z',
    stepId,
    attempt: 1,
    status,
    retriable: false,
    message: 'm',
    outputs,
    calls: [{ service: 'RDS', operation: 'CreateDBSnapshot', requestId: 'req-1' }],
    startedAt: '2026-12-01T02:00:01.000Z',
    durationMs: 1000,
  });
const gateResult = (id: string, status: string) => L({ event: 'result', at: 'x', id, status, result: {} });
const gateEnd = (decision: string) =>
  L({ event: 'run-end', at: 'y', decision, rollback: { recommendation: 'immediate', procedure: 'A', reasons: [] }, counts: {} });

const cases: { name: string; lines: string[]; expect: (r: ReturnType<typeof replay>) => void }[] = [
  {
    name: 'empty journal: nothing done',
    lines: [],
    expect: (r) => {
      assert.equal(r.steps.size, 0);
      assert.deepEqual(r.inFlight, []);
    },
  },
  {
    name: 'v1: one step done, one in flight',
    lines: [H(), started('a'), finished('a', 'succeeded', { snapshotId: 's1' }), started('b')],
    expect: (r) => {
      assert.equal(r.schemaVersion, 1);
      assert.equal(r.steps.get('a')!.state, 'succeeded');
      assert.deepEqual(r.steps.get('a')!.outputs, { snapshotId: 's1' });
      assert.equal(r.steps.get('a')!.calls[0]!.requestId, 'req-1');
      assert.equal(r.steps.get('b')!.state, 'in-flight');
      assert.deepEqual(r.inFlight, ['b']);
    },
  },
  {
    name: 'v1: a step retried after a resume keeps its attempts count',
    lines: [H(), started('a'), started('a', 2), finished('a')],
    expect: (r) => {
      assert.equal(r.steps.get('a')!.attempts, 2);
      assert.equal(r.steps.get('a')!.state, 'succeeded');
      assert.deepEqual(r.inFlight, []);
    },
  },
  {
    name: 'v1: gate results and both gate runs of a deploy',
    lines: [H(), gateResult('fr.smoke.health', 'fail'), gateEnd('NO-GO'), gateResult('fr.smoke.health', 'pass'), gateEnd('GO')],
    expect: (r) => {
      assert.equal(r.results.get('fr.smoke.health'), 'pass');
      assert.deepEqual(
        r.gateRuns.map((g) => g.decision),
        ['NO-GO', 'GO'],
      );
    },
  },
  {
    name: 'v0 (no header): gate events only',
    lines: [L({ event: 'run-start', at: 'x', meta: {} }), gateResult('fc.smoke.login', 'pass'), gateEnd('GO')],
    expect: (r) => {
      assert.equal(r.schemaVersion, 0);
      assert.equal(r.header, undefined);
      assert.equal(r.results.get('fc.smoke.login'), 'pass');
    },
  },
  {
    name: 'a torn last line (killed mid-write) is ignored',
    lines: [H(), started('a'), '{"event":"step-fini'],
    expect: (r) => {
      assert.equal(r.tornLine, true);
      assert.deepEqual(r.inFlight, ['a']);
    },
  },
];

for (const c of cases) test(`replay: ${c.name}`, () => c.expect(replay(c.lines)));

const refusals: { name: string; lines: string[]; message: RegExp }[] = [
  { name: 'unknown newer version', lines: [H(7), started('a')], message: /schemaVersion 7.*upgrade postflight/ },
  { name: 'header without schemaVersion', lines: [L({ kind: 'journal' }), started('a')], message: /no integer schemaVersion/ },
  { name: 'string schemaVersion', lines: [H('1'), started('a')], message: /no integer schemaVersion/ },
  { name: 'v0 journal with an orchestrator step', lines: [gateResult('x', 'pass'), started('a')], message: /version 0.*gate events only/ },
  { name: 'a damaged line in the middle', lines: [H(), '{nope', started('a')], message: /Line 2 .*not JSON/ },
  { name: 'finished without started', lines: [H(), finished('a')], message: /never started/ },
  { name: 'not a journal at all', lines: [L({ hello: 1 })], message: /neither a header/ },
];

for (const c of refusals)
  test(`replay refuses: ${c.name}`, () =>
    assert.throws(
      () => replay(c.lines),
      (e: Error) => e instanceof JournalFormatError && c.message.test(e.message),
    ));

test('the gate reporter writes the header once; the same file replays; parseJournal still yields gate events only', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pf-journal-'));
  try {
    const meta = {
      runId: 'r1',
      app: 'financial-rise',
      appName: 'Financial RISE',
      env: 'staging',
      targets: { apiUrl: 'http://a', webUrl: 'http://w' },
      startedAt: '2026-12-01T02:00:00.000Z',
      postflightVersion: '0',
      phases: [],
    } as RunMeta;
    const verdict = {
      decision: 'GO',
      rollback: { recommendation: 'none', reasons: [] },
      reasons: [],
      counts: { pass: 1, skipped: 0, inconclusive: 0, error: 0, fail: 0 },
    } as unknown as Verdict;
    const result = { id: 'fr.smoke.health', status: 'pass' } as CheckResult;
    for (let run = 0; run < 2; run++) {
      // a deploy runs the gate twice into one journal
      const r = journalReporter({ dir });
      await r.onRunStart!(meta);
      await r.onResult!(result);
      await r.onRunEnd!(verdict, [result], { finishedAt: '2026-12-01T02:10:00.000Z' });
    }
    const text = await readFile(join(dir, 'journal.jsonl'), 'utf8');
    const first = JSON.parse(text.split('\n')[0]!);
    assert.equal(first.kind, 'journal');
    assert.equal(first.schemaVersion, 1);
    assert.equal(text.split('\n').filter((l) => l.includes('"kind":"journal"')).length, 1);
    const r = replayText(text);
    assert.deepEqual(
      r.gateRuns.map((g) => g.decision),
      ['GO', 'GO'],
    );
    assert.deepEqual(
      parseJournal(text).map((e) => e.event),
      ['run-start', 'result', 'run-end', 'run-start', 'result', 'run-end'],
    );
    // The orchestrator appends its steps to the same file, in the same format.
    const sink = openJournalFile(join(dir, 'journal.jsonl'), { writer: 'orchestrator' });
    sink.append({ event: 'step-started', at: 'z', stepId: 'fr.deploy.cdn', attempt: 1, resumed: false, inputs: {} });
    assert.deepEqual(replayText(await readFile(join(dir, 'journal.jsonl'), 'utf8')).inFlight, ['fr.deploy.cdn']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
