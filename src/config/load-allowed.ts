/**
 * Pure policy both the config loader (at load time, exit 3) and the load check (before any
 * request) apply: it lives in config so the loader need not import a check.
 */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * Load is generated only against this machine unless the environment says the target may take
 * it (`allowLoad: true`): a gate must never load production by accident.
 */
export function loadRefusal(apiUrl: string, allowLoad: boolean): string | undefined {
  if (allowLoad) return undefined;
  let host: string;
  try {
    host = new URL(apiUrl).hostname;
  } catch {
    return `the API URL ${JSON.stringify(apiUrl)} is not a URL`;
  }
  if (LOCAL_HOSTS.has(host)) return undefined;
  return `refused to generate load against ${host}: only 127.0.0.1/localhost may be loaded unless the environment sets allowLoad: true for this app`;
}
