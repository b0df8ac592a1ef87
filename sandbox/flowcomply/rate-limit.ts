import type { Redis } from 'ioredis';

/**
 * The app's one global rate limit: a fixed window per client IP, shared by every route
 * (health and login included), counted in Redis when there is one so every backend task
 * shares the count, else in memory. The contract's numbers are the defaults; the sandbox
 * supervisor raises `max` for gate runs because the gate's own load test comes from one IP.
 */
export const DEFAULT_RATE_LIMIT = { max: 100, windowMs: 15 * 60 * 1000 } as const;

export interface RateLimitOptions {
  max: number;
  windowMs: number;
}

export interface WindowCount {
  /** Requests in the current window, this one included. */
  count: number;
  /** Epoch ms when the window ends. */
  resetAt: number;
}

export interface Decision extends WindowCount {
  allowed: boolean;
  remaining: number;
}

/** Where counts live. Redis and memory behave the same: a window starts at the first hit. */
export interface CounterStore {
  hit(key: string, windowMs: number, nowMs: number): Promise<WindowCount>;
}

/** Pure: the verdict for one request given its window count. */
export function decide(window: WindowCount, max: number): Decision {
  return { ...window, allowed: window.count <= max, remaining: Math.max(0, max - window.count) };
}

export function memoryStore(): CounterStore {
  const windows = new Map<string, WindowCount>();
  let nextSweep = 0;
  return {
    async hit(key, windowMs, nowMs) {
      // Sweep lazily instead of on a timer, so there is nothing to stop on close().
      if (nowMs >= nextSweep) {
        for (const [k, w] of windows) if (w.resetAt <= nowMs) windows.delete(k);
        nextSweep = nowMs + windowMs;
      }
      const current = windows.get(key);
      const next = current && current.resetAt > nowMs ? { count: current.count + 1, resetAt: current.resetAt } : { count: 1, resetAt: nowMs + windowMs };
      windows.set(key, next);
      return next;
    },
  };
}

/** SET NX starts the window with its expiry, INCR counts, PTTL tells when it resets. */
export function redisStore(redis: Redis, prefix = 'fc:rl:'): CounterStore {
  return {
    async hit(key, windowMs, nowMs) {
      const results = await redis
        .multi()
        .set(prefix + key, 0, 'PX', windowMs, 'NX')
        .incr(prefix + key)
        .pttl(prefix + key)
        .exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw failed?.[0] ?? new Error('Redis transaction aborted');
      const count = Number(results[1][1]);
      const ttl = Number(results[2][1]);
      return { count, resetAt: nowMs + (ttl > 0 ? ttl : windowMs) };
    },
  };
}

/**
 * Redis first; when Redis fails the memory store answers, so a Redis outage degrades the
 * limit to per-task instead of taking every route down with it.
 */
export function fallbackStore(primary: CounterStore, backup: CounterStore, onFallback: (err: Error) => void): CounterStore {
  return {
    async hit(key, windowMs, nowMs) {
      try {
        return await primary.hit(key, windowMs, nowMs);
      } catch (err) {
        onFallback(err as Error);
        return backup.hit(key, windowMs, nowMs);
      }
    },
  };
}

export interface RateLimiter {
  check(ip: string, nowMs?: number): Promise<Decision>;
  options: RateLimitOptions;
}

export function rateLimiter(store: CounterStore, options: Partial<RateLimitOptions> = {}): RateLimiter {
  // `??` rather than a spread: an explicit `max: undefined` must still mean the default.
  const resolved: RateLimitOptions = {
    max: options.max ?? DEFAULT_RATE_LIMIT.max,
    windowMs: options.windowMs ?? DEFAULT_RATE_LIMIT.windowMs,
  };
  return {
    options: resolved,
    async check(ip, nowMs = Date.now()) {
      return decide(await store.hit(ip, resolved.windowMs, nowMs), resolved.max);
    },
  };
}
