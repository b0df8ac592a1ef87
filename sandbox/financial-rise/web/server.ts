import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { CSS_LATE_MS, type RuntimeFaults } from '../faults.ts';
import { heavyBundle } from './heavy.ts';
import { renderPage, type Page } from './layout.ts';
import { adminPage } from './page-admin.ts';
import { clientPage } from './page-client.ts';
import { dashboardPage, newAssessmentPage, resultsPage } from './pages-consultant.ts';
import { HEAVY_SCRIPT_PATH, LATE_CSS_PATH, homePage, loginPage, registerPage, SITE_CSS, SITE_CSS_PATH, verifyEmailPage } from './pages-public.ts';

/**
 * The web front end: server-rendered shells whose scripts call the API with fetch. The page
 * is told where the API is through `window.__API__`; the API host follows the host the page was
 * loaded from (localhost or 127.0.0.1), because the CSRF cookie only travels same-site.
 */
export interface WebOptions {
  apiUrl: () => string;
  faults: RuntimeFaults;
}

export function apiBaseFor(apiUrl: string, request: FastifyRequest): string {
  const u = new URL(apiUrl);
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  if ((host === 'localhost' || host === '127.0.0.1') && u.hostname !== host) u.hostname = host;
  return `${u.origin}/api/v1`;
}

export function buildWeb(opts: WebOptions): FastifyInstance {
  const app = Fastify({ logger: false });
  let heavy: string | undefined;

  const pages: Record<string, () => Page> = {
    '/': () => homePage(opts.faults),
    '/login': () => loginPage(opts.faults),
    '/register': registerPage,
    '/verify-email': verifyEmailPage,
    '/dashboard': dashboardPage,
    '/assessments/new': newAssessmentPage,
    '/assessments/:id/results': resultsPage,
    '/client/:token': clientPage,
    '/admin': adminPage,
  };
  for (const [path, page] of Object.entries(pages)) {
    app.get(path, async (request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(renderPage(page(), apiBaseFor(opts.apiUrl(), request))),
    );
  }

  app.get(SITE_CSS_PATH, async (_request, reply) => reply.type('text/css; charset=utf-8').send(SITE_CSS));
  // fr:css-late: render-blocking, so the page paints only after it (a slow CDN or theme service).
  app.get(LATE_CSS_PATH, async (_request, reply) => {
    await new Promise((r) => setTimeout(r, opts.faults.value('css-late') ?? CSS_LATE_MS));
    return reply.type('text/css; charset=utf-8').header('cache-control', 'no-store').send('h1 { letter-spacing: 0.01em; }');
  });
  app.get(HEAVY_SCRIPT_PATH, async (_request, reply) => reply.type('application/javascript; charset=utf-8').send((heavy ??= heavyBundle())));

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(
        renderPage(
          { title: 'Page not found', body: '<h1>Page not found</h1><p><a href="/">Back to the home page</a></p>' },
          apiBaseFor(opts.apiUrl(), request),
        ),
      ),
  );
  return app;
}
