/**
 * External tools end in bounded time and leave nothing behind: `runInGroup` kills the tool
 * and everything it started (its process group) on timeout and on abort; a Lighthouse audit
 * of a page that never answers stops at its time limit and its Chromium is killed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  const { pid, outcome } = await grandchildOf((onStdout) => runInGroup({ command: process.execPath, args: ['-e', HANGS], env: process.env, timeoutMs: 1500, graceMs: 500, onStdout }));
  assert.ok(pid > 0);
  assert.equal((outcome as { timedOut: boolean }).timedOut, true);
  assert.ok(Date.now() - started < 6000, `took ${Date.now() - started} ms`);
  assert.equal(alive(pid), false, 'the grandchild was killed with its group');
});

test('abort (the run deadline): the group is killed at once', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 800);
  const { pid, outcome } = await grandchildOf((onStdout) => runInGroup({ command: process.execPath, args: ['-e', HANGS], env: process.env, timeoutMs: 60_000, signal: controller.signal, graceMs: 500, onStdout }));
  assert.equal((outcome as { aborted: boolean }).aborted, true);
  assert.equal(alive(pid), false);
});

test('a tool that cannot start is an error naming it', async () => {
  await assert.rejects(runInGroup({ command: '/nonexistent/k6', args: [], env: process.env, timeoutMs: 1000 }), /could not start \/nonexistent\/k6/);
});

test('Lighthouse on a page that never answers stops at its time limit and kills its Chromium', { skip: !existsSync('/usr/bin/chromium') && 'no /usr/bin/chromium', timeout: 120_000 }, async () => {
  const { auditPages } = await import('../perf/lighthouse.ts');
  const sockets: Socket[] = [];
  const server = createServer((s) => void sockets.push(s)).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/login`;
  const runDir = await mkdtemp(join(tmpdir(), 'pf-lh-bounded-'));
  const chromes = () => descendants(process.pid).filter((p) => /chrom/i.test(p.args));
  const seen = new Set<number>();
  const sample = setInterval(() => chromes().forEach((p) => seen.add(p.pid)), 200);
  const started = Date.now();
  try {
    await assert.rejects(
      auditPages({ app: 'flowcomply', pages: [{ page: '/login', url }], runs: 1, runDir, chromePath: '/usr/bin/chromium', log: () => {}, auditTimeoutMs: 8000 }),
      /did not finish auditing .* within 8 s; Chromium was stopped/,
    );
  } finally {
    clearInterval(sample);
    for (const s of sockets) s.destroy();
    server.close();
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`lighthouse on a silent page: stopped after ${seconds.toFixed(1)} s; ${seen.size} Chromium processes seen`);
  assert.ok(seconds < 30, `took ${seconds} s`);
  assert.ok(seen.size > 0, 'Chromium ran');
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual([...seen].filter(alive), [], 'Chromium processes left running');
});
