import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { QueueModel } from '../queues.ts';
import type { RateLimiter } from '../rate-limit.ts';
import type { DocumentStore } from '../store.ts';

export type LogFn = (level: 'INFO' | 'WARN' | 'ERROR', message: string) => void;

/** Everything a route needs, built once per start in `index.ts` and closed by it. */
export interface ApiContext {
  db: Pool;
  /** Null when no REDIS_URL is configured (not the same as configured but down). */
  redis: Redis | null;
  store: DocumentStore;
  queues: QueueModel;
  limiter: RateLimiter;
  /** HMAC key for bearer tokens; new per start, like a rotated JWT_SECRET. */
  tokenSecret: Buffer;
  faults: ReadonlySet<string>;
  release: string;
  environment: string;
  startedAtMs: number;
  log: LogFn;
  /**
   * Browser origins allowed by CORS. Filled once the front end has its port, which is
   * after the API routes are registered; read per request.
   */
  webOrigins: Set<string>;
}
