import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkAnswer } from '../../sandbox/financial-rise/answers.ts';
import { errorRateHit } from '../../sandbox/financial-rise/faults.ts';
import { afterFailure, AFTER_SUCCESS, isLocked, LOCKOUT_MS } from '../../sandbox/financial-rise/lockout.ts';
import { passwordProblem } from '../../sandbox/financial-rise/passwords.ts';
import { SEED_QUESTIONS } from '../../sandbox/financial-rise/questions.ts';
import { budgetFor, RateLimiter } from '../../sandbox/financial-rise/rate-limit.ts';
import { scoreAssessment } from '../../sandbox/financial-rise/scoring.ts';
import { allowedOrigins } from '../../sandbox/financial-rise/security.ts';
import { linkIsValid, LINK_TTL_MS, signLink } from '../../sandbox/financial-rise/signed-links.ts';

/** The pure cores of the Financial RISE sandbox, without servers. */
describe('Financial RISE sandbox: pure helpers', () => {
  test('rate limiter: fixed window per ip and route, reset after the window', () => {
    let now = 0;
    const rl = new RateLimiter({ loginPerMinute: 2 }, () => now);
    const login = 'POST /api/v1/auth/login';
    assert.deepEqual(
      [1, 2, 3].map(() => rl.hit('1.1.1.1', login).allowed),
      [true, true, false],
    );
    assert.equal(rl.hit('2.2.2.2', login).allowed, true, 'another ip has its own budget');
    assert.equal(rl.hit('1.1.1.1', 'GET /api/v1/health').allowed, true, 'another route has its own budget');
    now = 60_000;
    assert.equal(rl.hit('1.1.1.1', login).allowed, true);
    assert.deepEqual(budgetFor('POST /api/v1/auth/register'), { limit: 3, windowMs: 3_600_000, label: '3 per hour' });
    assert.equal(budgetFor('GET /api/v1/assessments').limit, 100);
  });

  test('lockout: the fifth failure locks for 30 minutes; an expired lock starts a fresh count', () => {
    const t0 = new Date(0);
    let s = AFTER_SUCCESS;
    for (let i = 0; i < 4; i++) s = afterFailure(s, t0);
    assert.equal(isLocked(s, t0), false);
    s = afterFailure(s, t0);
    assert.equal(isLocked(s, t0), true);
    const later = new Date(LOCKOUT_MS + 1);
    assert.equal(isLocked(s, later), false);
    assert.deepEqual(afterFailure(s, later), { failedAttempts: 1, lockedUntil: null });
  });

  test('password rule', () => {
    assert.equal(passwordProblem('Str0ng!Pass'), undefined);
    for (const bad of ['Sh0rt!a', 'nouppercase1!', 'NOLOWER1!', 'NoDigits!!', 'NoSpecial11', `A1!${'a'.repeat(126)}`]) {
      assert.ok(passwordProblem(bad), bad);
    }
  });

  test('fr:error-rate fails exactly 3 of every 20 requests', () => {
    const hits = Array.from({ length: 200 }, (_, i) => errorRateHit(i + 1)).filter(Boolean).length;
    assert.equal(hits, 30);
  });

  test('answers are checked against their question', () => {
    const byId = (id: string) => SEED_QUESTIONS.find((q) => q.id === id)!;
    assert.deepEqual(checkAnswer(byId('STAB-002'), { value: '4' }), { ok: true, value: 4 });
    assert.deepEqual(checkAnswer(byId('STAB-005'), { value: 'bank_loan' }), { ok: true, value: ['bank_loan'] });
    assert.equal(checkAnswer(byId('STAB-001'), { value: 'maybe' }).ok, false);
    assert.equal(checkAnswer(byId('BUILD-005'), {}).ok, false);
    assert.deepEqual(checkAnswer(byId('BUILD-005'), null, true), { ok: true, value: null });
  });

  test('scores: best answers score 100, the weakest phase is the focus, DISC by majority', () => {
    const answers = SEED_QUESTIONS.map((q) => ({
      questionId: q.id,
      notApplicable: false,
      value: q.type === 'scale' ? (q.section === 'grow' ? 1 : 5) : (q.options[0]?.value ?? 'text'),
    }));
    const s = scoreAssessment([...SEED_QUESTIONS], answers);
    assert.equal(s.sections.find((x) => x.section === 'stabilize')?.score, 100);
    assert.equal(s.focusPhase, 'grow');
    assert.equal(s.disc, 'Dominance');
  });

  test('download links expire and cannot be forged', () => {
    const key = Buffer.alloc(32, 7);
    const { expires, signature } = signLink(key, 'r1', 1000);
    assert.equal(linkIsValid(key, 'r1', expires, signature, 1000), true);
    assert.equal(linkIsValid(key, 'r2', expires, signature, 1000), false);
    assert.equal(linkIsValid(key, 'r1', expires, signature, 1000 + LINK_TTL_MS + 1), false);
  });

  test('CORS allows the web origin and its localhost twin only', () => {
    assert.deepEqual([...allowedOrigins('http://127.0.0.1:5173')], ['http://127.0.0.1:5173', 'http://localhost:5173']);
  });
});
