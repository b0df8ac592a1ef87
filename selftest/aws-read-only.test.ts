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

/** Pure: the AWS commands a source file names that are not reads. */
export function writeCommands(source: string): string[] {
  return [...new Set(source.match(/\b[A-Z][A-Za-z]+Command\b/g) ?? [])].filter((c) => !READ.test(c));
}

test('only src/platforms/aws uses AWS commands that change state', () => {
  const offenders = tsFiles(join(ROOT, 'src'))
    .map((abs) => ({ file: relative(ROOT, abs).split('\\').join('/'), writes: writeCommands(readFileSync(abs, 'utf8')) }))
    .filter((f) => !f.file.startsWith(WRITERS) && f.writes.length > 0);
  assert.deepEqual(offenders, [], 'read-only code uses write commands');
});

test('the rule itself: reads pass, writes are named', () => {
  assert.deepEqual(writeCommands('new DescribeServicesCommand({}); new ListTasksCommand({}); new GetMetricStatisticsCommand({})'), []);
  assert.deepEqual(writeCommands('import { UpdateServiceCommand, DescribeServicesCommand } from "@aws-sdk/client-ecs"'), ['UpdateServiceCommand']);
});
