/**
 * Dependencies point one way (STYLE habit 13, ARCHITECTURE "Import directions"): every
 * relative import in the project is checked against the allow-list below, and each edge it
 * does not permit is listed as file:line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { checkImportDirections, formatViolation, importsOf, readSources, unitOf, type Deps } from './fixtures/import-graph.ts';

/**
 * Who may import whom. Keys are units: `src/<area>` (`src/platforms/<name>`), a top-level
 * folder, or a root file; `src/*` is the rule of every src area without its own entry.
 * A unit may always import itself. Patterns: a unit, `src/*` (any src area), `*` (anything).
 */
const DEPS: Deps = {
  // --- product code: never tests/; sandbox/ only through the local platform
  'src/core': [], // types, assertions, random secrets: nothing of ours
  'src/platforms/local': ['src/*', 'sandbox'], // the ONLY importer of sandbox/ in src/ and config/
  // Checks measure through the edges and never reach back into what runs or judges them (gate,
  // verdict, orchestrator, cli); the staging check reads earlier run folders (evidence paths).
  'src/checks': ['src/core', 'src/config', 'src/aws', 'src/db', 'src/http', 'src/mail', 'src/host', 'src/apps', 'src/evidence', 'config', 'load', 'perf'], // the embedded load engine runs load/lib/mix.ts; Lighthouse runs perf/
  'src/config': ['src/*', 'config', 'load'], // profiles name the load mix (load/lib/mix.ts)
  'src/*': ['src/*', 'config'],
  config: ['src/core', 'src/config'], // the catalogue, profiles and environments are data over core and config types
  // --- runners and harness
  load: [], // k6 scripts run inside k6: load/ only
  perf: ['src/*', 'config'],
  tests: ['src/*', 'config'], // suites use src/apps (clients, suite context), src/mail, src/core
  // The reference deployments use the product's types and edges, never its judgement (gate,
  // checks, verdict, evidence) nor the platform adapter that wraps them (a cycle):
  //   src/core   types, generatePassword          src/config  environment shape (AppAws, ...)
  //   src/aws    SDK client factory (seeding moto) src/host    PROJECT_ROOT, which-tool
  sandbox: ['src/core', 'src/config', 'src/aws', 'src/host'],
  scripts: ['src/*', 'config', 'sandbox'], // bench drives the sandbox and the CLI
  bin: ['src/cli'],
  'playwright.config.ts': ['src/*', 'config', 'tests'],
  selftest: ['*'], // the project's own tests may reach anything, sandbox/ included
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHECKED = ['config', 'src', 'tests', 'perf', 'load', 'sandbox', 'scripts', 'bin', 'selftest', 'playwright.config.ts'];

test('every import in the project follows the allowed directions', () => {
  const files = readSources(ROOT, CHECKED);
  assert.ok(files.length > 100, `only ${files.length} source files found under ${ROOT}: is the walker broken?`);
  const adapter = files.find((f) => f.path === 'src/platforms/local/index.ts');
  assert.ok(adapter && importsOf(adapter).some((e) => e.target.startsWith('sandbox/')), 'the parser must see the local platform importing sandbox/');
  const units = new Set(files.map((f) => unitOf(f.path)));
  const stale = Object.keys(DEPS).filter((k) => k !== 'src/*' && !units.has(k));
  assert.deepEqual(stale, [], `DEPS names units with no files: ${stale.join(', ')}`);
  const violations = checkImportDirections(files, DEPS);
  assert.equal(violations.length, 0, `forbidden imports (see DEPS in selftest/import-directions.test.ts):\n${violations.map(formatViolation).join('\n')}`);
});

test('the checker catches each kind of forbidden edge, with file and line', () => {
  const files = [
    { path: 'src/core/types.ts', source: "import type { Plan } from '../gate/plan.ts';\nexport type X = 1;\n" },
    { path: 'src/gate/run.ts', source: "import { a } from '../core/types.ts';\n\nimport { up } from '../../sandbox/control.ts';\n" },
    { path: 'src/cleanup/x.ts', source: "import {\n  FinancialRiseApi,\n} from '../../tests/fixtures/api/client.ts';\n" },
    { path: 'src/cli/y.ts', source: "// import { x } from '../../tests/old.ts';\n/**\n * import('../../sandbox/doc.ts')\n */\nconst m = await import('../../sandbox/faults.ts');\n" },
    { path: 'config/environments/local.ts', source: "export { state } from '../../sandbox/state.ts';\n" },
    { path: 'load/flowcomply.ts', source: "import { mix } from './lib/mix.ts';\nimport '../src/core/types.ts';\n" },
    { path: 'sandbox/faults.ts', source: "import { decide } from '../src/verdict/decide.ts';\nimport type { AppId } from '../src/core/types.ts';\n" },
    { path: 'src/platforms/local/index.ts', source: "import { sandboxUp } from '../../../sandbox/control.ts';\nimport type { AppId } from '../../core/types.ts';\n" },
    { path: 'tests/flowcomply/health.spec.ts', source: "import { FlowComplyApi } from '../../src/apps/flowcomply/client.ts';\nimport { x } from 'k6/http';\n" },
    { path: 'src/cli.ts', source: "import { main } from './cli/run.ts';\nimport { y } from '../../elsewhere.ts';\n" },
  ];
  const found = checkImportDirections(files, DEPS).map(formatViolation);
  assert.deepEqual(found, [
    "config/environments/local.ts:1: config may not import sandbox ('../../sandbox/state.ts')",
    "load/flowcomply.ts:2: load may not import src/core ('../src/core/types.ts')",
    "sandbox/faults.ts:1: sandbox may not import src/verdict ('../src/verdict/decide.ts')",
    "src/cleanup/x.ts:3: src/cleanup may not import tests ('../../tests/fixtures/api/client.ts')",
    "src/cli.ts:2: src/cli may not import (outside the project) ('../../elsewhere.ts')",
    "src/cli/y.ts:5: src/cli may not import sandbox ('../../sandbox/faults.ts')",
    "src/core/types.ts:1: src/core may not import src/gate ('../gate/plan.ts')",
    "src/gate/run.ts:3: src/gate may not import sandbox ('../../sandbox/control.ts')",
  ]);
});
