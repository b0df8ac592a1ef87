/**
 * Dependencies between smoke checks (tests/dependencies.ts): a check behind a failed
 * prerequisite is skipped naming the check that really failed; the data names only catalogue
 * ids, has no cycle, and every prerequisite runs before its dependents (Playwright runs spec
 * files in name order, tests in a file top to bottom).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockedBy, mentionedIds, PREREQUISITES, skipMessage, type Outcome } from '../tests/dependencies.ts';
import { checkDef } from '../config/checks.ts';

const o = (entries: Record<string, Outcome>) => new Map(Object.entries(entries));

const ROWS: Array<[string, string, Record<string, Outcome>, string | undefined]> = [
  [
    'login failed -> me skipped naming it',
    'fc.smoke.me',
    { 'fc.smoke.health': { status: 'pass' }, 'fc.smoke.login': { status: 'fail' } },
    'skipped: prerequisite fc.smoke.login failed',
  ],
  [
    'health failed, app not ready -> login skipped naming it',
    'fc.smoke.login',
    { 'fc.smoke.health': { status: 'fail', steps: { ready: false } } },
    'skipped: prerequisite fc.smoke.health failed at its ready step',
  ],
  [
    'health failed, login skipped -> me names health, via login',
    'fc.smoke.me',
    { 'fc.smoke.health': { status: 'fail', steps: { ready: false } }, 'fc.smoke.login': { status: 'skipped' } },
    'skipped: prerequisite fc.smoke.health failed at its ready step (via fc.smoke.login)',
  ],
  [
    'health failed on a body that differs from the contract, app ready -> login runs',
    'fc.smoke.login',
    { 'fc.smoke.health': { status: 'fail', steps: { ready: true } } },
    undefined,
  ],
  ['everything passed -> runs', 'fc.smoke.me', { 'fc.smoke.health': { status: 'pass' }, 'fc.smoke.login': { status: 'pass' } }, undefined],
  ['prerequisite not run yet -> runs', 'fc.smoke.me', {}, undefined],
  ['no prerequisite -> runs', 'fc.smoke.frontend', { 'fc.smoke.health': { status: 'fail' } }, undefined],
  [
    'registration failed at login -> Smoke 4 skipped',
    'fr.smoke.assessment-create',
    { 'fr.smoke.health': { status: 'pass' }, 'fr.smoke.registration': { status: 'fail', steps: { login: false } } },
    'skipped: prerequisite fr.smoke.registration failed at its login step',
  ],
  [
    'registration failed before login (email) -> Smoke 4 runs',
    'fr.smoke.assessment-create',
    { 'fr.smoke.health': { status: 'pass' }, 'fr.smoke.registration': { status: 'fail', steps: {} } },
    undefined,
  ],
  [
    'admin routes missing (404 for the admin) -> security-authz skipped naming Smoke 7',
    'fr.smoke.security-authz',
    { 'fr.smoke.health': { status: 'pass' }, 'fr.smoke.admin': { status: 'fail', steps: { routes: false } } },
    'skipped: prerequisite fr.smoke.admin failed at its routes step',
  ],
  [
    'admin refused (403), routes exist -> security-authz runs',
    'fr.smoke.security-authz',
    { 'fr.smoke.health': { status: 'pass' }, 'fr.smoke.admin': { status: 'fail', steps: { routes: true } } },
    undefined,
  ],
  [
    'Smoke 7 skipped behind the login -> security-authz runs (nothing known about the routes)',
    'fr.smoke.security-authz',
    { 'fr.smoke.health': { status: 'pass' }, 'fr.smoke.admin': { status: 'skipped' } },
    undefined,
  ],
  [
    'queues route missing for the admin -> fc security-authz skipped naming 5.4',
    'fc.smoke.security-authz',
    { 'fc.smoke.health': { status: 'pass', steps: { ready: true } }, 'fc.smoke.queues': { status: 'fail', steps: { routes: false } } },
    'skipped: prerequisite fc.smoke.queues failed at its routes step',
  ],
  [
    'registration failed, login held -> Smoke 7 runs',
    'fr.smoke.admin',
    { 'fr.smoke.health': { status: 'pass' }, 'fr.smoke.registration': { status: 'fail', steps: { login: true } } },
    undefined,
  ],
  [
    'Smoke 4 skipped behind the login -> Smoke 5 names registration',
    'fr.smoke.assessment-complete',
    { 'fr.smoke.registration': { status: 'fail', steps: { login: false } }, 'fr.smoke.assessment-create': { status: 'skipped' } },
    'skipped: prerequisite fr.smoke.registration failed at its login step (via fr.smoke.assessment-create)',
  ],
  [
    'Smoke 5 failed -> Smoke 6 skipped naming it',
    'fr.smoke.reports',
    { 'fr.smoke.assessment-complete': { status: 'fail' } },
    'skipped: prerequisite fr.smoke.assessment-complete failed',
  ],
];
for (const [name, id, outcomes, expected] of ROWS) {
  test(name, () => {
    const blocker = blockedBy(id, o(outcomes));
    assert.equal(blocker && skipMessage(blocker), expected);
  });
}

test('the dependency data names only catalogue smoke checks of the same app, without cycles', () => {
  for (const id of mentionedIds()) assert.equal(checkDef(id).phase, 'smoke', id);
  for (const [id, list] of Object.entries(PREREQUISITES)) {
    for (const p of list) assert.equal(checkDef(p.split('#')[0]).app, checkDef(id).app, `${id} -> ${p}`);
  }
  const visit = (id: string, path: string[]): void => {
    assert.ok(!path.includes(id), `cycle: ${[...path, id].join(' -> ')}`);
    for (const p of PREREQUISITES[id] ?? []) visit(p.split('#')[0], [...path, id]);
  };
  for (const id of Object.keys(PREREQUISITES)) visit(id, []);
});

test('every prerequisite runs before its dependents (file name order, then order in the file)', () => {
  for (const app of ['financial-rise', 'flowcomply']) {
    const dir = join('tests', app);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.spec.ts'))
      .sort((a, b) => a.localeCompare(b));
    const order = files.flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/checkDetails\('([^']+)'\)/g)].map((m) => m[1]));
    for (const id of order) {
      for (const p of PREREQUISITES[id] ?? []) {
        const pid = p.split('#')[0];
        assert.ok(order.indexOf(pid) >= 0 && order.indexOf(pid) < order.indexOf(id), `${pid} must run before ${id} (run order: ${order.join(', ')})`);
      }
    }
  }
});
