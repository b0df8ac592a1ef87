import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { faultValue } from './fault-values.ts';

/**
 * Each sandbox app's HTTPS face: a tiny server on 127.0.0.1 answering 200, serving a
 * certificate issued by the sandbox's own test CA, so `*.pre.tls` makes a real handshake with a
 * certificate it trusts (through `tls.caFile`) instead of finding plain http. It does not proxy
 * the app: it stands for the public TLS endpoint in front of it. The certificate's validity is
 * what the `*:served-cert-expiring=<days>` faults move; a healthy deploy issues HEALTHY_DAYS.
 *
 * The CA is made once per sandbox state dir with the openssl CLI; its key stays there (0600)
 * and is never copied into a report: only the CA certificate (`ca.pem`) is handed to the gate.
 */
export const HEALTHY_DAYS = 90;
/** Default of a served-cert-expiring fault without a value: the runbook wants > 14 days. */
export const EXPIRING_DAYS = 7;
/** openssl runs locally and quickly; a hung one must not hang the sandbox. */
const OPENSSL_TIMEOUT_MS = 20_000;

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, timeout: OPENSSL_TIMEOUT_MS, stdio: ['ignore', 'ignore', 'pipe'] });
}

export interface SandboxCa {
  /** The CA certificate the gate trusts (`tls.caFile`). */
  certFile: string;
  dir: string;
}

/** The sandbox test CA under `<dir>`: made on first use, reused after (one per state dir). */
export async function ensureSandboxCa(dir: string): Promise<SandboxCa> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const certFile = join(dir, 'ca.pem');
  if (!existsSync(certFile) || !existsSync(join(dir, 'ca.key'))) {
    openssl(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=postflight sandbox test CA'], dir);
    await chmod(join(dir, 'ca.key'), 0o600);
  }
  return { certFile, dir };
}

/**
 * A server certificate for 127.0.0.1 (CN and IP SAN, so the name matches), signed by the CA,
 * valid `days` days from now (`openssl -days N`: notAfter = now + N days, so the check reads
 * N - 1 days left a moment later). Key and certificate stay in memory; the key file is removed.
 */
async function issue(ca: SandboxCa, name: string, days: number): Promise<{ key: string; cert: string }> {
  const key = `${name}.key`;
  const crt = `${name}.pem`;
  openssl(
    [
      'req',
      '-x509',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      ...EC,
      '-keyout',
      key,
      '-out',
      crt,
      '-days',
      String(days),
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-addext',
      'basicConstraints=critical,CA:FALSE',
    ],
    ca.dir,
  );
  try {
    return { key: await readFile(join(ca.dir, key), 'utf8'), cert: await readFile(join(ca.dir, crt), 'utf8') };
  } finally {
    await rm(join(ca.dir, key), { force: true });
  }
}

/** The validity a deploy with `faults` serves: the fault's value, its default, or healthy. */
export function servedCertDays(faults: ReadonlySet<string>, faultId: string): number {
  return faultValue(faults, faultId) ?? (faults.has(faultId) ? EXPIRING_DAYS : HEALTHY_DAYS);
}

export interface HttpsFace {
  url: string;
  days: number;
  close(): Promise<void>;
}

/** Starts the face of `name` with a certificate valid `days` days, on `port` when given (a redeploy keeps its URL). */
export async function startHttpsFace(ca: SandboxCa, name: string, days: number, port = 0): Promise<HttpsFace> {
  const { key, cert } = await issue(ca, name, days);
  const server: Server = createServer({ key, cert }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`${name}: ok\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  return {
    url: `https://127.0.0.1:${bound}`,
    days,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
