import { createServer } from 'node:http';
import type { AppId } from '../src/core/types.ts';
import type { SandboxAppState } from './state.ts';

const HEALTH_PATH: Record<AppId, string> = { 'financial-rise': '/api/v1/health', flowcomply: '/health/ready' };

/**
 * The sandbox's status pages (runbook "status page shows All Systems Operational"): each app
 * has its own at `/<app>` (so one app's fault never fails the other's uptime check), and `/`
 * shows both. Each request asks the apps' health, so a broken app turns its page to
 * "Degraded Performance".
 */
export async function startStatusPage(apps: Partial<Record<AppId, SandboxAppState>>): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const only = (req.url ?? '/').replace(/^\/+|\/+$/g, '');
    const entries = (Object.entries(apps) as Array<[AppId, SandboxAppState | undefined]>).filter(([app]) => !only || app === only);
    if (entries.length === 0) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no status page for "${only}"`);
      return;
    }
    const rows = await Promise.all(
      entries.map(async ([app, s]) => {
        if (!s) return { app, ok: false };
        const ok = await fetch(new URL(HEALTH_PATH[app], s.apiUrl), { signal: AbortSignal.timeout(3000) }).then(
          (r) => r.ok,
          () => false,
        );
        return { app, ok };
      }),
    );
    const allOk = rows.every((r) => r.ok);
    const headline = allOk ? 'All Systems Operational' : 'Degraded Performance';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><title>Status</title><h1>${headline}</h1><ul>${rows.map((r) => `<li>${r.app}: ${r.ok ? 'Operational' : 'Degraded'}</li>`).join('')}</ul></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  return { url, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
