// The test runner behind `npm test` and `npm run test:unit`:
//   node scripts/test.mjs            the whole suite: lint, type-check (project and k6 scripts),
//                                    then every self-test file, one at a time (many start real
//                                    servers), and a table of the time each file took
//   node scripts/test.mjs --unit     the fast loop: lint, then the files selftest/unit-files.ts
//                                    lists, side by side, under the no-process guard
//   node scripts/test.mjs FILE...    just these files, one at a time (no lint, no type-check)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

// See bin/postflight.mjs: the AWS SDK's Node 22 notice is noise here.
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
// A runner started from inside a test file would otherwise think it is a test file itself.
delete env.NODE_TEST_CONTEXT;

function run(cmd, args) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1);

function lint() {
  console.log('lint: biome ci (format + lint; see biome.json)');
  run('npm', ['run', '--silent', 'lint']);
}

/** One node test process per file, so each file's wall time is its own; a failure does not stop the rest. */
function runOneByOne(files) {
  const times = [];
  for (const file of files) {
    const started = performance.now();
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', file], { stdio: 'inherit', env });
    times.push({ file, seconds: Number(seconds(started)), ok: res.status === 0 });
  }
  times.sort((a, b) => b.seconds - a.seconds);
  const total = times.reduce((sum, t) => sum + t.seconds, 0);
  console.log('\ntime per file (slowest first):');
  for (const t of times) console.log(`${t.seconds.toFixed(1).padStart(8)} s  ${t.ok ? 'ok  ' : 'FAIL'}  ${t.file}`);
  console.log(`${total.toFixed(1).padStart(8)} s  total, ${times.length} files`);
  const failed = times.filter((t) => !t.ok);
  if (failed.length) {
    console.log(`\n${failed.length} file(s) failed:\n${failed.map((t) => `  ${t.file}`).join('\n')}`);
    process.exit(1);
  }
}

async function runUnit() {
  const { UNIT_FILES } = await tsImport('../selftest/unit-files.ts', import.meta.url);
  const missing = UNIT_FILES.filter((f) => !statSync(f, { throwIfNoEntry: false })?.isFile());
  if (missing.length) {
    console.error(`selftest/unit-files.ts lists files that do not exist:\n${missing.join('\n')}`);
    process.exit(3);
  }
  lint();
  const started = performance.now();
  const guard = './selftest/fixtures/no-process-guard.mjs';
  const concurrency = `--test-concurrency=${Math.max(2, availableParallelism())}`;
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--import', guard, '--test', concurrency, '--test-reporter=spec', ...UNIT_FILES], {
    stdio: 'inherit',
    env,
  });
  console.log(`\nunit: ${UNIT_FILES.length} files in ${seconds(started)} s (the whole suite: npm test)`);
  process.exit(res.status ?? 1);
}

const args = process.argv.slice(2);
if (args[0] === '--unit') {
  await runUnit();
} else if (args.length) {
  runOneByOne(args);
} else {
  lint();
  console.log('typecheck: tsconfig.json');
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  console.log('typecheck: load/tsconfig.json (k6 scripts against @types/k6)');
  run('npx', ['tsc', '-p', 'load/tsconfig.json']);
  runOneByOne(findTests('selftest').sort());
}
