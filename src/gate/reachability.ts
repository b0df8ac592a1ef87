import { createConnection } from 'node:net';

/**
 * The gate's own reachability probe: can this machine open a TCP connection to the target's
 * hosts? Run only when nothing of the target answered in a run. A connection accepted, or
 * refused by the host itself (it answered with a reset), means the network path works; a
 * timeout, an unresolvable name or an unreachable network means the gate cannot tell.
 */

const PROBE_MS = 3000;

function tcpReaches(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const end = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(PROBE_MS, () => end(false));
    socket.once('connect', () => end(true));
    socket.once('error', (e: NodeJS.ErrnoException) => end(e.code === 'ECONNREFUSED'));
  });
}

/** True when any of the origins' hosts is reachable from this machine. */
export async function probeReachable(origins: readonly string[]): Promise<boolean> {
  const targets = origins.flatMap((o) => {
    try {
      const u = new URL(o);
      return [{ host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) }];
    } catch {
      return [];
    }
  });
  const answers = await Promise.all(targets.map((t) => tcpReaches(t.host, t.port)));
  return answers.some(Boolean);
}
