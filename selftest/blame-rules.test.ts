/**
 * Whose fault a silence or a refusal is, as tables: a timeout / reset / refused connection is
 * the release's `fail` when other endpoints of the same deployment answered in this run; the
 * gate's only when nothing answered and its own reachability probe failed. A refused login of
 * the gate's own account is the gate's unless a second, valid account is refused too. An inbox
 * that answers errors is the gate's, never "no email received".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blameNoAnswer, corroborate, needsReachabilityProbe, noAnswerKind, type RunAnswers } from '../src/verdict/corroborate.ts';
import { refusalBlame, refuseLogin, GateCredentialError, ReleaseRefusesLoginError, type SecondLogin } from '../src/core/gate-credentials.ts';
import { checkResult } from '../src/checks/result.ts';
import { toCheckResult, type Attempt } from '../tests/reporter/to-check-result.ts';
import { EmailNotReceivedError, InboxError, waitForEmail, type InboxSource } from '../src/mail/inbox.ts';
import { answerRecorder, readAnswers } from '../src/http/answer-log.ts';
import { probeReachable } from '../src/gate/reachability.ts';
import { decide } from '../src/verdict/decide.ts';
import { financialRise } from '../config/apps/financial-rise.ts';

const API = 'http://api.test:3000';
const WEB = 'http://web.test:8080';
const run = (answered: Array<[string, string]>, reachable?: boolean): RunAnswers => ({
  origins: [API, WEB],
  answered: answered.map(([origin, path]) => ({ origin, path })),
  ...(reachable !== undefined ? { reachable } : {}),
});

test('noAnswerKind reads Node, axios and Chromium texts', () => {
  assert.equal(noAnswerKind('timeout of 15000ms exceeded'), 'timeout');
  assert.equal(noAnswerKind('connect ETIMEDOUT 10.0.0.1:443'), 'timeout');
  assert.equal(noAnswerKind('read ECONNRESET'), 'reset');
  assert.equal(noAnswerKind('page.goto: net::ERR_CONNECTION_REFUSED at http://web.test'), 'refused');
  assert.equal(noAnswerKind('connect ECONNREFUSED 127.0.0.1:9'), 'refused');
  assert.equal(noAnswerKind('expected 200, got 503'), undefined);
  assert.equal(noAnswerKind('Test timeout of 60000ms exceeded.'), undefined, "the suite's own time limit is not a silence");
});

// kind, what answered in this run, reachability probe -> status, cause
const TABLE: Array<[string, Parameters<typeof blameNoAnswer>[0], RunAnswers, string, string]> = [
  [
    'health hangs, web answered',
    'timeout',
    run([
      [WEB, '/'],
      [WEB, '/login'],
    ]),
    'fail',
    'target',
  ],
  ['health hangs, another API route answered', 'timeout', run([[API, '/api/v1/auth/login']]), 'fail', 'target'],
  ['API port closed, web up', 'refused', run([[WEB, '/']]), 'fail', 'target'],
  ['web port closed, API up', 'refused', run([[API, '/api/v1/health']]), 'fail', 'target'],
  ['reset while the rest answered', 'reset', run([[API, '/api/v1/health']]), 'fail', 'target'],
  ['nothing answered, host reachable (frozen process)', 'timeout', run([], true), 'error', 'target'],
  ['nothing answered, not probed', 'refused', run([]), 'error', 'target'],
  ['nothing answered, the gate cannot reach the host', 'timeout', run([], false), 'error', 'gate'],
  ['only a foreign origin answered, unreachable', 'timeout', run([['http://elsewhere.test', '/']], false), 'error', 'gate'],
];
for (const [name, kind, answers, status, cause] of TABLE) {
  test(`silence: ${name} -> ${status}, cause ${cause}`, () => {
    const b = blameNoAnswer(kind, answers);
    assert.equal(b.status, status);
    assert.equal(b.cause, cause);
    if (cause === 'gate') assert.match(b.fix ?? '', /network path/);
    if (status === 'fail') assert.match(b.because, /other endpoints of the same deployment answered/);
  });
}

const errorResult = (id: string, message: string, extra: { cause?: 'gate' | 'target'; fix?: string } = {}) =>
  checkResult(id, { status: 'error', message, startedAt: new Date(0), durationMs: 1, cause: 'target', ...extra });

test('corroborate turns a hung health into a measured fail -> NO-GO, immediate rollback', () => {
  const results = [
    errorResult('fr.smoke.health', 'could not measure: timeout of 15000ms exceeded'),
    checkResult('fr.smoke.frontend', { status: 'pass', message: 'ok', startedAt: new Date(0), durationMs: 1, assertions: [] }),
  ];
  const judged = corroborate(results, run([[WEB, '/']]));
  assert.equal(judged[0].status, 'fail');
  assert.equal(judged[0].cause, 'target');
  assert.match(judged[0].message, /^timeout of 15000ms exceeded \[no answer \(timeout\) while other endpoints/);
  assert.equal(judged[1], results[1], 'a pass is left alone');
  const verdict = decide(judged, { policy: financialRise.rollback, flakyBlocksGo: false, appName: 'Financial RISE' });
  assert.equal(verdict.decision, 'NO-GO');
  assert.equal(verdict.rollback.recommendation, 'immediate');
});

test('corroborate leaves gate errors with their own fix and non-silences alone', () => {
  const limited = errorResult('fr.smoke.admin', 'could not measure: ECONNRESET after 429', { cause: 'gate', fix: 'allowlist' });
  const secret = errorResult('fr.smoke.admin', 'could not measure: secret FR_ADMIN_PASSWORD is not set', { cause: 'gate' });
  assert.deepEqual(corroborate([limited, secret], run([[WEB, '/']])), [limited, secret]);
  const unreachable = corroborate([errorResult('fr.smoke.health', 'could not measure: connect ETIMEDOUT')], run([], false))[0];
  assert.equal(unreachable.cause, 'gate');
  assert.match(unreachable.fix ?? '', /network path/);
});

test('the reachability probe runs only when a silence has no corroboration', () => {
  const silent = [errorResult('fr.smoke.health', 'could not measure: timeout of 15000ms exceeded')];
  assert.equal(needsReachabilityProbe(silent, run([])), true);
  assert.equal(needsReachabilityProbe(silent, run([[WEB, '/']])), false);
  assert.equal(needsReachabilityProbe([], run([])), false);
});

test('the answer log: one line per endpoint, read back across processes; no run folder, no log', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-answers-'));
  try {
    const record = answerRecorder(dir);
    record(`${API}/api/v1/health?x=1`);
    record(`${API}/api/v1/health`);
    record(`${WEB}/login`);
    record('not a url');
    record(`${WEB}/client/9f8e7d6c5b4a39281706f5e4d3c2b1a0?sig=secret`);
    record(`${API}/api/v1/assessments/42/report`);
    assert.deepEqual(
      readAnswers(dir),
      [
        { origin: API, path: '/api/v1/health' },
        { origin: WEB, path: '/login' },
        { origin: WEB, path: '/client/:id' },
        { origin: API, path: '/api/v1/assessments/:id/report' },
      ],
      'tokens and ids in paths are masked, the query never kept',
    );
    answerRecorder('')(`${API}/x`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the reachability probe: a refusing local port is reachable (the host answered), a bad name is not', { timeout: 15_000 }, async () => {
  assert.equal(await probeReachable(['http://127.0.0.1:9']), true);
  assert.equal(await probeReachable(['http://postflight-nowhere.invalid:80']), false);
});

// first login status, second account -> blame
const LOGIN: Array<[number, SecondLogin | undefined, ReturnType<typeof refusalBlame>]> = [
  [200, undefined, 'not-refused'],
  [500, { who: 'x', status: 500, loggedIn: false }, 'not-refused'],
  [401, { who: 'the throwaway account', status: 200, loggedIn: true }, 'gate'],
  [423, { who: 'the throwaway account', status: 200, loggedIn: true }, 'gate'],
  [401, { who: 'the throwaway account', status: 401, loggedIn: false }, 'target'],
  [403, { who: 'the account this run registered', status: 403, loggedIn: false }, 'target'],
  [401, { who: 'the throwaway account', status: 500, loggedIn: false }, 'target'],
  [401, undefined, 'gate-uncorroborated'],
];
for (const [status, second, blame] of LOGIN) {
  test(`login refused HTTP ${status}, second ${second ? `HTTP ${second.status}` : 'none'} -> ${blame}`, () =>
    assert.equal(refusalBlame(status, second), blame));
}

const attempt = (errors: string[]): Attempt => ({ status: 'failed', startTime: new Date(0), duration: 1, errors, assertions: [], notes: [], evidence: [] });
const thrown = async (p: Promise<unknown>): Promise<Error> =>
  p.then(
    () => assert.fail('did not throw'),
    (e: Error) => e,
  );

test('refuseLogin: a second account refused too is the release (fail, cause target); logged in is the gate (error, with the fix)', async () => {
  let asked = 0;
  const second = (s: SecondLogin) => async () => (asked++, s);
  await refuseLogin(200, 'smoke user', 'smoke', 'E', 'P', second({ who: 'x', status: 200, loggedIn: true }));
  assert.equal(asked, 0, 'no extra login when the first was not refused');
  const release = await thrown(
    refuseLogin(401, 'smoke user', 'smoke', 'FC_SMOKE_EMAIL', 'FC_SMOKE_PASSWORD', second({ who: 'the throwaway account', status: 401, loggedIn: false })),
  );
  assert.ok(release instanceof ReleaseRefusesLoginError);
  const r = toCheckResult('fc.smoke.me', [attempt([`${release.name}: ${release.message}`])]);
  assert.equal(r.status, 'fail', r.message);
  assert.equal(r.cause, 'target');
  assert.match(r.message, /also refused the throwaway account with its valid password/);
  const gate = await thrown(
    refuseLogin(401, 'smoke user', 'smoke', 'FC_SMOKE_EMAIL', 'FC_SMOKE_PASSWORD', second({ who: 'the throwaway account', status: 200, loggedIn: true })),
  );
  assert.ok(gate instanceof GateCredentialError);
  const g = toCheckResult('fc.smoke.me', [attempt([`Error: ${gate.message}`])]);
  assert.equal(g.status, 'error');
  assert.equal(g.cause, 'gate');
  assert.match(g.message, /while the throwaway account logged in/);
  assert.equal(g.fix, 'the smoke account is locked, deactivated or its password is wrong: unlock or rotate FC_SMOKE_EMAIL/FC_SMOKE_PASSWORD');
  const alone = await thrown(refuseLogin(403, 'admin', 'admin', 'A', 'B'));
  assert.match(alone.message, /no second account to check it against/);
});

test('an inbox that answers errors is the gate\'s (error, with the fix), never "no email received"', async () => {
  let calls = 0;
  const broken: InboxSource = {
    kind: 'maildev',
    listFor: async () => {
      calls++;
      throw new Error('maildev answered HTTP 500 on /api/email');
    },
  };
  const err = await thrown(waitForEmail(broken, 'a@x.test', () => true, 300, { pollMs: 50 }));
  assert.ok(err instanceof InboxError, err.message);
  assert.ok(calls > 1, 'retried within the wait');
  const r = toCheckResult('fr.smoke.registration', [attempt([`Error: ${err.message}`])]);
  assert.equal(r.status, 'error');
  assert.equal(r.cause, 'gate');
  assert.match(r.fix ?? '', /inbox the environment names/);
  // It answered, without the message: that is the release's missing email.
  const empty: InboxSource = { kind: 'maildev', listFor: async () => [] };
  assert.ok((await thrown(waitForEmail(empty, 'a@x.test', () => true, 100, { pollMs: 50 }))) instanceof EmailNotReceivedError);
  // A failure that recovers before the deadline is no failure.
  let n = 0;
  const flaky: InboxSource = {
    kind: 'maildev',
    listFor: async () =>
      n++ === 0 ? Promise.reject(new Error('ECONNRESET')) : [{ id: '1', to: ['a@x.test'], subject: '', text: '', html: '', receivedAt: '' }],
  };
  assert.equal((await waitForEmail(flaky, 'a@x.test', () => true, 1000, { pollMs: 20 })).id, '1');
});
