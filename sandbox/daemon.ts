/**
 * The sandbox as a background process: `postflight sandbox up` spawns this file detached.
 * It owns every child (Postgres, Redis, moto) so that one SIGTERM or `POST /shutdown`
 * leaves nothing behind. A small control server on 127.0.0.1 lets the local platform
 * deploy another release without restarting the database.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { rm } from 'node:fs/promises';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { startSandbox, type Sandbox, type SandboxOptions } from './sandbox.ts';
import { statePath, writeState, type SandboxState } from './state.ts';
import { APP_IDS, type AppId } from '../src/core/types.ts';

interface DaemonArgs extends SandboxOptions {
  stateDir: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as DaemonArgs;
let sandbox: Sandbox | undefined;
let state: SandboxState = {
  version: 1,
  pid: process.pid,
  status: 'starting',
  startedAt: new Date().toISOString(),
  database: { kind: 'embedded' },
  rateLimits: args.rateLimits ?? 'load',
};
let stopping = false;
/**
 * The fault switch flips a running app's behaviour, so it takes a token: a random value only the
 * state file (mode 0600, in the state dir) holds; /status never returns it.
 */
const controlToken = randomBytes(24).toString('base64url');
const tokenOk = (req: IncomingMessage): boolean => {
  const given = Buffer.from(String(req.headers.authorization ?? ''));
  const expected = Buffer.from(`Bearer ${controlToken}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
};
/**
 * Deploy, snapshot and restore one at a time: two apps deployed side by side (the demo) both
 * reseed the one moto world and restart processes; interleaved, a reseed sees the other's
 * half-deleted log groups. Queued here, concurrent callers are safe whatever process they run in.
 */
let queue: Promise<unknown> = Promise.resolve();
const serial = <T>(work: () => Promise<T>): Promise<T> => {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
};

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

const control = createServer(async (req, res) => {
  const reply = (status: number, data: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(data));
  };
  try {
    if (req.method === 'GET' && req.url === '/status') return reply(200, { ...state, accounts: undefined, controlToken: undefined });
    if (req.method === 'POST' && req.url === '/deploy') {
      const { app, release, faults } = (await body(req)) as { app: AppId; release: string; faults?: string[] };
      if (!sandbox || !APP_IDS.includes(app)) return reply(400, { error: `unknown app ${String(app)} or sandbox not ready` });
      const appState = await serial(async () => {
        const deployed = await sandbox!.deploy(app, release, faults ?? []);
        const aws = sandbox!.awsState();
        state = { ...state, apps: { ...state.apps!, [app]: deployed }, ...(aws ? { aws } : {}) };
        await writeState(args.stateDir, state);
        return deployed;
      });
      return reply(200, appState);
    }
    if (req.method === 'POST' && (req.url === '/snapshot' || req.url === '/restore')) {
      const { app, name } = (await body(req)) as { app: AppId; name: string };
      if (!sandbox || !APP_IDS.includes(app) || typeof name !== 'string' || !name)
        return reply(400, { error: `need a known app and a snapshot name (got ${String(app)}, ${String(name)})` });
      return reply(200, await serial<unknown>(() => (req.url === '/snapshot' ? sandbox!.snapshot(app, name) : sandbox!.restore(app, name))));
    }
    if (req.method === 'POST' && req.url === '/fault') {
      if (!tokenOk(req)) return reply(401, { error: 'the fault switch needs the token of the state file' });
      const { app, fault, on } = (await body(req)) as { app: AppId; fault: string; on: boolean };
      if (!sandbox || !APP_IDS.includes(app) || typeof fault !== 'string' || typeof on !== 'boolean')
        return reply(400, { error: `need a known app, a fault and on: true|false (got ${String(app)}, ${String(fault)}, ${String(on)})` });
      // Queued behind any deploy so the switch lands on the app that runs when it returns.
      const appState = await serial(async () => {
        const switched = sandbox!.switchFault(app, fault, on);
        state = { ...state, apps: { ...state.apps!, [app]: switched } };
        await writeState(args.stateDir, state);
        return switched;
      });
      return reply(200, appState);
    }
    if (req.method === 'GET' && req.url === '/history') return reply(200, sandbox?.history() ?? {});
    if (req.method === 'POST' && req.url === '/shutdown') {
      reply(202, { stopping: true });
      return void shutdown(0);
    }
    reply(404, { error: 'not found' });
  } catch (err) {
    reply(500, { error: (err as Error).message });
  }
});

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  control.close();
  await sandbox?.stop().catch(() => {});
  await rm(statePath(args.stateDir), { force: true }).catch(() => {});
  process.exit(code);
}

process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));
// If the parent CLI dies mid-start, we still hold children: never leave them orphaned.
process.on('uncaughtException', (err) => {
  console.error(err);
  void shutdown(1);
});

try {
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const addr = control.address();
  const controlUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  await writeState(args.stateDir, { ...state, controlUrl, controlToken });
  sandbox = await startSandbox(args);
  state = { ...sandbox.state, pid: process.pid, controlUrl, controlToken };
  await writeState(args.stateDir, state);
} catch (err) {
  console.error(err);
  await writeState(args.stateDir, { ...state, status: 'failed', error: err instanceof Error ? err.message : String(err) });
  stopping = true;
  control.close();
  process.exit(1);
}
