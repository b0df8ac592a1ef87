/**
 * Checks measure, they never change AWS: every AWS SDK command used in src/ outside the
 * orchestrator's writers (src/platforms/aws/) is a read (Describe, List, Get, Filter). A check
 * that imported UpdateServiceCommand would fail here before it could run against production.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRITERS = 'src/platforms/aws/';
const READ = /^(Describe|List|Get|Filter)[A-Za-z]*Command$/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Pure: the AWS SDK commands a source file imports (from `@aws-sdk/...`) that are not reads. */
export function writeCommands(source: string): string[] {
  const imported = [...source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]@aws-sdk\/[^'"]+['"]/g)].flatMap((m) => m[1]!.split(','));
  const names = imported
    .map((n) =>
      n
        .trim()
        .split(/\s+as\s+/)[0]!
        .replace(/^type\s+/, ''),
    )
    .filter((n) => /Command$/.test(n));
  return [...new Set(names)].filter((c) => !READ.test(c));
}

test('only src/platforms/aws uses AWS commands that change state', () => {
  const offenders = tsFiles(join(ROOT, 'src'))
    .map((abs) => ({ file: relative(ROOT, abs).split('\\').join('/'), writes: writeCommands(readFileSync(abs, 'utf8')) }))
    .filter((f) => !f.file.startsWith(WRITERS) && f.writes.length > 0);
  assert.deepEqual(offenders, [], 'read-only code uses write commands');
});

test('the rule itself: reads pass, writes are named', () => {
  assert.deepEqual(writeCommands("import { DescribeServicesCommand, ListTasksCommand } from '@aws-sdk/client-ecs';"), []);
  assert.deepEqual(writeCommands('interface DeployCommand { run: string[] }'), [], 'a type of our own is not an AWS command');
  assert.deepEqual(writeCommands('import { UpdateServiceCommand, DescribeServicesCommand } from "@aws-sdk/client-ecs"'), ['UpdateServiceCommand']);
});
