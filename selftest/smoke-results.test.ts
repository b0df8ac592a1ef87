/**
 * How Playwright attempts become CheckResults: a pass on retry is flaky, a skipped flow step
 * says why, "could not measure" errors are `error` not `fail`, failed assertions are `fail`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { attemptErrors, classifyFailure, toCheckResult, type Attempt } from '../tests/reporter/to-check-result.ts';
import { GateHarnessError, type SerializedError } from '../src/core/harness-error.ts';
import { GateCredentialError } from '../src/core/gate-credentials.ts';
import { RateLimitedError } from '../src/http/client.ts';
import { assertThat } from '../src/core/assertions.ts';

const attempt = (status: Attempt['status'], extra: Partial<Attempt> = {}): Attempt => ({
  status,
  startTime: new Date('2026-11-25T00:00:00Z'),
  duration: 100,
  errors: [],
  assertions: [],
  notes: [],
  evidence: [],
  ...extra,
});

test('passed only on retry: pass, flaky, two attempts', () => {
  const r = toCheckResult('fr.smoke.health', [attempt('failed', { errors: ['boom'] }), attempt('passed', { assertions: [assertThat('x', 1, '==', 1)] })]);
  assert.equal(r.status, 'pass');
  assert.equal(r.flaky, true);
  assert.equal(r.attempts, 2);
  assert.equal(r.durationMs, 200);
  assert.match(r.message, /flaky/);
});

test('a failed assertion is a fail with its message', () => {
  const r = toCheckResult('fr.smoke.health', [attempt('failed', { assertions: [assertThat('GET health answers 200', 503, '==', 200)] })]);
  assert.equal(r.status, 'fail');
  assert.equal(r.severity, 'critical');
  assert.match(r.message, /503 fails == 200/);
  assert.equal(r.flaky, false);
});

test('skipped after an earlier flow step failed says so', () => {
  const r = toCheckResult('fr.smoke.reports', [attempt('skipped')]);
  assert.equal(r.status, 'skipped');
  assert.match(r.message, /earlier step/);
});

// Playwright's own serializer: what its worker sends the reporter process for a test's error
// (an internal module of the pinned @playwright/test; a version that moves it fails here, loudly).
const { serializeError } = createRequire(import.meta.url)('playwright/lib/util') as { serializeError: (e: unknown) => SerializedError & { value?: string } };

/** A thrown error as the reporter receives it: serialized by Playwright's own code, read by ours. */
const thrown = (error: unknown): Pick<Attempt, 'errors' | 'harnessError'> => attemptErrors([serializeError(error)]);

test('the kind of a failure comes from the error class: a GateHarnessError (or one caused by it) is error, anything else fail', () => {
  const harness = [
    new GateHarnessError('secret FR_SMOKE_PASSWORD is not set (smokePassword); export it and run again'),
    new RateLimitedError('POST /login'),
    new GateCredentialError('smoke consultant', 401, 'rotate FR_SMOKE_PASSWORD'),
    new Error('login failed', { cause: new GateHarnessError('IMAP credentials missing: set A and B') }),
  ];
  for (const error of harness) {
    const r = toCheckResult('fr.smoke.health', [attempt('failed', thrown(error))]);
    assert.equal(r.status, 'error', (error as Error).message);
    assert.match(r.message, /^could not measure: GateHarnessError: |^could not measure: Error: login failed/);
  }
  // The wording alone no longer decides: the same text thrown as a plain Error is a failure.
  const plain = toCheckResult('fr.smoke.health', [attempt('failed', thrown(new Error('secret FR_SMOKE_PASSWORD is not set (smokePassword)')))]);
  assert.equal(plain.status, 'fail');
  assert.equal(toCheckResult('fr.smoke.health', [attempt('failed', thrown(new Error('expect(received).toBe(expected)')))]).status, 'fail');
  // A harness error beside a failed assertion: the assertion failed on the release, that decides.
  const both = toCheckResult('fr.smoke.health', [
    attempt('failed', { ...thrown(new GateHarnessError('x')), assertions: [assertThat('GET health answers 200', 503, '==', 200)] }),
  ]);
  assert.equal(both.status, 'fail');
});

test('errors no type of ours can mark (network, browser launch) are still errors by their text', () => {
  for (const e of ['connect ECONNREFUSED 127.0.0.1:9', 'getaddrinfo ENOTFOUND api.example.com', "browserType.launch: Executable doesn't exist at /x"]) {
    assert.equal(classifyFailure([e]), 'error', e);
  }
  assert.equal(classifyFailure(['expect(received).toBe(expected)']), 'fail');
  const r = toCheckResult('fc.smoke.me', [attempt('failed', { errors: ['connect ECONNREFUSED 127.0.0.1:9'] })]);
  assert.equal(r.status, 'error');
  assert.match(r.message, /could not measure/);
});

// Flaky = the check itself failed, then passed. A serial flow reruns steps that had passed
// (or had been skipped behind a failed step): those reruns are not flaky.
const FLAKY_TABLE: Array<[Attempt['status'][], boolean]> = [
  [['failed', 'passed'], true],
  [['timedOut', 'passed'], true],
  [['passed', 'passed'], false],
  [['skipped', 'passed'], false],
  [['skipped', 'skipped', 'passed'], false],
  [['interrupted', 'passed'], false],
  [['passed', 'failed', 'passed'], true],
  [['failed', 'failed'], false],
];
for (const [statuses, flaky] of FLAKY_TABLE) {
  test(`attempts ${statuses.join(' -> ')}: flaky ${flaky}`, () => {
    const ok = [assertThat('x', 1, '==', 1)];
    const r = toCheckResult(
      'fr.smoke.assessment-complete',
      statuses.map((s) => attempt(s, s === 'passed' ? { assertions: ok } : { errors: s === 'failed' ? ['boom'] : [] })),
    );
    assert.equal(r.flaky, flaky);
    assert.equal(r.attempts, statuses.length);
    if (statuses[statuses.length - 1] === 'passed') assert.equal(/flaky/.test(r.message), flaky, r.message);
  });
}

test("the gate's own account refused (401/403/423) is error, cause gate, with the fix", async () => {
  const { refuseGateCredentials } = await import('../src/core/gate-credentials.ts');
  for (const status of [401, 403, 423]) {
    let error: unknown;
    try {
      refuseGateCredentials(status, 'smoke consultant', 'smoke', 'FR_SMOKE_EMAIL', 'FR_SMOKE_PASSWORD');
    } catch (err) {
      error = err;
    }
    const r = toCheckResult('fr.smoke.assessment-create', [attempt('failed', thrown(error))]);
    assert.equal(r.status, 'error', String(error));
    assert.equal(r.cause, 'gate');
    assert.equal(r.fix, 'the smoke account is locked, deactivated or its password is wrong: unlock or rotate FR_SMOKE_EMAIL/FR_SMOKE_PASSWORD');
  }
  assert.doesNotThrow(() => refuseGateCredentials(500, 'smoke consultant', 'smoke', 'A', 'B'), 'a 5xx on login is about the release');
  const broken = toCheckResult('fr.smoke.assessment-create', [attempt('failed', { errors: ['Error: login as the smoke consultant failed: HTTP 500'] })]);
  assert.equal(broken.status, 'fail');
  assert.equal(broken.cause, 'target');
});

test('a 429 on the gate’s requests is cause gate with the allowlist fix; an unreachable target is error, cause target', () => {
  const limited = toCheckResult('fc.smoke.me', [attempt('failed', thrown(new RateLimitedError('GET /api/v1/auth/me')))]);
  assert.equal(limited.status, 'error');
  assert.equal(limited.cause, 'gate');
  assert.match(limited.fix ?? '', /rate-limited the gate: allowlist its IP/);
  for (const e of [
    'Error: connect ECONNREFUSED 127.0.0.1:9',
    'AxiosError: timeout of 15000ms exceeded',
    'Error: page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:9/',
  ]) {
    const down = toCheckResult('fc.smoke.me', [attempt('failed', { errors: [e] })]);
    assert.equal(down.status, 'error', e);
    assert.equal(down.cause, 'target', e);
    assert.equal(down.fix, undefined);
  }
  const secret = toCheckResult('fc.smoke.me', [
    attempt('failed', thrown(new GateHarnessError('secret FC_SMOKE_EMAIL is not set (smokeEmail); export it and run again'))),
  ]);
  assert.equal(secret.status, 'error');
  assert.equal(secret.cause, 'gate');
});

test('a skipped check says which prerequisite failed: its own reason first, then the reporter’s', () => {
  const own = toCheckResult('fc.smoke.me', [attempt('skipped', { skipReason: 'skipped: prerequisite fc.smoke.login failed' })]);
  assert.equal(own.status, 'skipped');
  assert.equal(own.message, 'skipped: prerequisite fc.smoke.login failed');
  const serial = toCheckResult('fr.smoke.reports', [attempt('skipped')], 'skipped: prerequisite fr.smoke.assessment-complete failed');
  assert.equal(serial.message, 'skipped: prerequisite fr.smoke.assessment-complete failed');
});

test("a part that could not run (no database URL) and nobody waived: inconclusive, the gate's, with the fix — never a plain pass", () => {
  const r = toCheckResult('fr.smoke.admin', [
    attempt('passed', {
      assertions: [assertThat('admin GET adminUsers answers 200', 200, '==', 200)],
      unverified: [
        {
          name: 'database',
          reason: 'FR_DATABASE_URL is not set',
          fix: 'export FR_DATABASE_URL=postgres://..., or waive "fr.smoke.admin:database" with a reason',
        },
      ],
    }),
  ]);
  assert.equal(r.status, 'inconclusive');
  assert.equal(r.cause, 'gate');
  assert.match(r.message, /^not verified: database \(FR_DATABASE_URL is not set\) — 1 other assertion\(s\) passed/);
  assert.match(r.fix!, /fr\.smoke\.admin:database/);
  // A failing assertion still fails: the release's fault wins over what was not verified.
  const failed = toCheckResult('fr.smoke.admin', [
    attempt('failed', { assertions: [assertThat('x', 500, '==', 200)], unverified: [{ name: 'database', reason: 'r', fix: 'f' }] }),
  ]);
  assert.equal(failed.status, 'fail');
});
