import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKS, checksFor, type CheckDef } from '../config/checks.ts';
import { PHASES, type AppId, type Phase } from '../src/core/types.ts';
import { PHASE_MEASURES } from '../src/gate/phase-runners.ts';
import { fillMissing, orderByPlan, phasePlan } from '../src/gate/completeness.ts';
import { measureTogether } from '../src/checks/registry.ts';
import { assertThat } from '../src/core/assertions.ts';
import { checkResult } from '../src/checks/result.ts';

/**
 * config/checks.ts is the one source of truth for check ids, and every id is written out in
 * full where it is produced, so `grep -rn "fr.perf.api" config src tests perf load` finds the
 * catalogue line and the code that makes the result.
 *
 * The rule this test holds:
 * - every id is in the catalogue once, and its `fr.` / `fc.` prefix matches its app;
 * - every id owned by the `gate` appears as a quoted literal ('fr.perf.api', "..." or `...`)
 *   in exactly ONE producer file. Producer files are the .ts files under src/, tests/, perf/
 *   and load/, except the reporters (src/evidence/), which read ids to display them and never
 *   produce a result, tests/dependencies.ts, which names prerequisites between checks, the
 *   orchestrator's plans (src/orchestrator/), which ask the gate to run checks by id, and the
 *   contract doctor (src/doctor/), which names the check a mismatch would fail, and the local
 *   environment (src/platforms/local/environment.ts), which waives checks by id. Comments are stripped first: an id named in a comment does not count;
 * - ids owned by the `orchestrator` are exempt: a deploy step produces them (CHECKS.md
 *   "Owners and additions"), and that step may not exist yet.
 *
 * Below them, the catalogue as the run plan: `checksFor` is what a phase runs; every gate-owned
 * id has exactly one measure (an area's registry, or a smoke id's Playwright test); every
 * registered id is a catalogue id of the registry's phase; no id is built from a prefix; and
 * every quoted id-looking string is a catalogue id.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRODUCER_DIRS = ['src', 'tests', 'perf', 'load'];
// src/platforms/local/environment.ts waives by id what the sandbox cannot offer (plain http: no TLS).
const NOT_PRODUCERS = ['src/evidence/', 'tests/dependencies.ts', 'src/orchestrator/', 'src/doctor/', 'src/platforms/local/environment.ts', 'src/watch/']; // src/watch/ re-runs ids the areas produce (its light-check list names them)

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Comments name ids in backticks (`fr.smoke.registration`): only code counts. */
const withoutComments = (source: string): string => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');

const producers = PRODUCER_DIRS.flatMap((d) => tsFiles(join(ROOT, d)))
  .map((abs) => ({ file: relative(ROOT, abs).split('\\').join('/'), text: withoutComments(readFileSync(abs, 'utf8')) }))
  .filter((f) => !NOT_PRODUCERS.some((prefix) => f.file.startsWith(prefix)));

const quoted = (id: string) => new RegExp(`['"\`]${id.replace(/[.]/g, '\\.')}['"\`]`);

test('catalogue: no id is listed twice', () => {
  const seen = new Set<string>();
  const dupes = CHECKS.filter((c) => (seen.has(c.id) ? true : (seen.add(c.id), false))).map((c) => c.id);
  assert.deepEqual(dupes, []);
});

test('catalogue: each id starts with its app prefix', () => {
  const wrong = CHECKS.filter((c) => !c.id.startsWith(c.app === 'financial-rise' ? 'fr.' : 'fc.')).map((c) => c.id);
  assert.deepEqual(wrong, []);
});

test('catalogue: orchestrator ownership and data meaning are as CHECKS.md "Owners and additions" says', () => {
  const orchestrator = CHECKS.filter((c) => c.owner === 'orchestrator')
    .map((c) => c.id)
    .sort();
  assert.deepEqual(orchestrator, [
    'fc.deploy.backend',
    'fc.deploy.frontend',
    'fc.deploy.tasks',
    'fc.pre.db-snapshot',
    'fr.deploy.backend',
    'fr.deploy.cdn',
    'fr.deploy.db-snapshot',
    'fr.deploy.frontend',
  ]);
  const data = CHECKS.filter((c) => c.rollbackMeaning === 'data')
    .map((c) => c.id)
    .sort();
  assert.deepEqual(data, ['fc.deploy.migrations', 'fc.deploy.schema', 'fr.deploy.migrations', 'fr.deploy.schema', 'fr.deploy.seed']);
});

for (const def of CHECKS.filter((c) => c.owner === 'gate')) {
  test(`catalogue: ${def.id} is produced, written in full, in exactly one file`, () => {
    const found = producers.filter((f) => quoted(def.id).test(f.text)).map((f) => f.file);
    assert.equal(
      found.length,
      1,
      found.length === 0
        ? `no file under ${PRODUCER_DIRS.join('/, ')}/ writes '${def.id}': a producer must write the id in full (no \`\${prefix}.x\`)`
        : `'${def.id}' is written in several producer files (${found.join(', ')}): keep one producer, or teach this test why`,
    );
  });
}

// --- The catalogue is the run plan: which ids a phase runs is `checksFor`, each area only
// registers measures (full id -> measure), and nothing builds an id from a prefix.

const FR: AppId = 'financial-rise';
const FC: AppId = 'flowcomply';
const ids = (defs: readonly CheckDef[]) => defs.map((c) => c.id);

test('checksFor: the gate-owned rows of one app and phase, in catalogue order', () => {
  const table: Array<[AppId, Phase, string[]]> = [
    // Every deploy-phase row is a step of the orchestrator: the gate runs none of its own accord.
    [FR, 'deploy', []],
    [FC, 'deploy', []],
    // fr.deploy.backend-logs is judged in the monitoring phase; its id keeps the runbook's phase.
    [FR, 'monitoring', ['fr.deploy.backend-logs', 'fr.mon.alarms', 'fr.mon.logs', 'fr.mon.uptime', 'fr.mon.error-rate', 'fr.mon.slowdown']],
    [
      FC,
      'monitoring',
      ['fc.mon.alarms', 'fc.mon.log-errors', 'fc.mon.alb-p95', 'fc.mon.error-rate', 'fc.mon.ecs-util', 'fc.mon.rds-connections', 'fc.mon.redis-hit-rate'],
    ],
    [FR, 'db', ['fr.deploy.migrations', 'fr.deploy.schema', 'fr.deploy.seed']],
    [FC, 'db', ['fc.deploy.migrations', 'fc.deploy.schema']],
    [FR, 'perf', ['fr.perf.lighthouse', 'fr.perf.api']],
    [FC, 'perf', ['fc.perf.lighthouse']],
    [FR, 'load', ['fr.load.k6']],
    [FC, 'load', ['fc.load.k6']],
    [
      FC,
      'pre',
      ['fc.pre.staging-health', 'fc.pre.staging-smoke', 'fc.pre.release-tag', 'fc.pre.infra', 'fc.pre.tls', 'fc.pre.dns', 'fc.pre.secrets', 'fc.pre.ses'],
    ],
  ];
  for (const [app, phase, expected] of table) assert.deepEqual(ids(checksFor(app, phase)), expected, `${app} ${phase}`);
  assert.equal(checksFor(FR, 'smoke').length, 13);
  assert.equal(checksFor(FC, 'smoke').length, 13);
});

test('checksFor: together they return each gate-owned row once and no orchestrator-owned row', () => {
  const all = (['financial-rise', 'flowcomply'] as const).flatMap((app) => PHASES.flatMap((phase) => ids(checksFor(app, phase))));
  assert.deepEqual([...all].sort(), ids(CHECKS.filter((c) => c.owner === 'gate')).sort());
});

test('phasePlan: a gate run owes only gate-owned ids; a deploy step owes exactly the ids it asked for', () => {
  assert.deepEqual(ids(phasePlan(FR, 'deploy')), []);
  assert.deepEqual(ids(phasePlan(FC, 'deploy', ['fc.deploy.tasks'])), ['fc.deploy.tasks']);
  assert.deepEqual(ids(phasePlan(FR, 'monitoring', ['fr.deploy.backend-logs'])), ['fr.deploy.backend-logs']);
  // What no runner produced is an error naming the gap; results outside the plan are dropped.
  const at = new Date('2026-12-04T10:00:00Z');
  const planned = phasePlan(FR, 'monitoring', ['fr.mon.alarms', 'fr.mon.uptime']);
  const stray = checkResult('fr.mon.logs', { status: 'pass', message: 'not asked for', startedAt: at, durationMs: 0 });
  const uptime = checkResult('fr.mon.uptime', {
    status: 'pass',
    message: 'ok',
    assertions: [assertThat('status page', 'up', '==', 'up')],
    startedAt: at,
    durationMs: 0,
  });
  const filled = fillMissing(planned, orderByPlan(planned, [stray, uptime]), at, () => 'no result');
  assert.deepEqual(
    filled.map((r) => `${r.id} ${r.status}`),
    ['fr.mon.uptime pass', 'fr.mon.alarms error'],
  );
});

/** Ids a Playwright test declares (`checkDetails('fr.smoke.health')`), per file, comments stripped. */
function suiteIds(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const abs of tsFiles(join(ROOT, 'tests'))) {
    if (!abs.endsWith('.spec.ts')) continue;
    const file = relative(ROOT, abs).split('\\').join('/');
    for (const m of withoutComments(readFileSync(abs, 'utf8')).matchAll(/checkDetails\(\s*['"`]([^'"`]+)['"`]/g))
      found.set(m[1]!, [...(found.get(m[1]!) ?? []), file]);
  }
  return found;
}

/**
 * What is wrong between the catalogue and the measures: a gate-owned id nothing measures, an id
 * measured twice, a registered id the catalogue does not have or that sits in another phase's
 * registry (its runner would never be asked for it).
 */
function registryProblems(catalogue: readonly CheckDef[], registries: Partial<Record<Phase, readonly string[]>>, bySuite: Map<string, string[]>): string[] {
  const problems: string[] = [];
  const byId = new Map(catalogue.map((c) => [c.id, c]));
  for (const [phase, registered] of Object.entries(registries) as [Phase, string[]][]) {
    for (const id of registered) {
      const def = byId.get(id);
      if (!def) problems.push(`${id}: registered in the ${phase} measures but not in the catalogue`);
      else if (def.phase !== phase) problems.push(`${id}: registered in the ${phase} measures, but the catalogue runs it in ${def.phase}`);
    }
  }
  for (const [id, files] of bySuite) {
    const def = byId.get(id);
    if (!def) problems.push(`${id}: a Playwright test (${files.join(', ')}) declares it, but it is not in the catalogue`);
    else if (def.phase !== 'smoke') problems.push(`${id}: a Playwright test declares it, but the catalogue runs it in ${def.phase}`);
  }
  for (const def of catalogue.filter((c) => c.owner === 'gate')) {
    const measures = (registries[def.phase]?.filter((id) => id === def.id).length ?? 0) + (def.phase === 'smoke' ? (bySuite.get(def.id)?.length ?? 0) : 0);
    if (measures === 0) problems.push(`${def.id}: gate-owned, but no measure is registered for it (${def.phase} phase)`);
    if (measures > 1) problems.push(`${def.id}: measured ${measures} times (registry and/or Playwright tests)`);
  }
  return problems;
}

test('every gate-owned id has exactly one measure, every registered id is a catalogue id of its phase', async () => {
  const registries = Object.fromEntries(await Promise.all(PHASES.map(async (p) => [p, Object.keys(await PHASE_MEASURES[p]())] as const)));
  assert.deepEqual(registryProblems(CHECKS, registries, suiteIds()), []);
});

test('the registry check rejects an unmeasured id, a stray id, a misplaced id and a double measure', () => {
  const row = (id: string, phase: Phase, owner: CheckDef['owner'] = 'gate'): CheckDef => ({
    id,
    app: FR,
    phase,
    severity: 'major',
    owner,
    rollbackMeaning: 'code',
    title: id,
    runbookRef: '-',
  });
  const catalogue = [row('fr.mon.a', 'monitoring'), row('fr.mon.b', 'monitoring'), row('fr.smoke.c', 'smoke'), row('fr.deploy.d', 'deploy', 'orchestrator')];
  const problems = registryProblems(
    catalogue,
    { monitoring: ['fr.mon.a', 'fr.mon.typo'], db: ['fr.mon.b'], smoke: ['fr.smoke.c'] },
    new Map([['fr.smoke.c', ['tests/x.spec.ts']]]),
  );
  assert.deepEqual(problems, [
    'fr.mon.typo: registered in the monitoring measures but not in the catalogue',
    'fr.mon.b: registered in the db measures, but the catalogue runs it in monitoring',
    'fr.mon.b: gate-owned, but no measure is registered for it (monitoring phase)',
    'fr.smoke.c: measured 2 times (registry and/or Playwright tests)',
  ]);
});

test('a phase asked for an id its area has no measure for gives an error naming the gap, not a skip', async () => {
  const now = () => new Date('2026-12-04T10:00:00Z');
  const [r] = await measureTogether({}, ['fr.mon.alarms'], undefined, { now }, 'the test area');
  assert.equal(r!.status, 'error');
  assert.equal(r!.cause, 'gate');
  assert.match(r!.message, /no measure for fr\.mon\.alarms is registered in the test area/);
});

/** Source files the id rules below read: product code and data, comments stripped. */
const ID_DIRS = ['src', 'config', 'tests', 'perf', 'load'];
const sources = ID_DIRS.flatMap((d) => tsFiles(join(ROOT, d))).map((abs) => ({
  file: relative(ROOT, abs).split('\\').join('/'),
  text: withoutComments(readFileSync(abs, 'utf8')),
}));

/** `${prefix}.smoke.login`, `${p}.deploy.` ...: an id built from a prefix, which no grep finds and no catalogue checks. */
const BUILT_ID = /\$\{[^}]*\}\.(smoke|perf|load|mon|db|pre|deploy|orch)\./;
/** A quoted string that looks like a check id (`'fr.smoke.health'`, `"fc.smoke.health:s3"`, `` `fr.smoke.health#answers` ``). */
const QUOTED_ID = /['"`](f[rc]\.(?:pre|deploy|smoke|perf|load|mon|db)\.[a-z0-9-]+)(?=['"`:#])/g;

test('no check id is built from a prefix anywhere in src/, config/, tests/, perf/, load/', () => {
  // The strings below are source text the rule reads, not templates to fill in.
  // biome-ignore-start lint/suspicious/noTemplateCurlyInString: source text under test
  assert.ok(BUILT_ID.test('routeFinding(app.app, 404, `${app.profile.prefix}.smoke.login`)'), "the rule must catch the doctor's old hint");
  assert.ok(BUILT_ID.test('`waive the ${ctx.profile.prefix}.deploy.* checks`'));
  assert.ok(!BUILT_ID.test('`${ctx.app}.mail`'));
  // biome-ignore-end lint/suspicious/noTemplateCurlyInString: source text under test
  const built = sources.flatMap((f) =>
    f.text
      .split('\n')
      .map((line, i) => ({ where: `${f.file}:${i + 1}`, line }))
      .filter((l) => BUILT_ID.test(l.line))
      .map((l) => `${l.where}: ${l.line.trim()}`),
  );
  assert.deepEqual(built, [], 'write the id in full (a table keyed by app, or the catalogue), so grep finds it and the catalogue checks it');
});

test('every quoted id-looking string in src/, config/, tests/, perf/, load/ is a catalogue id', () => {
  const known = new Set(CHECKS.map((c) => c.id));
  const strays = (text: string) => [...text.matchAll(QUOTED_ID)].map((m) => m[1]!).filter((id) => !known.has(id));
  assert.deepEqual(
    strays("hint: `or waive \"fr.smoke.login\"`, 'fc.smoke.health:s3', 'fr.orch.gate'"),
    ['fr.smoke.login'],
    'the rule must catch an id the catalogue does not have',
  );
  const found = sources.flatMap((f) => strays(f.text).map((id) => `${f.file}: ${id}`));
  assert.deepEqual(found, [], 'name only catalogue ids (config/checks.ts)');
});
