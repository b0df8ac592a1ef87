import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { freePort } from '../../src/host/free-port.ts';

/** A running moto server (real AWS wire protocol, in memory). */
export interface MotoServer {
  endpoint: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export const MOTO_INSTALL_HINT = "install moto: pip install 'moto[server]' (then `moto_server` must be on PATH)";

/**
 * Settings that make moto behave like a settled production account: services report their
 * desired tasks running (else moto leaves them pending forever) and ACM certificates are
 * issued at once (else moto waits 60 s).
 */
export const MOTO_ENV = { MOTO_ECS_SERVICE_RUNNING: '2', MOTO_ACM_VALIDATION_WAIT: '0' } as const;

/** Path of `moto_server` on PATH, or undefined (tests skip with a message when absent). */
export async function findMotoServer(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'moto_server');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Spawns `moto_server -H 127.0.0.1 -p <port>` (a free port unless given) and resolves once it
 * answers. Rejects with the install hint when the binary is missing, and with moto's last
 * output when it exits early.
 */
export async function startMoto(opts: { port?: number; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<MotoServer> {
  const env = opts.env ?? process.env;
  const bin = await findMotoServer(env);
  if (!bin) throw new Error(`moto_server is not on PATH — ${MOTO_INSTALL_HINT}`);
  const port = opts.port || (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { env: { ...env, ...MOTO_ENV }, stdio: ['ignore', 'ignore', 'pipe'] });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`moto_server could not start (${err.message}) — ${MOTO_INSTALL_HINT}`, { cause: err })));
    child.once('exit', (code) =>
      reject(new Error(`moto_server exited with code ${code} before answering on ${endpoint}: ${tail.trim().split('\n').slice(-3).join(' | ')}`)),
    );
  });
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const ready = (async () => {
    while (Date.now() < deadline) {
      if (await answers(endpoint)) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`moto_server did not answer on ${endpoint} within ${opts.timeoutMs ?? 30_000} ms`);
  })();
  try {
    await Promise.race([ready, exited]);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  exited.catch(() => {}); // a later exit (our own stop) is expected
  return { endpoint, port, pid: child.pid ?? -1, stop: () => stopChild(child) };
}

/** Forgets every resource (moto's reset API): one server can be reseeded per test case. */
export async function resetMoto(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
}
