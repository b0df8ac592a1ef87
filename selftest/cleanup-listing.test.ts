import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli.ts';
import { refusedPort } from './fixtures/refused-port.ts';

/**
 * `cleanup` through the real CLI against a tiny fake API on 127.0.0.1: when a listing fails
 * (route 404, refused login, API unreachable) it says what it could not list and why, and
 * exits 1; it never prints "nothing to clean" then.
 */

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Financial RISE as far as cleanup sees it; `admin` and `login` decide the failure. */
function financialRise(opts: { adminUsers: number; login: number }): Handler {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/api/v1/auth/login') {
      return opts.login === 200 ? json(res, 200, { access_token: 'tok-123456789' }) : json(res, opts.login, { message: 'Unauthorized' });
    }
    if (url.pathname === '/api/v1/assessments') return json(res, 200, { data: [], meta: { totalPages: 1 } });
    if (url.pathname === '/api/v1/admin/users') {
      return opts.adminUsers === 200
        ? json(res, 200, { data: [], meta: { totalPages: 1 } })
        : json(res, opts.adminUsers, { message: 'Cannot GET /api/v1/admin/users' });
    }
    json(res, 404, { message: 'not found' });
  };
}

const SECRETS = {
  FR_SMOKE_EMAIL: 'smoke@postflight.test',
  FR_SMOKE_PASSWORD: 'Smoke-Password-1',
  FR_ADMIN_EMAIL: 'admin@postflight.test',
  FR_ADMIN_PASSWORD: 'Admin-Password-1',
  FC_SMOKE_EMAIL: 'smoke@postflight.test',
  FC_SMOKE_PASSWORD: 'Smoke-Password-1',
  FC_ADMIN_EMAIL: 'admin@postflight.test',
  FC_ADMIN_PASSWORD: 'Admin-Password-1',
  FC_THROWAWAY_EMAIL: 'throwaway@postflight.test',
  FC_THROWAWAY_PASSWORD: 'Throwaway-Password-1',
};

describe('cleanup that cannot list leftovers says so and exits 1 (real CLI)', () => {
  let dir: string;
  let server: Server;
  let handler: Handler = () => {};
  let apiUrl: string;
  let closedUrl: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'postflight-cleanup-listing-'));
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A port nobody listens on: "API unreachable".
    closedUrl = `http://127.0.0.1:${await refusedPort()}`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  async function cleanup(app: string, url: string): Promise<{ code: number; out: string; err: string }> {
    const file = join(dir, `${app}-env.json`);
    await writeFile(file, JSON.stringify({ name: 'fake', apps: { [app]: { apiUrl: url, webUrl: url } } }));
    let out = '';
    let err = '';
    const io = { out: (t: string) => void (out += `${t}\n`), err: (t: string) => void (err += `${t}\n`), env: { ...SECRETS }, cwd: dir };
    return { code: await main(['cleanup', '--app', app, '--env', file], io), out, err };
  }

  test('every listing answers: "nothing to clean", exit 0 (the baseline)', async () => {
    handler = financialRise({ adminUsers: 200, login: 200 });
    const r = await cleanup('financial-rise', apiUrl);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /Financial RISE on fake: nothing to clean/);
  });

  test('admin route 404: names the route, the status and the config key; exit 1', async () => {
    handler = financialRise({ adminUsers: 404, login: 200 });
    const r = await cleanup('financial-rise', apiUrl);
    assert.equal(r.code, 1, r.out + r.err);
    assert.doesNotMatch(r.out, /nothing to clean/);
    assert.match(r.out, /cleanup incomplete: 1 listing failed, leftovers unknown/);
    assert.match(r.out, /accounts registered by runs could not be listed.*GET \/api\/v1\/admin\/users \(routes\.adminUsers\) answered HTTP 404/);
    assert.match(r.out, /set apps\.financial-rise\.routes\.adminUsers in the environment/);
    assert.match(r.err, /incomplete \(1 listing failed; .*exit 1/);
  });

  test('login refused (401): says which account could not log in; exit 1', async () => {
    handler = financialRise({ adminUsers: 200, login: 401 });
    const r = await cleanup('financial-rise', apiUrl);
    assert.equal(r.code, 1, r.out + r.err);
    assert.doesNotMatch(r.out, /nothing to clean/);
    assert.match(r.out, /assessments made by runs could not be listed.*smoke consultant login \(HTTP 401\)/);
    assert.match(r.out, /2 listings failed/);
    assert.match(r.out, /unlock or rotate FR_SMOKE_EMAIL\/FR_SMOKE_PASSWORD/);
    assert.doesNotMatch(r.out, /is reachable from this machine/, 'a refused login is not a network problem');
  });

  test('API unreachable: says it could not list and that the API is unreachable; exit 1', async () => {
    const r = await cleanup('flowcomply', closedUrl);
    assert.equal(r.code, 1, r.out + r.err);
    assert.doesNotMatch(r.out, /nothing to clean/);
    assert.match(r.out, /postflight- assets could not be listed.*ECONNREFUSED/);
    assert.match(r.out, /check that the API at apps\.flowcomply\.apiUrl is reachable/);
  });
});
