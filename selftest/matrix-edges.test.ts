/**
 * The threshold-edge table (selftest/matrix/threshold-edges.ts), pure, no processes: every
 * numeric threshold of every profile has over/under rows or a reason why not (listed here, so
 * none is forgotten silently), and the fault values follow the profile's numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_PROFILES } from '../config/apps/index.ts';
import { findFault } from '../sandbox/faults.ts';
import { faultValue, plainFaultId, withPlainIds } from '../sandbox/fault-values.ts';
import type { AppId } from '../src/core/types.ts';
import { edgeFaults, profileThresholds, THRESHOLD_EDGES } from './matrix/threshold-edges.ts';

const all = new Map(Object.entries(APP_PROFILES).flatMap(([app, p]) => [...profileThresholds(app as AppId, p)]));

test('every numeric threshold of the profiles is in the edge table, and nothing else is', () => {
  const listed = THRESHOLD_EDGES.map((e) => e.threshold);
  assert.deepEqual(
    [...all.keys()].filter((k) => !listed.includes(k)),
    [],
    'thresholds with neither an edge row nor a reason',
  );
  assert.deepEqual(
    listed.filter((k) => !all.has(k)),
    [],
    'table rows naming no profile threshold (stale)',
  );
  assert.equal(new Set(listed).size, listed.length, 'each threshold once');
});

test('each threshold has edge rows or a reason, never both or neither', (t) => {
  for (const e of THRESHOLD_EDGES) {
    const movable = Boolean(e.fault && e.phase && e.trips?.length && e.noGo && e.go);
    assert.ok(movable !== Boolean(e.why), `${e.threshold}: rows xor why`);
    if (e.fault) assert.equal(findFault(e.fault)?.app, e.threshold.split(':')[0], `${e.threshold}: ${e.fault} is a fault of that app`);
  }
  const without = THRESHOLD_EDGES.filter((e) => e.why);
  t.diagnostic(`${THRESHOLD_EDGES.length - without.length} thresholds with edge rows; ${without.length} without:`);
  for (const e of without) t.diagnostic(`  ${e.threshold} (${all.get(e.threshold)}): ${e.why}`);
});

test('edge values follow the profile: just past the limit is NO-GO, just inside is GO', () => {
  const rows = new Map(edgeFaults().map((f) => [f.id, f.expect]));
  const expected: Array<[string, string]> = [
    ['fr:report-slow=5500', 'no-go'],
    ['fr:report-slow=4000', 'go'], // reports < 5 s
    ['fr:api-slow=330', 'no-go'],
    ['fr:api-slow=100', 'go'], // GET /assessments p95 300 ms: 200 ms under (see delayUnder)
    ['fr:api-slow=550', 'no-go'],
    ['fr:api-slow=300', 'go'], // load p95 500 ms: 200 ms under
    ['fr:error-rate=1.67', 'no-go'],
    ['fr:error-rate=0.56', 'go'], // 1 %, of which 9/10 authenticated
    ['fc:alb-slow=220', 'no-go'],
    ['fc:alb-slow=180', 'go'], // ALB p95 200 ms
    ['fc:ecs-cpu-high=88', 'no-go'],
    ['fc:ecs-cpu-high=72', 'go'], // ECS 80 %
    ['fc:rds-connections-high=55', 'no-go'],
    ['fc:rds-connections-high=45', 'go'], // RDS < 50 % of max
    ['fc:redis-hit-low=63', 'no-go'],
    ['fc:redis-hit-low=77', 'go'], // Redis hit rate > 70 %
    ['fr:alarm-weaker=11', 'no-go'],
    ['fr:alarm-weaker=10', 'go'], // 5xx alarm > 10
    ['fr:log-retention-7=14', 'no-go'],
    ['fr:log-retention-7=30', 'go'], // retention 30 days
    ['fr:api-post-slow=550', 'no-go'],
    ['fr:api-post-slow=300', 'go'], // POST /assessments p95 500 ms: 200 ms under
    ['fc:api-slow=550', 'no-go'],
    ['fc:api-slow=300', 'go'], // FlowComply load p95 500 ms (-40 %: cold requests, see the row)
    ['fr:requests-hang=1', 'no-go'],
    ['fr:requests-hang=0', 'go'], // no timeouts; 0 hung requests is the healthy app
    ['fc:requests-hang=1', 'no-go'],
    ['fc:requests-hang=0', 'go'],
    ['fr:css-late=1500', 'no-go'],
    ['fr:css-late=1000', 'go'], // Lighthouse score >= 0.9 (measured delays, see the row)
    ['fc:css-late=1500', 'no-go'],
    ['fc:css-late=1000', 'go'],
    ['fr:logs-stale=66', 'no-go'],
    ['fr:logs-stale=54', 'go'], // newest log event within 60 min
    ['fr:alarm-weaker-response-time=1.1', 'no-go'],
    ['fr:alarm-weaker-response-time=1', 'go'], // TargetResponseTime > 1 s
    ['fr:alarm-weaker-db-cpu=88', 'no-go'],
    ['fr:alarm-weaker-db-cpu=80', 'go'],
    ['fr:alarm-weaker-memory=93.5', 'no-go'],
    ['fr:alarm-weaker-memory=85', 'go'],
    ['fr:alarm-window-5xx=360', 'no-go'],
    ['fr:alarm-window-5xx=300', 'go'], // 5 min
    ['fr:alarm-window-response-time=360', 'no-go'],
    ['fr:alarm-window-response-time=300', 'go'],
    ['fr:alarm-window-db-cpu=660', 'no-go'],
    ['fr:alarm-window-db-cpu=600', 'go'], // 10 min
    ['fr:alarm-window-memory=660', 'no-go'],
    ['fr:alarm-window-memory=600', 'go'],
    ['fr:served-cert-expiring=15', 'no-go'],
    ['fr:served-cert-expiring=16', 'go'], // served certificate > 14 days: -days 15 reads 14 days left, 16 reads 15
    ['fc:served-cert-expiring=15', 'no-go'],
    ['fc:served-cert-expiring=16', 'go'],
  ];
  for (const [id, expect] of expected) assert.equal(rows.get(id), expect, id);
  // The timeout rows run a load long enough for a request to outlive the 10 s load timeout.
  assert.ok(
    edgeFaults()
      .filter((f) => f.id.includes('requests-hang'))
      .every((f) => (f.loadDurationS ?? 0) > 10),
  );
  // The report edge appears twice (smoke budget and perf budget), distinguished by phase.
  assert.equal(
    edgeFaults()
      .filter((f) => f.id === 'fr:report-slow=5500')
      .map((f) => f.phase)
      .join(','),
    'smoke,perf',
  );
});

test('a valued fault id reaches the app as its plain id plus its value', () => {
  const ids = withPlainIds(['fr:report-slow=5500', 'fr:admin-403']);
  assert.ok(ids.has('fr:report-slow') && ids.has('fr:admin-403'));
  assert.equal(faultValue(ids, 'fr:report-slow'), 5500);
  assert.equal(faultValue(ids, 'fr:admin-403'), undefined);
  assert.equal(plainFaultId('fc:error-rate=1.5'), 'fc:error-rate');
  assert.equal(findFault('fr:report-slow=5500')?.id, 'fr:report-slow');
});
