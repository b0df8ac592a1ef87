import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { financialRise } from '../../config/apps/financial-rise.ts';
import { GENEROUS, loadErrorOf, setupEnv, startApp, type Env, type Started } from './financial-rise-harness.ts';

/**
 * The web front end as HTML: every page of the profile answers, carries the headings and
 * labels the gate's browser checks look for, and starts without throwing. (Lighthouse and the
 * real browser run elsewhere.)
 */
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';
const concrete = (page: string): string => page.replace(':id', SAMPLE_ID).replace(':token', 'sample-client-token-0001');

/** `<label for=x>Text</label>` pairs whose target element exists. */
function labelled(html: string): string[] {
  return [...html.matchAll(/<label for="([^"]+)">([^<]+)<\/label>/g)]
    .filter(([, id]) => new RegExp(`id="${id}"`).test(html.replace(/<label[^>]*>/g, '')))
    .map(([, , text]) => text);
}

describe('Financial RISE sandbox: web front end', () => {
  let env: Env;
  let s: Started;
  const get = async (path: string) => {
    const res = await fetch(s.app.webUrl + path);
    return { status: res.status, type: res.headers.get('content-type') ?? '', html: await res.text() };
  };

  before(async () => {
    env = await setupEnv('fr_web');
    s = await startApp(env, { rateLimits: GENEROUS });
  });
  after(async () => {
    await s?.app.close();
    await env?.stop();
  });

  test('every page of the profile is a small, well-formed HTML page that knows the API and starts cleanly', async () => {
    for (const page of [...Object.values(financialRise.pages), '/verify-email']) {
      const path = concrete(page);
      const r = await get(path);
      assert.equal(r.status, 200, path);
      assert.match(r.type, /^text\/html/);
      assert.match(r.html, /<html lang="en">/);
      assert.match(r.html, /<meta name="viewport"/);
      assert.match(r.html, /<title>[^<]+<\/title>/);
      assert.ok(r.html.includes(`window.__API__="${s.app.apiUrl}/api/v1"`), path);
      assert.ok(r.html.length < 20_000, `${path} is ${r.html.length} bytes`);
      assert.equal(loadErrorOf(r.html, path), undefined, path);
    }
  });

  test('login, dashboard, new assessment, results and admin carry the profile labels', async () => {
    const L = financialRise.labels;
    const login = (await get('/login')).html;
    assert.match(login, new RegExp(`<h1>${L.loginHeading}</h1>`));
    assert.deepEqual(labelled(login), [L.email, L.password]);
    assert.match(login, new RegExp(`<button type="submit">${L.signIn}</button>`));
    assert.doesNotMatch(login, /<script src=/, 'no external script when healthy');

    const dash = (await get('/dashboard')).html;
    assert.match(dash, new RegExp(`<h1>${L.dashboardHeading}</h1>`));
    assert.match(dash, new RegExp(`>${L.newAssessment}</a>`));

    const create = (await get('/assessments/new')).html;
    assert.match(create, new RegExp(`<h1>${L.createHeading}</h1>`));
    assert.deepEqual(labelled(create), [L.clientName, L.businessName, L.clientEmail, L.notes]);

    const results = (await get(concrete(financialRise.pages.results))).html;
    for (const text of [L.generateReports, L.downloadConsultant, L.downloadClient]) assert.match(results, new RegExp(`>${text}</button>`));

    const admin = (await get('/admin')).html;
    for (const h of ['Users', 'Assessments', 'Analytics']) assert.match(admin, new RegExp(`>${h}</h2>`));
    assert.match((await get(concrete(financialRise.pages.client))).html, />Submit<\/button>/);
    assert.deepEqual(labelled((await get('/register')).html), ['First Name', 'Last Name', 'Email', 'Password']);
  });

  test('home links sign in and sign up, and every asset it references answers 200', async () => {
    const home = (await get('/')).html;
    assert.match(home, /href="\/login"/);
    assert.match(home, /href="\/register"/);
    for (const [, href] of home.matchAll(/(?:href|src)="(\/[^"]*)"/g)) {
      assert.equal((await fetch(new URL(href, s.app.webUrl))).status, 200, href);
    }
  });

  test('the page talks to the API on the host it was loaded from (the CSRF cookie travels same-site only)', async () => {
    // fetch may not set Host (a forbidden header), node:http may.
    const html = await new Promise<string>((resolve, reject) => {
      http
        .get(`${s.app.webUrl}/login`, { headers: { host: `localhost:${new URL(s.app.webUrl).port}` } }, (res) => {
          let body = '';
          res
            .setEncoding('utf8')
            .on('data', (c: string) => (body += c))
            .on('end', () => resolve(body));
        })
        .on('error', reject);
    });
    assert.ok(html.includes(`window.__API__="http://localhost:${new URL(s.app.apiUrl).port}/api/v1"`));
    const cors = await fetch(`${s.app.apiUrl}/api/v1/health`, { headers: { origin: `http://localhost:${new URL(s.app.webUrl).port}` } });
    assert.equal(cors.status, 200);
  });

  test('an unknown page is a 404 HTML page', async () => {
    const r = await get('/no-such-page');
    assert.equal(r.status, 404);
    assert.match(r.html, /Page not found/);
  });
});
