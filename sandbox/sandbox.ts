import { mkdir, appendFile, mkdtemp, rm } from 'node:fs/promises';
import { applyLogFaults, logLineFormat } from './log-faults.ts';
import { LOAD_LIMITS } from './load-limits.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppId } from '../src/core/types.ts';
import { APP_IDS } from '../src/core/types.ts';
import { generateAccounts } from './accounts.ts';
import { RELEASES, RUNTIME_FAULT_IDS, findFault } from './faults.ts';
import { AWS_FAULT_IDS } from './aws/faults.ts';
import { plainFaultId, withPlainIds } from './fault-values.ts';
import type { RunningApp } from './kit/types.ts';
import { startMailCatcher, type MailCatcher } from './mail.ts';
import { startPostgres, type PostgresServer } from './postgres.ts';
import { requireRedis, startRedis, type RedisServer } from './redis.ts';
import type { SandboxAppState, SandboxState } from './state.ts';
import { startAwsWorld, type AwsWorld } from './aws-world.ts';
import { startStatusPage } from './status-page.ts';
import { createReleaseRepo } from './release-repo.ts';
import { writeSchemaFiles } from './schema-files.ts';
import { ensureSandboxCa, servedCertDays, startHttpsFace, type HttpsFace } from './https-face.ts';

export interface SandboxOptions {
  /** Release per app (default 1.0.0, healthy). */
  releases?: Partial<Record<AppId, string>>;
  /** Extra faults (`fr:x` / `fc:x`), on top of the release's own. */
  faults?: string[];
  /** Also start moto and seed the AWS world the `local` environment names. */
  aws?: boolean;
  databaseUrl?: string;
  redisUrl?: string;
  rateLimits?: SandboxState['rateLimits'];
  /** Where app logs go (`<logDir>/<app>.log`). */
  logDir: string;
  env?: NodeJS.ProcessEnv;
  /** The sandbox state dir: the test CA of the apps' HTTPS faces lives there (made once). */
  stateDir?: string;
}

/** The fault that shortens each app's served certificate (https-face.ts). */
const SERVED_CERT_FAULT: Record<AppId, string> = { 'financial-rise': 'fr:served-cert-expiring', flowcomply: 'fc:served-cert-expiring' };

export interface Sandbox {
  state: SandboxState;
  /** The AWS part of the state after a deploy changed its faults. */
  awsState(): SandboxState['aws'];
  /** Restarts one app on a release and fault set (the local platform's "deploy"). */
  deploy(app: AppId, release: string, extraFaults?: string[]): Promise<SandboxAppState>;
  /** Copies the app's database to a snapshot database (the local platform's RDS snapshot). */
  snapshot(app: AppId, name: string): Promise<{ snapshot: string; database: string }>;
  /** Replaces the app's database with a copy of a snapshot, then restarts the app on its release. */
  restore(app: AppId, name: string): Promise<SandboxAppState>;
  /** Every deploy of each app, oldest first (the local platform's task definition revisions). */
  history(): Record<AppId, ReleaseRecord[]>;
  /** Flips a runtime fault (RUNTIME_FAULT_IDS) in the running app: no restart, not a deploy. */
  switchFault(app: AppId, id: string, on: boolean): SandboxAppState;
  stop(): Promise<void>;
}

/** One deploy of one app: its revision number counts deploys from 1. */
export interface ReleaseRecord {
  revision: number;
  release: string;
  faults: string[];
  deployedAt: string;
}

/** Snapshot databases are named `<app db>_snap_<name>` so they cannot collide with an app's own. */
export const snapshotDatabase = (appDb: string, name: string): string => `${appDb}_snap_${name.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}`;

const DB_NAMES: Record<AppId, string> = { 'financial-rise': 'financial_rise', flowcomply: 'flowcomply' };
/** Rate limits high enough for the gate's load test from one IP; see README. */

export function faultsFor(app: AppId, release: string, extra: readonly string[] = []): string[] {
  const fromRelease = RELEASES[app][release];
  if (!fromRelease) throw new Error(`Unknown release "${release}" of ${app}; known: ${Object.keys(RELEASES[app]).join(', ')}`);
  const mine = extra.filter((id) => findFault(id)?.app === app && !AWS_FAULT_IDS.has(plainFaultId(id)));
  return [...new Set([...fromRelease, ...mine])];
}

async function loadStarter(app: AppId) {
  if (app === 'financial-rise') return (await import('./financial-rise/index.ts')).startFinancialRise;
  return (await import('./flowcomply/index.ts')).startFlowComply;
}

/** Starts Postgres, the mail catcher, Redis (if available) and both apps, in this process. */
export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const env = opts.env ?? process.env;
  requireRedis(opts.redisUrl ?? env.REDIS_URL, env);
  const stops: Array<() => Promise<void>> = [];
  const running: Partial<Record<AppId, RunningApp>> = {};
  const faces: Partial<Record<AppId, HttpsFace>> = {};
  const appStates: Partial<Record<AppId, SandboxAppState>> = {};
  // The very set each running app reads its faults from per request: switchFault mutates it.
  const liveFaults: Partial<Record<AppId, Set<string>>> = {};
  const accounts = generateAccounts();
  const rateLimits = opts.rateLimits ?? 'load';
  const dataDir = await mkdtemp(join(tmpdir(), 'postflight-data-'));
  stops.push(() => rm(dataDir, { recursive: true, force: true }));
  await mkdir(opts.logDir, { recursive: true });
  const stopAll = async () => {
    for (const app of APP_IDS) await running[app]?.close().catch(() => {});
    for (const app of APP_IDS) await faces[app]?.close().catch(() => {});
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    // allSettled: when one service cannot start, the ones that did are still stopped.
    const started = await Promise.allSettled([
      startPostgres({ databaseUrl: opts.databaseUrl ?? env.DATABASE_URL }),
      startMailCatcher(),
      startRedis(opts.redisUrl ?? env.REDIS_URL, env),
    ] as const);
    for (const s of started) if (s.status === 'fulfilled') stops.push(s.value.stop);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const [pgServer, mail, redis] = started.map((s) => (s as PromiseFulfilledResult<unknown>).value) as [
      Awaited<ReturnType<typeof startPostgres>>,
      Awaited<ReturnType<typeof startMailCatcher>>,
      RedisServer,
    ];
    for (const app of APP_IDS) await pgServer.recreateDatabase(DB_NAMES[app]);
    const ctx = { pgServer, mail, redis, accounts, rateLimits, dataDir, logDir: opts.logDir };
    const ca = await ensureSandboxCa(join(opts.stateDir ?? dataDir, 'tls'));
    const awsWorld: AwsWorld | undefined = opts.aws ? await startAwsWorld(opts.faults ?? [], env) : undefined;
    if (awsWorld) stops.push(awsWorld.stop);
    const deploy = async (app: AppId, release: string, extraFaults: string[] = []) => {
      const faults = faultsFor(app, release, extraFaults);
      // The deploy time is taken before anything restarts: "since the deploy" includes it all.
      const deployedAt = new Date().toISOString();
      await running[app]?.close();
      delete running[app];
      liveFaults[app] = withPlainIds(faults);
      running[app] = await startApp(app, release, faults, liveFaults[app]!, ctx, appStates[app]);
      // The HTTPS face is re-issued on every deploy: a fault's short certificate lasts until the next healthy one.
      const facePort = faces[app] ? Number(new URL(faces[app]!.url).port) : 0;
      await faces[app]?.close();
      delete faces[app];
      faces[app] = await startHttpsFace(ca, app, servedCertDays(liveFaults[app]!, SERVED_CERT_FAULT[app]), facePort);
      if (awsWorld && appStates[app]) await awsWorld.reseed(app, extraFaults);
      if (awsWorld) await awsWorld.trafficSinceDeploy();
      appStates[app] = {
        apiUrl: running[app]!.apiUrl,
        webUrl: running[app]!.webUrl,
        release,
        faults: [...faults, ...(awsWorld?.faultsOf(app) ?? [])],
        databaseUrl: pgServer.urlFor(DB_NAMES[app]),
        logFile: join(opts.logDir, `${app}.log`),
        httpsUrl: faces[app]!.url,
        deployedAt,
        ...(await writeSchemaFiles(join(dataDir, 'schemas'), app, faults)),
      };
      return appStates[app]!;
    };
    const history: Record<AppId, ReleaseRecord[]> = { 'financial-rise': [], flowcomply: [] };
    const recordedDeploy = async (app: AppId, release: string, extraFaults: string[] = []) => {
      const appState = await deploy(app, release, extraFaults);
      history[app].push({ revision: history[app].length + 1, release, faults: appState.faults, deployedAt: appState.deployedAt });
      return appState;
    };
    /** Stops the app so nobody is connected to its database, runs `work`, starts it again on the same release. */
    const withAppStopped = async <T>(app: AppId, work: () => Promise<T>): Promise<T> => {
      const current = appStates[app];
      if (!current) throw new Error(`${app} is not deployed`);
      await running[app]?.close();
      delete running[app];
      try {
        return await work();
      } finally {
        const faults = faultsFor(app, current.release, current.faults);
        liveFaults[app] = withPlainIds(faults);
        running[app] = await startApp(app, current.release, faults, liveFaults[app]!, ctx, current);
      }
    };
    const snapshot = (app: AppId, name: string) =>
      withAppStopped(app, async () => {
        const copy = snapshotDatabase(DB_NAMES[app], name);
        await pgServer.copyDatabase(DB_NAMES[app], copy);
        return { snapshot: copy, database: DB_NAMES[app] };
      });
    const restore = async (app: AppId, name: string) => {
      const copy = snapshotDatabase(DB_NAMES[app], name);
      if (!(await pgServer.listDatabases(copy)).includes(copy)) throw new Error(`no snapshot "${name}" of ${app} (database ${copy})`);
      await withAppStopped(app, () => pgServer.copyDatabase(copy, DB_NAMES[app]));
      return appStates[app]!;
    };
    const switchFault = (app: AppId, id: string, on: boolean): SandboxAppState => {
      const live = liveFaults[app];
      const current = appStates[app];
      if (!live || !current) throw new Error(`${app} is not deployed`);
      const plain = plainFaultId(id);
      if (!RUNTIME_FAULT_IDS.has(plain) || findFault(plain)?.app !== app) throw new Error(`${id} is not a runtime fault of ${app}`);
      for (const entry of [...live]) if (plainFaultId(entry) === plain) live.delete(entry);
      const kept = current.faults.filter((f) => plainFaultId(f) !== plain);
      if (on) for (const entry of withPlainIds([id])) live.add(entry);
      appStates[app] = { ...current, faults: on ? [...kept, id] : kept };
      return appStates[app]!;
    };
    for (const app of APP_IDS) await recordedDeploy(app, opts.releases?.[app] ?? '1.0.0', opts.faults ?? []);
    const statusPage = await startStatusPage(appStates);
    stops.push(statusPage.stop);
    const releaseRepo = await createReleaseRepo(
      join(dataDir, 'release-repo'),
      Object.values(RELEASES).flatMap((r) => Object.keys(r)),
    );
    const state: SandboxState = {
      version: 1,
      pid: process.pid,
      status: 'ready',
      startedAt: new Date().toISOString(),
      database: { kind: pgServer.kind },
      mail: { apiUrl: mail.apiUrl, smtp: mail.smtp },
      ...(redis ? { redis: { url: redis.url, managed: redis.managed } } : {}),
      ...(awsWorld ? { aws: awsWorld.state() } : {}),
      apps: appStates as Record<AppId, SandboxAppState>,
      accounts,
      rateLimits,
      statusPageUrl: statusPage.url,
      tlsCaFile: ca.certFile,
      ...(releaseRepo ? { releaseRepo } : {}),
    };
    return { state, deploy: recordedDeploy, snapshot, restore, history: () => history, switchFault, awsState: () => awsWorld?.state(), stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

interface StartContext {
  pgServer: PostgresServer;
  mail: MailCatcher;
  redis?: RedisServer;
  accounts: ReturnType<typeof generateAccounts>;
  rateLimits: SandboxState['rateLimits'];
  dataDir: string;
  logDir: string;
}

async function startApp(
  app: AppId,
  release: string,
  faults: string[],
  liveFaults: Set<string>,
  ctx: StartContext,
  previous?: SandboxAppState,
): Promise<RunningApp> {
  const logFile = join(ctx.logDir, `${app}.log`);
  await applyLogFaults(logFile, faults);
  const line = logLineFormat(faults);
  const log = (level: 'INFO' | 'WARN' | 'ERROR', message: string) => {
    void appendFile(logFile, line(level, message)).catch(() => {});
  };
  const ports = previous ? { api: Number(new URL(previous.apiUrl).port), web: Number(new URL(previous.webUrl).port) } : undefined;
  const common = {
    databaseUrl: ctx.pgServer.urlFor(DB_NAMES[app]),
    smtp: ctx.mail.smtp,
    faults: liveFaults,
    release,
    dataDir: join(ctx.dataDir, app),
    log,
    ...(ports ? { ports } : {}),
    ...(ctx.redis ? { redisUrl: ctx.redis.url } : {}),
  };
  await mkdir(common.dataDir, { recursive: true });
  const start = await loadStarter(app);
  if (app === 'financial-rise') {
    const rateLimits = ctx.rateLimits === 'load' ? LOAD_LIMITS.fr : undefined;
    return (start as typeof import('./financial-rise/index.ts').startFinancialRise)({
      ...common,
      accounts: ctx.accounts['financial-rise'],
      ...(rateLimits ? { rateLimits } : {}),
    });
  }
  const rateLimit = ctx.rateLimits === 'load' ? LOAD_LIMITS.fc : undefined;
  return (start as typeof import('./flowcomply/index.ts').startFlowComply)({
    ...common,
    accounts: ctx.accounts.flowcomply,
    ...(rateLimit ? { rateLimit } : {}),
  });
}
