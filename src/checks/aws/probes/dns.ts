import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface DnsAnswer {
  host: string;
  resolved: boolean;
  addresses: string[];
  /** ENOTFOUND, ESERVFAIL, timeout, ... when not resolved. */
  error?: string;
}

/**
 * Resolves a host name with the system resolver (what the browser and the smoke tests use).
 * An IP literal counts as resolved; `localhost` resolves through the resolver like any name.
 */
export async function resolveHost(host: string, timeoutMs = 5000): Promise<DnsAnswer> {
  if (isIP(host)) return { host, resolved: true, addresses: [host] };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'timeout' })), timeoutMs);
  });
  try {
    const answers = await Promise.race([lookup(host, { all: true }), timeout]);
    return { host, resolved: answers.length > 0, addresses: answers.map((a) => a.address) };
  } catch (err) {
    return { host, resolved: false, addresses: [], error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
