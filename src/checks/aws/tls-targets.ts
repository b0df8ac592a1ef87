import type { TlsConfig } from '../../config/environment.ts';

/**
 * What `*.pre.tls` looks at, from the environment (pure): which served certificates, and which
 * CAs to trust. The I/O (handshakes, reading the CA file) is preflight.ts's.
 */

export interface TlsEndpoint {
  hostname: string;
  port: number;
}

export interface TlsTargets {
  /** Handshake with each of these and check the certificate it serves. */
  https: TlsEndpoint[];
  /** Targets on plain http whose public face nobody named: nothing served to check. */
  httpHosts: string[];
}

const distinct = (urls: URL[]) => urls.filter((u, i) => urls.findIndex((v) => v.host === u.host && v.protocol === u.protocol) === i);
const endpointOf = (u: URL): TlsEndpoint => ({ hostname: u.hostname, port: Number(u.port || 443) });

/**
 * `tls.endpoints` when set: the public face (https, perhaps a CDN hostname) while apiUrl/webUrl
 * are internal http URLs. Those http URLs are then no "plain http: nothing to check" note: the
 * certificates users are served were checked. Unset: the https ones among apiUrl/webUrl.
 */
export function tlsTargets(target: { apiUrl: string; webUrl: string; tls?: Pick<TlsConfig, 'endpoints'> }): TlsTargets {
  if (target.tls?.endpoints?.length) return { https: distinct(target.tls.endpoints.map((e) => new URL(e))).map(endpointOf), httpHosts: [] };
  const urls = distinct([new URL(target.apiUrl), new URL(target.webUrl)]);
  return {
    https: urls.filter((u) => u.protocol === 'https:').map(endpointOf),
    httpHosts: urls.filter((u) => u.protocol === 'http:').map((u) => u.host),
  };
}

/**
 * The CAs a handshake trusts with `tls.caFile`: Node's `ca` option REPLACES the default root
 * store, so the bundle is added to the public roots, never instead of them (a public certificate
 * must still verify when a private CA is configured). `undefined`: Node's own store, unchanged.
 */
export function trustedCas(extraPem: string | undefined, roots: readonly string[]): string[] | undefined {
  return extraPem === undefined ? undefined : [...roots, extraPem];
}
