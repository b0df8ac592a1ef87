/**
 * External tools end in bounded time and leave nothing behind: `runInGroup` kills the tool
 * and everything it started (its process group) on timeout and on abort; a Lighthouse audit
 * of a page that never answers stops at its time limit and its Chromium is killed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { runInGroup } from '../src/host/child-group.ts';
import { alive, descendants } from './fixtures/descendants.ts';

/** A tool that starts a grandchild (as Playwright starts Chromium) and then never ends. */
const HANGS = `
const { spawn } = require('node:child_process');
const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
console.log('grandchild ' + g.pid);
setInterval(() => {}, 1000);
`;

async function grandchildOf(run: (onStdout: (d: Buffer) => void) => Promise<unknown>): Promise<{ pid: number; outcome: unknown }> {
  let pid = 0;
  const outcome = await run((d) => {
    const m = /grandchild (\d+)/.exec(d.toString());
    if (m) pid = Number(m[1]);
  });
  return { pid, outcome };
}

test('timeout: the tool and its grandchild are killed, timedOut is reported', async () => {
  const started = Date.now();
  const { pid, outcome } = await grandchildOf((onStdout) =>
    runInGroup({ command: process.execPath, args: ['-e', HANGS], env: process.env, timeoutMs: 1500, graceMs: 500, onStdout }),
  );
  assert.ok(pid > 0);
  assert.equal((outcome as { timedOut: boolean }).timedOut, true);
  assert.ok(Date.now() - started < 6000, `took ${Date.now() - started} ms`);
  assert.equal(alive(pid), false, 'the grandchild was killed with its group');
});

test('abort (the run deadline): the group is killed at once', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 800);
  const { pid, outcome } = await grandchildOf((onStdout) =>
    runInGroup({ command: process.execPath, args: ['-e', HANGS], env: process.env, timeoutMs: 60_000, signal: controller.signal, graceMs: 500, onStdout }),
  );
  assert.equal((outcome as { aborted: boolean }).aborted, true);
  assert.equal(alive(pid), false);
});

test('a tool that cannot start is an error naming it', async () => {
  await assert.rejects(runInGroup({ command: '/nonexistent/k6', args: [], env: process.env, timeoutMs: 1000 }), /could not start \/nonexistent\/k6/);
});

test('Lighthouse on a page that never answers stops at its time limit, kills its Chromium, and the process survives', {
  skip: !existsSync('/usr/bin/chromium') && 'no /usr/bin/chromium',
  timeout: 120_000,
}, async () => {
  const chromes = () => descendants(process.pid).filter((p) => /chrom/i.test(p.args));
  const seen = new Set<number>();
  const sample = setInterval(() => chromes().forEach((p) => seen.add(p.pid)), 200);
  let out = '';
  let code: number | null = null;
  try {
    const child = spawn(process.execPath, ['bin/tsrun.mjs', 'selftest/fixtures/lighthouse-silent-page.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (out += d));
    code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  } finally {
    clearInterval(sample);
  }
  const [result, survived] = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { message?: string; seconds?: number; survived?: boolean });
  console.log(`lighthouse on a silent page: stopped after ${result?.seconds} s; ${seen.size} Chromium processes seen`);
  assert.match(result?.message ?? '', /did not finish auditing .* within 8 s; Chromium was stopped/);
  assert.ok((result?.seconds ?? 99) < 30, `took ${result?.seconds} s`);
  assert.equal(survived?.survived, true, 'a late protocol error crashed the process after the time limit');
  assert.equal(code, 0);
  assert.ok(seen.size > 0, 'Chromium ran');
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual([...seen].filter(alive), [], 'Chromium processes left running');
});
