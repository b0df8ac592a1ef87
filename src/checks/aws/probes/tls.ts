import { connect, checkServerIdentity, type PeerCertificate } from 'node:tls';
import { isIP } from 'node:net';
import { ProbeError } from '../../guarded.ts';

/** The certificate a server actually serves, from a real TLS handshake. */
export interface ServedCertificate {
  host: string;
  port: number;
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
  /** Chain verifies against the trust store (or `ca`) and the name matches the host. */
  trusted: boolean;
  trustError?: string;
}

function name(part: PeerCertificate['subject'] | undefined): string {
  return part
    ? Object.entries(part)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ')
    : '';
}

/**
 * Handshakes with `host:port` and reads the served certificate. Verification is not enforced
 * during the handshake (an expired or self-signed certificate must still be measured); the
 * result says whether it would have been trusted.
 */
export function inspectServedCertificate(
  host: string,
  port = 443,
  opts: { timeoutMs?: number; ca?: string | Buffer | Array<string | Buffer> } = {},
): Promise<ServedCertificate> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      ...(opts.ca ? { ca: opts.ca } : {}),
    });
    const fail = (err: Error) => {
      socket.destroy();
      reject(
        new ProbeError(
          `TLS handshake with ${host}:${port} failed (${(err as NodeJS.ErrnoException).code ?? err.message})`,
          `check that ${host}:${port} serves HTTPS and is reachable from here`,
          { cause: err },
        ),
      );
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no handshake within ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      if (!cert?.valid_to) return fail(new Error('the server presented no certificate'));
      const identity = checkServerIdentity(host, cert);
      const chainError = socket.authorized ? undefined : String(socket.authorizationError ?? 'not authorized');
      const trustError = chainError ?? identity?.message;
      resolve({
        host,
        port,
        subject: name(cert.subject),
        issuer: name(cert.issuer),
        validFrom: new Date(cert.valid_from),
        validTo: new Date(cert.valid_to),
        trusted: !trustError,
        ...(trustError ? { trustError } : {}),
      });
    });
  });
}
