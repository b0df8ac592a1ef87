import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKS } from '../config/checks.ts';

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
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRODUCER_DIRS = ['src', 'tests', 'perf', 'load'];
// src/platforms/local/environment.ts waives by id what the sandbox cannot offer (plain http: no TLS).
const NOT_PRODUCERS = ['src/evidence/', 'tests/dependencies.ts', 'src/orchestrator/', 'src/doctor/', 'src/platforms/local/environment.ts'];

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
  const orchestrator = CHECKS.filter((c) => c.owner === 'orchestrator').map((c) => c.id).sort();
  assert.deepEqual(orchestrator, [
    'fc.deploy.backend', 'fc.deploy.frontend', 'fc.deploy.tasks', 'fc.pre.db-snapshot',
    'fr.deploy.backend', 'fr.deploy.cdn', 'fr.deploy.db-snapshot', 'fr.deploy.frontend',
  ]);
  const data = CHECKS.filter((c) => c.rollbackMeaning === 'data').map((c) => c.id).sort();
  assert.deepEqual(data, ['fc.deploy.migrations', 'fc.deploy.schema', 'fr.deploy.migrations', 'fr.deploy.schema', 'fr.deploy.seed']);
});

for (const def of CHECKS.filter((c) => c.owner === 'gate')) {
  test(`catalogue: ${def.id} is produced, written in full, in exactly one file`, () => {
    const found = producers.filter((f) => quoted(def.id).test(f.text)).map((f) => f.file);
    assert.equal(found.length, 1, found.length === 0
      ? `no file under ${PRODUCER_DIRS.join('/, ')}/ writes '${def.id}': a producer must write the id in full (no \`\${prefix}.x\`)`
      : `'${def.id}' is written in several producer files (${found.join(', ')}): keep one producer, or teach this test why`);
  });
}
