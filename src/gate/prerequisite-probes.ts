import { createConnection } from 'node:net';
import { findChromium } from '../host/chromium.ts';
import { findK6 } from '../checks/load/k6-runner.ts';
import { probeAwsAccess } from '../aws/access.ts';
import type { MailConfig } from '../config/environment.ts';
import type { PrerequisitePlan, ProbeFacts } from './prerequisites.ts';

/**
 * The I/O half of the preflight: finds the tools and asks each inbox and AWS account one
 * bounded question. All probes run at once, and none takes longer than its time limit.
 */

const MAIL_TIMEOUT_MS = 4000;

/**
 * Any HTTP answer below 500 counts: the inbox is there; a 401 means its credentials are wrong,
 * which the checks report. A 5xx is an inbox that answers errors instead of mail: the gate's
 * own side broken, refused now rather than reported later as the app's missing email.
 */
async function httpAnswers(url: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(MAIL_TIMEOUT_MS), redirect: 'manual' });
    await res.body?.cancel();
    return res.status < 500 ? { ok: true, detail: `HTTP ${res.status}` } : { ok: false, detail: `${new URL(url).origin}: answered HTTP ${res.status}` };
  } catch (err) {
    // fetch hides the socket error in `cause` (an AggregateError when several addresses were tried).
    const e = err as Error & { cause?: { code?: string; message?: string; errors?: { code?: string }[] } };
    const why =
      e.name === 'TimeoutError'
        ? `no answer within ${MAIL_TIMEOUT_MS / 1000} s`
        : (e.cause?.code ?? e.cause?.errors?.[0]?.code ?? e.cause?.message ?? e.message);
    return { ok: false, detail: `${new URL(url).origin}: ${why}` };
  }
}

function tcpAnswers(host: string, port: number): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const end = (ok: boolean, detail: string) => (socket.destroy(), resolve({ ok, detail }));
    socket.setTimeout(MAIL_TIMEOUT_MS, () => end(false, `${host}:${port}: no answer within ${MAIL_TIMEOUT_MS / 1000} s`));
    socket.once('connect', () => end(true, 'connected'));
    socket.once('error', (e: NodeJS.ErrnoException) => end(false, `${host}:${port}: ${e.code ?? e.message}`));
  });
}

export function probeMail(mail: MailConfig): Promise<{ ok: boolean; detail: string }> {
  if (mail.kind === 'imap') return tcpAnswers(mail.host, mail.port);
  return httpAnswers(mail.url);
}

export async function probePrerequisites(plan: PrerequisitePlan, env: NodeJS.ProcessEnv): Promise<ProbeFacts> {
  const facts: ProbeFacts = { mail: {}, aws: {} };
  if (plan.browserPhases.length > 0) {
    const path = findChromium(env);
    facts.chromium = {
      ...(path ? { path } : {}),
      looked: env.CHROME_PATH ? `CHROME_PATH=${env.CHROME_PATH}` : 'CHROME_PATH (unset), /usr/bin/chromium and PATH',
    };
  }
  const waits: Promise<void>[] = [];
  if (plan.k6) waits.push(findK6(env).then((k6) => void (facts.k6 = k6)));
  for (const { app, mail } of plan.mail) waits.push(probeMail(mail).then((r) => void (facts.mail[app] = r)));
  for (const { app, region, endpoint } of plan.aws) {
    if (!region) continue;
    waits.push(probeAwsAccess({ region, ...(endpoint ? { endpoint } : {}) }, env).then((r) => void (facts.aws[app] = r.ok ? { ok: true, detail: 'ok' } : r)));
  }
  await Promise.all(waits);
  return facts;
}
