// The test runner behind `npm test` and `npm run test:unit`:
//   node scripts/test.mjs            the whole suite: lint, type-check (project and k6 scripts),
//                                    the unit files side by side (as --unit), then the files that
//                                    start real servers two at a time (the detection matrix first),
//                                    then those in selftest/alone-files.ts one at a time, and a
//                                    table of the wall and CPU time each took
//   node scripts/test.mjs --unit     the fast loop: lint, then the files selftest/unit-files.ts
//                                    lists, side by side, under the no-process guard
//   node scripts/test.mjs FILE...    just these files, one at a time (no lint, no type-check)
//   node scripts/test.mjs --suite FILE...  these files scheduled as the whole suite would run them
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

const cpuDir = mkdtempSync(join(tmpdir(), 'postflight-test-cpu-'));
process.on('exit', () => rmSync(cpuDir, { recursive: true, force: true }));
const cpuHook = pathToFileURL(fileURLToPath(new URL('./cpu-at-exit.mjs', import.meta.url))).href;
let runs = 0;

/**
 * Runs one node test process and records its wall and CPU time under `label`. `live`: its output
 * goes straight to the terminal; otherwise it is printed in one piece when the file ends, so two
 * files side by side do not interleave their lines.
 */
function timed(label, args, { live }) {
  const cpuFile = join(cpuDir, `${++runs}`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', cpuHook, ...args], {
    env: { ...env, PF_TEST_CPU_FILE: cpuFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept in every case (live output is also written through) for the failure digest at the end.
  const output = [];
  const keep = (out) => (chunk) => {
    output.push(chunk);
    if (live) out.write(chunk);
  };
  child.stdout.on('data', keep(process.stdout));
  child.stderr.on('data', keep(process.stderr));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const text = Buffer.concat(output).toString('utf8');
      if (!live && text) process.stdout.write(text);
      const lines = readFileSync(cpuFile, { encoding: 'utf8', flag: 'a+' }).split('\n').filter(Boolean);
      const cpu = lines.length ? lines.reduce((sum, line) => sum + Number(line), 0) : undefined;
      const ok = code === 0;
      resolve({ file: label, seconds: Number(seconds(started)), cpu, ok, failures: ok ? '' : failureDigest(text, code) });
    });
  });
}

/**
 * What failed in one file, short: the spec reporter's "failing tests" section without stack
 * frames and error-object dumps. Printed again after the time table, because CI keeps only the
 * tail of the output and the first failure may be thousands of lines up.
 */
function failureDigest(text, code) {
  const start = text.lastIndexOf('\u2716 failing tests:');
  if (start < 0)
    return `  (exit ${code}, no "failing tests" section: the file crashed or was killed; its last lines)\n${text.trimEnd().split('\n').slice(-15).join('\n')}`;
  const kept = [];
  let inDetails = false;
  for (const line of text.slice(start).split('\n').slice(1)) {
    if (/^\s+at /.test(line) || /^\s+\{$/.test(line)) inDetails = true;
    else if (/^\S/.test(line)) inDetails = false;
    if (!inDetails && line.trim()) kept.push(line);
  }
  const max = 60;
  return (kept.length > max ? [...kept.slice(0, max), `  ... ${kept.length - max} more line(s) above in the file's own output`] : kept).join('\n');
}

const guard = './selftest/fixtures/no-process-guard.mjs';
const concurrency = `--test-concurrency=${Math.max(2, availableParallelism())}`;
/** The unit files side by side in one node test run, under the no-process guard. */
const unitBatch = (files) =>
  timed(`unit batch: ${files.length} files side by side`, ['--import', 'tsx', '--import', guard, '--test', concurrency, '--test-reporter=spec', ...files], {
    live: true,
  });

/** One node test process per file, so each file's time is its own; a failure does not stop the rest. */
const oneFile = (file, live) => timed(file, ['--import', 'tsx', '--test', '--test-reporter=spec', file], { live });

async function oneByOne(files) {
  const times = [];
  for (const file of files) times.push(await oneFile(file, true));
  return times;
}

function report(times, started) {
  times.sort((a, b) => b.seconds - a.seconds);
  const total = times.reduce((sum, t) => sum + t.seconds, 0);
  const cpuTotal = times.reduce((sum, t) => sum + (t.cpu ?? 0), 0);
  const cpu = (t) => (t === undefined ? '     ?' : t.toFixed(1).padStart(6));
  const wall = started === undefined ? '' : `; the files took ${seconds(started)} s of wall time`;
  console.log('\ntime per file (slowest first; wall, then CPU seconds of the file and what it started):');
  for (const t of times) console.log(`${t.seconds.toFixed(1).padStart(8)} s  ${cpu(t.cpu)} cpu  ${t.ok ? 'ok  ' : 'FAIL'}  ${t.file}`);
  console.log(`${total.toFixed(1).padStart(8)} s  ${cpu(cpuTotal)} cpu  total, ${times.length} lines${wall}`);
  const failed = times.filter((t) => !t.ok);
  if (failed.length) {
    console.log('\nwhat failed (stack frames left out; the whole output of each file is above):');
    for (const t of failed) console.log(`\n== ${t.file}\n${t.failures}`);
    console.log(`\n${failed.length} file(s) failed:\n${failed.map((t) => `  ${t.file}`).join('\n')}`);
    process.exit(1);
  }
}

async function listed(module, name) {
  const files = (await tsImport(`../selftest/${module}`, import.meta.url))[name];
  const missing = files.filter((f) => !statSync(f, { throwIfNoEntry: false })?.isFile());
  if (missing.length) {
    console.error(`selftest/${module} lists files that do not exist:\n${missing.join('\n')}`);
    process.exit(3);
  }
  return files;
}
const unitFiles = () => listed('unit-files.ts', 'UNIT_FILES');

async function runUnit() {
  const files = await unitFiles();
  lint();
  const batch = await unitBatch(files);
  console.log(`\nunit: ${files.length} files in ${batch.seconds.toFixed(1)} s (the whole suite: npm test)`);
  process.exit(batch.ok ? 0 : 1);
}

/**
 * The unit files first, side by side (they start nothing). Then the files that start processes,
 * two at a time (they mostly wait), the detection matrix first since it is the longest: the
 * others take turns beside it. Last, one at a time, the files selftest/alone-files.ts lists
 * (they measure time or load, so nothing runs beside them).
 */
async function runAll(files) {
  const started = performance.now();
  const unitListed = new Set(await unitFiles());
  const alone = new Set(await listed('alone-files.ts', 'ALONE_FILES'));
  const { MATRIX_FILE } = await tsImport('../selftest/alone-files.ts', import.meta.url);
  const unit = files.filter((f) => unitListed.has(f));
  const rest = files.filter((f) => !unitListed.has(f));
  // The matrix first, then the slowest files of the last run: a long file started last would run alone.
  const last = lastTimes();
  const queue = rest.filter((f) => !alone.has(f)).sort((a, b) => (b === MATRIX_FILE) - (a === MATRIX_FILE) || (last[b] ?? 0) - (last[a] ?? 0));
  const times = unit.length ? [await unitBatch(unit)] : [];
  const lane = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      console.log(`started: ${file} (its output follows when it ends)`);
      times.push(await oneFile(file, false));
    }
  };
  await Promise.all([lane(), lane()]);
  times.push(...(await oneByOne(rest.filter((f) => alone.has(f)))));
  saveTimes(times);
  report(times, started);
}

/**
 * Each file's wall time when it last ran in a suite (.postflight/ is the worktree's own, ignored
 * by git), over the times of a whole run committed in selftest/test-times.json: a fresh clone
 * (CI) has no last run, and in alphabetical order a long file could start last and run alone.
 */
const TIMES_FILE = '.postflight/test-times.json';
const SEED_TIMES_FILE = 'selftest/test-times.json';
const readTimes = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
};
function lastTimes() {
  return { ...readTimes(SEED_TIMES_FILE), ...readTimes(TIMES_FILE) };
}
function saveTimes(times) {
  mkdirSync('.postflight', { recursive: true });
  const now = Object.fromEntries(times.filter((t) => t.file.endsWith('.ts')).map((t) => [t.file, t.seconds]));
  writeFileSync(TIMES_FILE, JSON.stringify({ ...readTimes(TIMES_FILE), ...now }, null, 2));
}

const args = process.argv.slice(2);
if (args[0] === '--unit') {
  await runUnit();
} else if (args[0] === '--suite') {
  await runAll(args.slice(1));
} else if (args.length) {
  report(await oneByOne(args));
} else {
  lint();
  console.log('typecheck: tsconfig.json');
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  console.log('typecheck: load/tsconfig.json (k6 scripts against @types/k6)');
  run('npx', ['tsc', '-p', 'load/tsconfig.json']);
  await runAll(findTests('selftest').sort());
}
