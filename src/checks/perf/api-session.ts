/**
 * A small timed HTTP session against an app's API: bearer token from a login, and the CSRF
 * double-submit some deployments require (read the cookie from any response, echo it in a
 * header on writes). It sends no Origin header: Financial RISE answers 5xx to an origin it
 * does not allow. Plain `fetch`, so the time measured is the request, not a client library.
 */

export interface TimedResponse {
  status: number;
  ok: boolean;
  /** Parsed JSON when the body is JSON, else the text. */
  data: unknown;
  /** From sending the request to the last byte of the body. */
  ms: number;
}

import type { RequestPacer } from '../../http/client.ts';

/**
 * Tokens of this process by target and account: perf and load log in once per run and share
 * the session (the target allows few logins). Keyed by run so a new run logs in afresh.
 */
const sharedTokens = new Map<string, Promise<string>>();

export interface SessionOptions {
  /** The target's request budget: every request waits until it fits, a 429 is waited out once. */
  pacer?: RequestPacer;
  /** Double-submit CSRF: cookie to read, header to echo it in (writes only). */
  csrf?: { cookie: string; header: string };
  /** Per request; a request that takes longer is aborted and reported as status 0. */
  timeoutMs?: number;
}

/** Reads `a.b.c` from a JSON value (token fields differ per app: `access_token`, `data.accessToken`). */
export function valueAt(data: unknown, dotPath: string): unknown {
  return dotPath.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), data);
}

/** One line for messages: status plus the start of the body (never a token: bodies of login are not logged). */
export function describe(res: TimedResponse): string {
  const body = typeof res.data === 'string' ? res.data : JSON.stringify(res.data);
  return res.status === 0 ? `no response (${String(res.data)})` : `HTTP ${res.status} ${(body ?? '').slice(0, 160)}`;
}

export class ApiSession {
  private token?: string;
  private csrfValue?: string;

  constructor(
    private readonly baseUrl: string,
    private readonly opts: SessionOptions = {},
  ) {}

  /** The token from login(), for engines that send their own requests (the embedded load engine). */
  get bearer(): string | undefined {
    return this.token;
  }

  /**
   * Logs in once per `shareKey` (e.g. run id + account) in this process and reuses that token
   * after: one login per account per run. A failed login is not kept (the next caller tries).
   */
  async loginShared(shareKey: string, path: string, email: string, password: string, tokenField: string): Promise<void> {
    const key = `${this.baseUrl} ${shareKey} ${email}`;
    let token = sharedTokens.get(key);
    if (!token) {
      token = this.login(path, email, password, tokenField).then(() => this.token as string);
      sharedTokens.set(key, token);
      token.catch(() => sharedTokens.delete(key));
    }
    this.token = await token;
  }

  /** Logs in; the token is kept for later calls. Throws with the response when it fails. */
  async login(path: string, email: string, password: string, tokenField: string): Promise<void> {
    const res = await this.request('POST', path, { body: { email, password }, auth: false, csrf: false });
    const token = valueAt(res.data, tokenField);
    if (!res.ok || typeof token !== 'string') {
      throw new Error(
        `login at ${path} failed: ${res.status === 0 ? describe(res) : `HTTP ${res.status}`}${res.ok ? ` (no "${tokenField}" in the body)` : ''}`,
      );
    }
    this.token = token;
  }

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    opts: { body?: unknown; auth?: boolean; csrf?: boolean } = {},
  ): Promise<TimedResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.auth !== false && this.token) headers.authorization = `Bearer ${this.token}`;
    const csrf = this.opts.csrf;
    if (csrf && method !== 'GET' && opts.csrf !== false) {
      // "An API client must GET something first": any response sets the cookie.
      if (!this.csrfValue) await this.request('GET', '/', { auth: false });
      if (this.csrfValue) {
        headers[csrf.header] = this.csrfValue;
        headers.cookie = `${csrf.cookie}=${encodeURIComponent(this.csrfValue)}`;
      }
    }
    for (let attempt = 0; ; attempt++) {
      await this.opts.pacer?.take(method, path);
      const res = await this.send(method, path, headers, opts.body);
      if (res.status !== 429 || !this.opts.pacer || attempt > 0) return res;
      await this.opts.pacer.after429(method, path, res.retryAfterS);
    }
  }

  private async send(method: string, path: string, headers: Record<string, string>, body: unknown): Promise<TimedResponse & { retryAfterS?: number }> {
    const started = performance.now();
    try {
      const res = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      this.remember(res.headers.getSetCookie());
      const retryAfterS = Number(res.headers.get('retry-after')) || undefined;
      return { status: res.status, ok: res.status >= 200 && res.status < 300, data: parseBody(text), ms, ...(retryAfterS ? { retryAfterS } : {}) };
    } catch (error) {
      return { status: 0, ok: false, data: (error as Error).message, ms: performance.now() - started };
    }
  }

  /** Primes the CSRF cookie with a GET of a known route (health) rather than `/`. */
  async prime(path: string): Promise<TimedResponse> {
    return this.request('GET', path, { auth: false });
  }

  private remember(setCookies: string[]): void {
    const name = this.opts.csrf?.cookie;
    if (!name) return;
    for (const c of setCookies) {
      if (c.startsWith(`${name}=`)) this.csrfValue = decodeURIComponent(c.slice(name.length + 1).split(';')[0]);
    }
  }
}

function parseBody(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
