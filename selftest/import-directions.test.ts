/**
 * Dependencies point one way (STYLE habit 13, ARCHITECTURE "Import directions"): every
 * relative import in the project is checked against the allow-list below, and each edge it
 * does not permit is listed as file:line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkImportDirections, findCycles, formatViolation, importsOf, readSources, unitOf, type Deps } from './fixtures/import-graph.ts';

/**
 * Who may import whom: one entry per unit (`src/<area>`, `src/platforms/<name>`, a top-level
 * folder, a root file), each listing what it builds on. A unit may always import itself; a
 * unit without an entry may import nothing else. Patterns: a unit, `src/*` (any src area),
 * `*` (anything), or one file (`src/aws/access.ts`: that file, not its whole area).
 * Read bottom-up: core <- edges (host, http, aws, db, mail) <- config <- apps <- checks <- gate
 * <- orchestrator <- cli; verdict and evidence sit beside the gate; the doctor and cleanup are
 * CLI features over the edges.
 */
const DEPS: Deps = {
  // --- the product: src/
  'src/core': [], // types, assertions, the gate-credential error, random secrets: nothing of ours
  'src/host': ['src/core'], // this machine: tools, processes, PROJECT_ROOT
  'src/http': ['src/core', 'src/config/app-profile.ts'], // the wire; the request budget reads the profile's rate-limit types
  'src/aws': ['src/core'],
  'src/db': ['src/core'],
  'src/config': ['src/core', 'src/host', 'config', 'load'], // pure: profiles name the load mix (load/lib/mix.ts); PROJECT_ROOT finds environments/
  'src/mail': ['src/core', 'src/config', 'src/http'],
  'src/apps': ['src/core', 'src/config', 'src/http', 'config'], // typed API clients and the suite context (profiles)
  // Checks measure through the edges and never reach back into what runs or judges them (gate,
  // verdict, orchestrator, cli); the staging check reads earlier run folders (one evidence file).
  'src/checks': [
    'src/core',
    'src/config',
    'src/aws',
    'src/db',
    'src/http',
    'src/mail',
    'src/apps',
    'src/host',
    'src/evidence/run-folder.ts',
    'src/verdict/metric-criteria.ts',
    'config',
    'load',
    'perf',
  ], // the production traffic checks judge by the verdict's own rollback bands (one pure rule for load and CloudWatch); the embedded load engine runs load/lib/mix.ts; Lighthouse runs perf/
  'src/verdict': ['src/core', 'src/config', 'config'], // decides from results and the catalogue
  'src/evidence': [
    'src/core',
    'src/verdict',
    'src/config',
    'config',
    'src/orchestrator/rollback-target.ts',
    'src/orchestrator/rollback-command.ts',
    'src/orchestrator/history.ts',
  ], // writes the run folder and the verdict's reports; the report renders the catalogue, checklists and procedures (data) and the rollback target the orchestrator would choose (pure files, no circle)
  'src/gate': ['src/core', 'src/config', 'src/checks', 'src/verdict', 'src/evidence', 'src/host', 'src/http', 'src/aws/access.ts', 'config'], // runs the checks, judges, records
  'src/platforms': ['src/core', 'src/evidence/journal/schema.ts'], // the Platform contract; a step's outcome is a journal record
  'src/platforms/aws': ['src/core', 'src/config', 'src/aws', 'src/platforms'],
  'src/platforms/local': ['src/core', 'src/config', 'src/platforms', 'sandbox'], // the ONLY importer of sandbox/ in src/ and config/
  'src/orchestrator': [
    'src/core',
    'src/config',
    'src/gate',
    'src/verdict',
    'src/evidence',
    'src/host',
    'src/platforms',
    'src/platforms/aws',
    'src/platforms/local',
    'src/aws/clients.ts',
    'config',
  ],
  'src/watch': ['src/core', 'src/config', 'src/checks', 'src/evidence', 'src/gate', 'src/host', 'src/verdict', 'config'], // re-runs the gate's light checks on a cadence; never deploys or rolls back
  'src/cleanup': ['src/core', 'src/config', 'src/apps', 'src/http'], // finds and deletes the gate's leftovers through the API clients
  'src/doctor': ['src/core', 'src/config', 'config', 'src/host', 'src/http', 'src/apps', 'src/aws', 'src/db', 'src/mail', 'src/checks/db/run.ts'], // probes the contract with the edges (and the db check's reader)
  'src/cli': ['src/*', 'config'], // parses and prints: may call any area, never sandbox/ directly (through src/platforms/local)
  // --- data and runners that ship
  config: ['src/core', 'src/config'], // the catalogue, profiles and environments are data over core and config types
  load: [], // k6 scripts run inside k6: load/ only
  perf: ['src/core', 'src/config'],
  tests: ['src/core', 'src/config', 'src/apps', 'src/http', 'src/mail', 'src/checks', 'src/verdict', 'config'], // suites use the API clients, mail, security helpers; the reporter maps results
  // --- reference apps: the product's types and edges, never its judgement (gate, checks,
  // verdict, evidence) nor the platform adapter that wraps them (a cycle):
  //   src/core   types, generatePassword          src/config  environment shape (AppAws, ...)
  //   src/aws    SDK client factory (seeding moto) src/host    PROJECT_ROOT, which-tool
  sandbox: ['src/core', 'src/config', 'src/aws', 'src/host'],
  // --- tooling and postflight's own tests
  scripts: ['src/*', 'config', 'sandbox'], // bench drives the sandbox and the CLI
  bin: ['src/cli'],
  'playwright.config.ts': ['src/host', 'tests'],
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
  const stale = Object.keys(DEPS).filter((k) => !units.has(k));
  assert.deepEqual(stale, [], `DEPS names units with no files: ${stale.join(', ')}`);
  const unruled = [...units].filter((u) => !(u in DEPS)).sort();
  assert.deepEqual(unruled, [], `units without an entry in DEPS (say what each may import): ${unruled.join(', ')}`);
  const violations = checkImportDirections(files, DEPS);
  assert.equal(violations.length, 0, `forbidden imports (see DEPS in selftest/import-directions.test.ts):\n${violations.map(formatViolation).join('\n')}`);
});

test('the checker catches each kind of forbidden edge, with file and line', () => {
  const files = [
    { path: 'src/core/types.ts', source: "import type { Plan } from '../gate/plan.ts';\nexport type X = 1;\n" },
    { path: 'src/gate/run.ts', source: "import { a } from '../core/types.ts';\n\nimport { up } from '../../sandbox/control.ts';\n" },
    { path: 'src/cleanup/x.ts', source: "import {\n  FinancialRiseApi,\n} from '../../tests/fixtures/api/client.ts';\n" },
    {
      path: 'src/cli/y.ts',
      source: "// import { x } from '../../tests/old.ts';\n/**\n * import('../../sandbox/doc.ts')\n */\nconst m = await import('../../sandbox/faults.ts');\n",
    },
    { path: 'config/environments/local.ts', source: "export { state } from '../../sandbox/state.ts';\n" },
    { path: 'load/flowcomply.ts', source: "import { mix } from './lib/mix.ts';\nimport '../src/core/types.ts';\n" },
    { path: 'sandbox/faults.ts', source: "import { decide } from '../src/verdict/decide.ts';\nimport type { AppId } from '../src/core/types.ts';\n" },
    {
      path: 'src/platforms/local/index.ts',
      source: "import { sandboxUp } from '../../../sandbox/control.ts';\nimport type { AppId } from '../../core/types.ts';\n",
    },
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

/**
 * One rejected edge per rule (the circles cut in issue 14 among them), and edges the same rules
 * allow beside them, so each entry of DEPS is shown to forbid something and permit its own.
 */
const REJECTED: ReadonlyArray<readonly [file: string, specifier: string]> = [
  ['src/core/types.ts', '../gate/plan.ts'],
  ['src/host/tools.ts', '../config/load.ts'],
  ['src/http/client.ts', '../apps/suite-context.ts'],
  ['src/aws/metrics.ts', '../checks/aws/alarm-rules.ts'],
  ['src/db/pool.ts', '../checks/db/rules.ts'],
  ['src/config/load.ts', '../platforms/local/index.ts'], // config is pure: the CLI passes the sandbox's environment in
  ['src/mail/inbox.ts', '../apps/logged-in.ts'],
  ['src/apps/logged-in.ts', '../gate/credentials.ts'], // the credential error lives in core
  ['src/checks/http/staging.ts', '../../evidence/journal/file.ts'], // of evidence, only run-folder.ts
  ['src/verdict/decide.ts', '../evidence/run-folder.ts'],
  ['src/evidence/write.ts', '../gate/evaluate.ts'],
  ['src/gate/evaluate.ts', '../aws/clients.ts'], // of aws, only access.ts
  ['src/platforms/outcome.ts', '../orchestrator/engine.ts'],
  ['src/platforms/aws/platform.ts', '../../../sandbox/control.ts'],
  ['src/platforms/local/platform.ts', '../../gate/evaluate.ts'],
  ['src/orchestrator/target.ts', '../cli/io.ts'],
  ['src/watch/round.ts', '../orchestrator/engine.ts'], // watching never deploys
  ['src/cleanup/context.ts', '../checks/result.ts'],
  ['src/doctor/contract-doctor.ts', '../cli/doctor-command.ts'], // the machine inspection lives in host
  ['src/cli/sandbox-command.ts', '../../sandbox/control.ts'],
  ['config/environments/local.ts', '../../sandbox/state.ts'],
  ['load/flowcomply.ts', '../src/core/types.ts'],
  ['perf/lighthouse.ts', '../src/checks/result.ts'],
  ['tests/flowcomply/3-auth.spec.ts', '../../src/gate/credentials.ts'],
  ['sandbox/faults.ts', '../src/verdict/decide.ts'],
  ['scripts/bench.ts', '../tests/fixtures/index.ts'],
  ['bin/postflight.mjs', '../src/gate/evaluate.ts'],
  ['playwright.config.ts', './src/checks/result.ts'],
];
const ALLOWED: ReadonlyArray<readonly [file: string, specifier: string]> = [
  ['src/checks/http/staging.ts', '../../evidence/run-folder.ts'],
  ['src/gate/prerequisite-probes.ts', '../aws/access.ts'],
  ['src/platforms/local/index.ts', '../../../sandbox/control.ts'],
  ['src/doctor/contract-doctor.ts', '../host/inspect-machine.ts'],
  ['src/cli/doctor-command.ts', '../platforms/local/index.ts'],
  ['selftest/x.test.ts', '../sandbox/control.ts'],
];

const asFiles = (rows: typeof REJECTED) => rows.map(([path, spec]) => ({ path, source: `import { x } from '${spec}';\n` }));

test('each rule of DEPS rejects an edge outside its list and allows its own', () => {
  const rejected = checkImportDirections(asFiles(REJECTED), DEPS);
  assert.deepEqual(
    rejected.map((v) => `${v.file} -> ${v.target}`).sort(),
    REJECTED.map(([file, spec]) => `${file} -> ${posix.normalize(posix.join(posix.dirname(file), spec))}`).sort(),
  );
  const shown = new Set(rejected.map((v) => v.from));
  const unshown = Object.entries(DEPS)
    .filter(([unit, rule]) => !rule.includes('*') && !shown.has(unit))
    .map(([unit]) => unit);
  assert.deepEqual(unshown, [], 'every rule needs a rejected example in REJECTED');
  assert.deepEqual(checkImportDirections(asFiles(ALLOWED), DEPS).map(formatViolation), []);
});

test('no import circle inside src/', () => {
  const circles = findCycles(readSources(ROOT, ['src']));
  assert.deepEqual(
    circles.map((c) => c.join(' -> ')),
    [],
    'import circles: move what both sides need into a third file',
  );
});

test('the circle finder names each circle once, through its first file, and ignores files outside the scope', () => {
  const files = [
    { path: 'src/mail/inbox.ts', source: "import { ImapInbox } from './imap.ts';\nimport type { MailConfig } from '../config/environment.ts';\n" },
    { path: 'src/mail/imap.ts', source: "import type { InboxSource } from './inbox.ts';\n" },
    { path: 'src/config/environment.ts', source: 'export type MailConfig = {};\n' },
    { path: 'src/a/one.ts', source: "import { two } from '../b/two.ts';\n" },
    { path: 'src/b/two.ts', source: "import { three } from '../c/three.ts';\n" },
    { path: 'src/c/three.ts', source: "import { one } from '../a/one.ts';\n" },
    { path: 'src/d/leaf.ts', source: "import { one } from '../a/one.ts';\n" },
    { path: 'tests/x.ts', source: "import { y } from './y.ts';\n" },
    { path: 'tests/y.ts', source: "import { x } from './x.ts';\n" },
  ];
  assert.deepEqual(findCycles(files), [
    ['src/a/one.ts', 'src/b/two.ts', 'src/c/three.ts', 'src/a/one.ts'],
    ['src/mail/imap.ts', 'src/mail/inbox.ts', 'src/mail/imap.ts'],
  ]);
});
