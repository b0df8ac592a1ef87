import Fastify, { type FastifyInstance } from 'fastify';
import type { LogFn } from './api/context.ts';
import { CSS_LATE_MS, FC } from './faults.ts';
import { faultValue } from '../fault-values.ts';
import { dashboardPage, errorPage, homePage, loginPage, NAV, sectionPage } from './web-pages.ts';

/**
 * The front-end service (the deployed app's Next.js): serves the pages, each with the API's
 * URL injected. `apiUrl` is read per request because the API's port is known only after
 * both servers listen.
 */
export interface WebOptions {
  apiUrl: () => string;
  faults: ReadonlySet<string>;
  log: LogFn;
}

const LATE_CSS_PATH = '/_next/static/css/theme.css';

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cache-control': 'no-cache',
};

export function buildWeb(opts: WebOptions): FastifyInstance {
  const app = Fastify({ logger: false });

  if (opts.faults.has(FC.frontend500)) {
    // Every path, known or not, fails the way a crashed server-side render does.
    app.addHook('onRequest', async (request, reply) => {
      opts.log('ERROR', `Frontend ${request.method} ${request.url} -> 500: Error: getServerSideProps failed to render`);
      return reply
        .code(500)
        .headers(HEADERS)
        .send(errorPage(opts.apiUrl(), 500, 'Internal Server Error'));
    });
  }

  const serve = (path: string, render: (apiUrl: string) => string) =>
    app.get(path, async (_request, reply) => reply.headers(HEADERS).send(render(opts.apiUrl())));

  serve('/', homePage);
  // fc:css-late: /login waits for a render-blocking stylesheet answered late (a slow CDN).
  const lateCss = opts.faults.has(FC.cssLate);
  serve('/login', (api) => {
    const html = loginPage(api, opts.faults.has(FC.driftLabelsRequired));
    return lateCss ? html.replace('</head>', `<link rel="stylesheet" href="${LATE_CSS_PATH}">\n</head>`) : html;
  });
  if (lateCss)
    app.get(LATE_CSS_PATH, async (_request, reply) => {
      await new Promise((r) => setTimeout(r, faultValue(opts.faults, FC.cssLate) ?? CSS_LATE_MS));
      return reply.type('text/css; charset=utf-8').header('cache-control', 'no-store').send('h1 { letter-spacing: 0.01em; }');
    });
  serve('/dashboard', dashboardPage);
  for (const [label, href] of NAV) if (href !== '/dashboard') serve(href, (api) => sectionPage(api, label));

  app.setNotFoundHandler(async (_request, reply) =>
    reply
      .code(404)
      .headers(HEADERS)
      .send(errorPage(opts.apiUrl(), 404, 'Page not found')),
  );
  app.setErrorHandler(async (error: Error, request, reply) => {
    opts.log('ERROR', `Frontend ${request.method} ${request.url} -> 500: ${error.message}`);
    return reply
      .code(500)
      .headers(HEADERS)
      .send(errorPage(opts.apiUrl(), 500, 'Internal Server Error'));
  });
  return app;
}
