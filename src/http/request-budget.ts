import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAllowance, perWindow, spentPerLimit, waitBefore, type RateLimits, type Spend, type SpentLine } from './rate-limits.ts';

/**
 * The gate's request budget against one target: every request the gate's own clients send is
 * written to a ledger shared by every process of this machine that talks to that target (the
 * gate, its Playwright child, `doctor`), so `doctor` then `verify`, back to back, stay within
 * the target's limits together. Before a request that would exceed a limit the budget waits
 * for the window (progress shown); a wait longer than allowed, or past the run's deadline,
 * is a gate error naming the limit — never a finding about the release.
 */

/** The longest the gate waits for one window before it gives up (a login window is 60 s). */
export const DEFAULT_MAX_WAIT_MS = 120_000;

export class RequestBudgetError extends Error {
  constructor(message: string) {
    super(`request budget: ${message}`);
    this.name = 'RequestBudgetError';
  }
}

export interface BudgetOptions {
  apiUrl: string;
  /** The app id, for messages naming the config key (`apps.<app>.contract.rateLimits.login`). */
  app?: string;
  limits: RateLimits;
  /** The profile's route paths by key, as this environment has them. */
  paths: Record<string, string>;
  /** Tags the spends of one run (the run id, or `doctor-<time>`). */
  run: string;
  log?: (line: string) => void;
  /** Called before a wait (e.g. to extend a Playwright test's timeout by as much). */
  onWait?: (ms: number) => void;
  maxWaitMs?: number;
  signal?: AbortSignal;
  /** Where ledgers live (tests); default `<tmp>/postflight-requests`. */
  dir?: string;
  now?: () => number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

export class RequestBudget {
  readonly ledger: string;
  private readonly now: () => number;

  constructor(readonly opts: BudgetOptions) {
    const dir = opts.dir ?? join(tmpdir(), 'postflight-requests');
    mkdirSync(dir, { recursive: true });
    this.ledger = join(dir, `${new URL(opts.apiUrl).host.replace(/[^A-Za-z0-9.-]/g, '_')}.jsonl`);
    this.now = opts.now ?? Date.now;
  }

  /** Spends in the ledger younger than the longest window, oldest first (older lines are dropped now and then). */
  spends(): Spend[] {
    if (!existsSync(this.ledger)) return [];
    const longest = Math.max(0, ...Object.values(this.opts.limits).map((l) => l.windowS)) * 1000;
    const cutoff = this.now() - longest;
    const lines = readFileSync(this.ledger, 'utf8').split('\n').filter(Boolean);
    const all = lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Spend];
      } catch {
        return [];
      }
    });
    const fresh = all.filter((s) => s.t > cutoff || s.run === this.opts.run);
    if (lines.length > 5000 && fresh.length < all.length) writeFileSync(this.ledger, `${fresh.map((s) => JSON.stringify(s)).join('\n')}\n`);
    return fresh.sort((a, b) => a.t - b.t);
  }

  /** Waits until `METHOD /path` fits every limit it counts against, then records it as spent. */
  async take(method: string, path: string): Promise<void> {
    const request = `${method.toUpperCase()} ${path.split('?')[0]}`;
    for (;;) {
      const wait = waitBefore(this.opts.limits, this.spends(), request, this.now(), this.opts.paths);
      if (wait.ms <= 0) break;
      await this.waitFor(wait.ms, `${request} would exceed ${this.describe(wait.limitId!)}`);
    }
    appendFileSync(this.ledger, `${JSON.stringify({ t: this.now(), request, run: this.opts.run } satisfies Spend)}\n`);
  }

  /** After a 429 (someone else spent the window): waits `Retry-After` (or one window) so the caller can send again. */
  async after429(method: string, path: string, retryAfterS?: number): Promise<void> {
    const request = `${method.toUpperCase()} ${path.split('?')[0]}`;
    const windows = Object.values(this.opts.limits).map((l) => l.windowS);
    const seconds = retryAfterS && retryAfterS > 0 ? retryAfterS : Math.min(...windows, 60);
    await this.waitFor(seconds * 1000 + 250, `${request} answered 429 (the target's window is full, spent outside this run)`);
  }

  /** The load's pace: each limit it counts against keeps a fifth of its window for everything else. */
  loadAllowance(requests: readonly { request: string; weight: number }[], durationS: number): { rate?: number; maxRequests?: number; limit?: string } {
    const spends = this.spends();
    const now = this.now();
    const a = loadAllowance(
      this.opts.limits,
      requests,
      durationS,
      (id) => {
        const l = this.opts.limits[id]!;
        return spentPerLimit(
          { [id]: l },
          spends.filter((s) => s.t > now - l.windowS * 1000).map((s) => ({ ...s, run: 'window' })),
          'window',
          this.opts.paths,
        )[0]!.peak;
      },
      this.opts.paths,
    );
    return {
      ...(a.rate !== undefined ? { rate: a.rate } : {}),
      ...(a.maxRequests !== undefined ? { maxRequests: a.maxRequests } : {}),
      ...(a.limitId ? { limit: `${this.opts.limits[a.limitId]!.label} (${perWindow(this.opts.limits[a.limitId]!)}, contract.rateLimits.${a.limitId})` } : {}),
    };
  }

  recordBulk(request: string, count: number): void {
    const t = this.now();
    if (count > 0) appendFileSync(this.ledger, `${JSON.stringify({ t, request, run: this.opts.run, n: count } satisfies Spend)}\n`);
  }

  spent(): SpentLine[] {
    return spentPerLimit(this.opts.limits, this.spends(), this.opts.run, this.opts.paths);
  }

  private describe(limitId: string): string {
    const l = this.opts.limits[limitId]!;
    return `the target's limit of ${l.label} (${perWindow(l)}, apps.${this.opts.app ?? '<app>'}.contract.rateLimits.${limitId})`;
  }

  private async waitFor(ms: number, why: string): Promise<void> {
    const max = this.opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    if (ms > max)
      throw new RequestBudgetError(
        `${why}; the window frees in ${Math.ceil(ms / 1000)} s, more than the gate waits (${Math.round(max / 1000)} s). Allowlist the gate's IP (and raise the limit in contract.rateLimits) or run again later`,
      );
    if (this.opts.signal?.aborted) throw new RequestBudgetError(`${why}; the run's deadline has passed`);
    const until = this.now() + ms;
    this.opts.onWait?.(ms);
    this.opts.log?.(`budget: ${why}: waiting ${Math.ceil(ms / 1000)} s for the window`);
    while (this.now() < until) {
      await sleep(Math.min(10_000, until - this.now()), this.opts.signal);
      if (this.opts.signal?.aborted) throw new RequestBudgetError(`${why}; the run's deadline passed while waiting`);
      const left = Math.ceil((until - this.now()) / 1000);
      if (left > 0) this.opts.log?.(`budget: ${left} s left`);
    }
  }
}

/** One budget per target and run in this process, so every client of the process shares it. */
const budgets = new Map<string, RequestBudget>();
export function requestBudget(opts: BudgetOptions): RequestBudget {
  const key = `${opts.apiUrl} ${opts.run}`;
  let b = budgets.get(key);
  if (!b) budgets.set(key, (b = new RequestBudget(opts)));
  return b;
}
