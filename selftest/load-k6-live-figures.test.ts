import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { k6LiveFigures } from '../src/checks/load/k6-live-figures.ts';

/**
 * k6's `GET /v1/metrics` answer -> the live console's figures (pure). The fixture has the shape
 * the k6 docs ("k6 REST API", List Metrics) give; k6 itself is not installed on these machines,
 * so the k6 end rests on that documented shape, not on a recorded run.
 */

const recorded = JSON.parse(readFileSync(new URL('./fixtures/k6/rest-api-metrics.json', import.meta.url), 'utf8'));
const metric = (id: string, type: string, sample: unknown) => ({ type: 'metrics', id, attributes: { type, contains: 'default', tainted: null, sample } });

const cases: { name: string; json: unknown; want: ReturnType<typeof k6LiveFigures> }[] = [
  {
    name: 'the documented shape, mid-run: every figure; errors = failed share x requests, rounded',
    json: recorded,
    want: { requests: 4812, rps: 160.4, p95Ms: 48.6, errors: 12, throttled: 7 },
  },
  { name: 'before the first request k6 lists no http metric: no figures', json: { data: [metric('vus', 'gauge', { value: 10 })] }, want: {} },
  {
    name: 'a script without our throttled Counter: 429s unknown, the rest shown',
    json: { data: [metric('http_reqs', 'counter', { count: 10, rate: 5 }), metric('http_req_failed', 'rate', { rate: 0 })] },
    want: { requests: 10, rps: 5, errors: 0 },
  },
  {
    name: 'no failed-rate metric: errors unknown, never 0',
    json: { data: [metric('http_reqs', 'counter', { count: 10, rate: 5 }), metric('http_req_duration', 'trend', { avg: 3, 'p(90)': 4 })] },
    want: { requests: 10, rps: 5 },
  },
  {
    name: 'a failed rate without a request count gives no errors figure',
    json: { data: [metric('http_req_failed', 'rate', { rate: 0.5 })] },
    want: {},
  },
  {
    name: 'odd values (strings, NaN-ish, negatives, no sample, no attributes) are left out',
    json: {
      data: [
        metric('http_reqs', 'counter', { count: '12', rate: -1 }),
        metric('http_req_duration', 'trend', null),
        { type: 'metrics', id: 'throttled' },
        null,
        'x',
        metric('http_req_failed', 'rate', { rate: 0.1 }),
      ],
    },
    want: {},
  },
  { name: 'not JSON:API at all', json: { metrics: { http_reqs: { count: 3 } } }, want: {} },
  { name: 'data is not a list', json: { data: metric('http_reqs', 'counter', { count: 3 }) }, want: {} },
  { name: 'null', json: null, want: {} },
  { name: 'an error page body as a string', json: '<html>404</html>', want: {} },
];

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(k6LiveFigures(c.json), c.want);
  });
}
