import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort } from '../src/host/free-port.ts';
import { findOnPath } from '../src/host/which.ts';

export interface RedisServer {
  url: string;
  managed: boolean;
  stop(): Promise<void>;
}

/**
 * Uses REDIS_URL when given; otherwise starts `redis-server` on a free loopback port. Without
 * either it refuses: a FlowComply without Redis is unhealthy, and a sandbox that starts
 * unhealthy makes the gate say NO-GO about itself.
 */
export async function startRedis(redisUrl?: string, env: NodeJS.ProcessEnv = process.env): Promise<RedisServer> {
  if (redisUrl) return { url: redisUrl, managed: false, stop: async () => {} };
  const bin = requireRedis(redisUrl, env)!;
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitForPort(port, 5000, child);
  return {
    url: `redis://127.0.0.1:${port}`,
    managed: true,
    stop: () => stopChild(child),
  };
}

/** Checked before the sandbox starts anything: refuse at once rather than start half a sandbox. */
export function requireRedis(redisUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (redisUrl) return undefined;
  const bin = findOnPath('redis-server', env);
  if (!bin) {
    throw new Error(
      'the sandbox needs Redis for FlowComply and redis-server is not installed: run `npx postflight setup` (it installs it), `apt-get install redis-server`, or set REDIS_URL',
    );
  }
  return bin;
}

export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`process exited with code ${child.exitCode} before listening on ${port}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`);
}
