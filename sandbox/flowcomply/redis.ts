import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/**
 * The app's Redis connection (cache, rate limiter). Commands fail at once while the
 * connection is down (no offline queue) so a probe or a cache read never hangs a request,
 * and the client keeps reconnecting in the background so a Redis that comes back is used.
 */
export async function connectRedis(url: string, log: (level: 'INFO' | 'WARN', message: string) => void): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Log transitions, not every reconnect attempt: one WARN per outage, one INFO per recovery.
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) log('WARN', `Redis connection error (${redactUrl(url)}): ${err.message}`);
    down = true;
  });
  redis.on('ready', () => {
    log('INFO', `Redis connected (${redactUrl(url)})`);
    down = false;
  });
  await redis.connect().catch(() => {
    // Already logged by the error listener; the health route reports it.
  });
  return redis;
}

/** PING with a deadline, so readiness answers within a second even on a hung socket. */
export async function pingRedis(redis: Redis, timeoutMs = 1000): Promise<void> {
  const reply = await withTimeout(redis.ping(), timeoutMs, 'Redis PING');
  if (reply !== 'PONG') throw new Error(`Redis PING answered ${reply}`);
}

/** `key:value` lines of `INFO <section>` as a map. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) out[line.slice(0, at)] = line.slice(at + 1).trim();
  }
  return out;
}

/**
 * A URL where no Redis listens (fault `fc:redis-down`): a port the OS just handed out and
 * that was closed again, so connections are refused for real.
 */
export async function deadRedisUrl(): Promise<string> {
  const port = await new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 1));
    });
  });
  return `redis://127.0.0.1:${port}`;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
