// The whole test suite: type-check (project and k6 scripts), then every self-test file with
// node's test runner through tsx. Files run one at a time: many start real servers.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// See bin/postflight.mjs: the AWS SDK's Node 22 notice is noise here.
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

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

const only = process.argv.slice(2);
const files = only.length ? only : findTests('selftest').sort();
if (!only.length) {
  console.log('typecheck: tsconfig.json');
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  console.log('typecheck: load/tsconfig.json (k6 scripts against @types/k6)');
  run('npx', ['tsc', '-p', 'load/tsconfig.json']);
}
run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files]);
