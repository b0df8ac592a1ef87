import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailDev } from 'maildev';
import { freePort } from '../src/host/free-port.ts';

/** A real SMTP mail catcher (maildev) with its REST API under `<apiUrl>/api`. */
export interface MailCatcher {
  smtp: { host: string; port: number };
  /** Base URL of the web/API server, e.g. http://127.0.0.1:1080 (REST under /api). */
  apiUrl: string;
  stop(): Promise<void>;
}

export async function startMailCatcher(ports: { smtp?: number; web?: number } = {}): Promise<MailCatcher> {
  const smtpPort = ports.smtp || (await freePort());
  const webPort = ports.web || (await freePort());
  const mailDirectory = await mkdtemp(join(tmpdir(), 'postflight-mail-'));
  const maildev = new MailDev({ smtp: smtpPort, web: webPort, ip: '127.0.0.1', mailDirectory, silent: true } as never);
  await maildev.start();
  const apiUrl = `http://127.0.0.1:${webPort}`;
  await waitForHttp(`${apiUrl}/api/healthz`, 10_000);
  return {
    smtp: { host: '127.0.0.1', port: smtpPort },
    apiUrl,
    async stop() {
      await maildev.stop().catch(() => {});
      await rm(mailDirectory, { recursive: true, force: true }).catch(() => {});
    },
  };
}

/** Polls until `url` answers any HTTP status below 500, or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.status < 500) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (last: ${last})`);
}
