import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDeployLock, acquireLock, lockPath, LockRefusedError, pidAlive } from '../src/orchestrator/lock.ts';

const base = (stateDir: string, runId: string) => ({ stateDir, app: 'financial-rise', env: 'production', runId });

/** A pid that existed and is gone now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  assert.ok(r.pid && !pidAlive(r.pid), 'the short-lived child is gone');
  return r.pid;
}

test('lock: a second deploy of the same app and env is refused while the first holds it, naming the holder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-lock-'));
  try {
    const first = acquireLock(base(dir, 'run-1'));
    assert.throws(
      () => acquireLock(base(dir, 'run-2')),
      (e: Error) => e instanceof LockRefusedError && e.holder?.runId === 'run-1' && new RegExp(`run run-1, pid ${process.pid}`).test(e.message),
    );
    // Another app or another environment is not blocked.
    acquireLock({ ...base(dir, 'run-3'), app: 'flowcomply' }).release();
    acquireLock({ ...base(dir, 'run-4'), env: 'staging' }).release();
    first.release();
    assert.equal(existsSync(lockPath(dir, 'financial-rise', 'production')), false);
    acquireLock(base(dir, 'run-2')).release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('lock: a stale lock (its pid dead on this host) is taken over; one from another host is not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-lock-'));
  try {
    const path = lockPath(dir, 'financial-rise', 'production');
    const host = 'this-host';
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host, runId: 'crashed', since: '2026-12-01T01:00:00.000Z' }));
    const lock = acquireLock({ ...base(dir, 'run-5'), host });
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).runId, 'run-5');
    lock.release();
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: 'ci-runner-7', runId: 'elsewhere', since: '2026-12-01T01:00:00.000Z' }));
    assert.throws(() => acquireLock({ ...base(dir, 'run-6'), host }), /run elsewhere.*on ci-runner-7.*remove .* by hand/);
    // A torn lock (writer died between create and write) is stale too.
    writeFileSync(path, '');
    acquireLock({ ...base(dir, 'run-7'), host }).release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('deploy lock: a deployment already in progress on the platform refuses, and the file lock is let go', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-lock-'));
  try {
    await assert.rejects(
      acquireDeployLock({ ...base(dir, 'run-8'), deploymentInProgress: async () => 'backend-service has 2 deployments' }),
      (e: Error) => e instanceof LockRefusedError && /Refusing to deploy financial-rise on production: backend-service has 2 deployments/.test(e.message),
    );
    assert.equal(existsSync(lockPath(dir, 'financial-rise', 'production')), false);
    const ok = await acquireDeployLock({ ...base(dir, 'run-9'), deploymentInProgress: async () => undefined });
    ok.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
