/**
 * Posts a notification to a Slack-compatible JSON webhook. Retries what may pass on a second try
 * (5xx, 429, a timeout, a refused connection) with a doubling backoff, a bounded number of times;
 * never throws: the outcome, each attempt included, goes into the round's record, and a webhook
 * that is down never stops the watch.
 */

export interface Attempt {
  status?: number;
  error?: string;
  ms: number;
}

export interface Delivery {
  /** The webhook without path or query: a Slack webhook's path is its secret. */
  to: string;
  delivered: boolean;
  attempts: Attempt[];
}

export interface WebhookOptions {
  attempts?: number;
  timeoutMs?: number;
  firstBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** What may be recorded of a webhook URL: its origin only. */
export function webhookLabel(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(not a URL)';
  }
}

const retriable = (a: Attempt) => a.error !== undefined || (a.status !== undefined && (a.status >= 500 || a.status === 429));

export async function postWebhook(url: string, body: unknown, opts: WebhookOptions = {}): Promise<Delivery> {
  const max = opts.attempts ?? 4;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const attempts: Attempt[] = [];
  for (let i = 0; i < max; i++) {
    if (i > 0) await sleep((opts.firstBackoffMs ?? 500) * 2 ** (i - 1));
    const started = Date.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      attempts.push({ status: res.status, ms: Date.now() - started });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      attempts.push({
        error: e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message).replace(url, webhookLabel(url)),
        ms: Date.now() - started,
      });
    }
    const last = attempts[attempts.length - 1]!;
    if (!retriable(last)) return { to: webhookLabel(url), delivered: last.status !== undefined && last.status < 300, attempts };
  }
  return { to: webhookLabel(url), delivered: false, attempts };
}
