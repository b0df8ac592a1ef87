import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { freePort } from '../src/host/free-port.ts';
import { pollK6Metrics } from '../src/checks/load/k6-live-poller.ts';
import { refusedPort } from './fixtures/refused-port.ts';

/**
 * The k6 live poller against a real loopback HTTP server that answers `GET /v1/metrics` with
 * the shape the k6 docs give (k6 is not installed here: the k6 end is proven by that documented
 * shape, not by a real k6). It must get figures when k6 answers, and when k6 is slow, gone or
 * answers nonsense it must neither throw nor pile up requests.
 */

const payload = readFileSync(new URL('./fixtures/k6/rest-api-metrics.json', import.meta.url), 'utf8');
const servers: Server[] = [];
// closeAllConnections: fetch keeps idle sockets alive for seconds, close() alone would wait.
after(() =>
  Promise.all(
    servers.map(
      (s) =>
        new Promise((r) => {
          s.close(r);
          s.closeAllConnections();
        }),
    ),
  ),
);

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ address: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler?.(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { address: `127.0.0.1:${port}`, hits };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !check() && Date.now() < end; ) await sleep(20);
}

test('k6 answers: the figures so far, from GET /v1/metrics on the given address', async () => {
  const k6 = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(payload));
  const poller = pollK6Metrics(k6.address, 50);
  await until(() => poller.latest().requests !== undefined, 2000);
  poller.stop();
  assert.deepEqual(poller.latest(), { requests: 4812, rps: 160.4, p95Ms: 48.6, errors: 12, throttled: 7 });
  assert.equal(k6.hits[0], 'GET /v1/metrics');
});

test('k6 hangs: each request gives up after its timeout, never two at once, no figures', async () => {
  const k6 = await serve(() => {}); // never answers
  const poller = pollK6Metrics(k6.address, 20, 150);
  await sleep(500);
  poller.stop();
  assert.deepEqual(poller.latest(), {});
  // 500 ms / 150 ms timeout: at most 4 requests (one at a time), however often it ticked.
  assert.ok(k6.hits.length >= 2 && k6.hits.length <= 4, `requests sent: ${k6.hits.length}`);
});

test('k6 answers an error, a non-JSON page, then nothing: the last figures stand, nothing throws', async () => {
  let answer = 'good';
  const k6 = await serve((_req, res) => {
    if (answer === 'good') res.writeHead(200).end(payload);
    else if (answer === '500') res.writeHead(500).end('{"errors":[{"title":"boom"}]}');
    else res.writeHead(200).end('<html>not json</html>');
  });
  const poller = pollK6Metrics(k6.address, 30);
  await until(() => poller.latest().requests !== undefined, 2000);
  for (answer of ['500', 'html']) {
    const seen = k6.hits.length;
    await until(() => k6.hits.length >= seen + 2, 2000);
    assert.equal(poller.latest().requests, 4812, `after ${answer}`);
  }
  poller.stop();
});

test('nothing listening (k6 not started yet, or gone): no figures, no throw', async () => {
  const port = await refusedPort();
  const poller = pollK6Metrics(`127.0.0.1:${port}`, 30);
  await sleep(200);
  poller.stop();
  assert.deepEqual(poller.latest(), {});
});

test('freePort: two calls give ports that can be bound on loopback', async () => {
  const ports = [await freePort(), await freePort()];
  for (const port of ports) {
    assert.ok(port > 0);
    const s = createTcpServer();
    await new Promise<void>((resolve, reject) => s.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((r) => s.close(r));
  }
});
