import { checkDetails, test } from '../fixtures/index.ts';
import { fcProfile, route } from '../../src/apps/suite-context.ts';

test('5.3 monitoring reports database connections', checkDetails('fc.smoke.db-metrics'), async ({ suite, gate, fcAdmin }) => {
  const res = await fcAdmin.call('GET', 'metrics');
  // A 404 on a configured route is a missing capability on the target, named as such.
  if (res.status === 404)
    gate.note(
      `route missing on target: ${route(suite, 'metrics')} answered 404; configure apps.flowcomply.routes.metrics if the deployment serves it elsewhere`,
    );
  gate.check('GET monitoring/metrics answers 200', res.status, '==', 200);
  const db = res.data?.database ?? res.data?.data?.database;
  gate.check('database activeConnections reported', typeof db?.activeConnections, '==', 'number');
  gate.check('database maxConnections reported', typeof db?.maxConnections, '==', 'number');
});

interface QueueStats {
  queueName: string;
  waiting: number;
  active: number;
  failed: number;
}

test('5.4 queues running, no stuck jobs', checkDetails('fc.smoke.queues'), async ({ suite, gate, fcAdmin }) => {
  const poll = async () => {
    const res = await fcAdmin.call('GET', 'queues');
    if (res.status === 404) gate.note(`route missing on target: ${route(suite, 'queues')} answered 404`);
    return { status: res.status, queues: (res.data?.queues ?? res.data?.data?.queues ?? []) as QueueStats[] };
  };
  const first = await poll();
  // fc.smoke.security-authz tries forged tokens on this route: missing for the admin too, it has nothing to protect.
  gate.step('routes', first.status !== 404);
  gate.require('GET monitoring/queues answers 200', first.status, '==', 200);
  gate.check('at least one queue reported', first.queues.length, '>', 0);
  await new Promise((r) => setTimeout(r, fcProfile(suite).expected.queuePollGapMs));
  const second = await poll();
  for (const q of second.queues) {
    const before = first.queues.find((b) => b.queueName === q.queueName);
    gate.check(`${q.queueName}: failed jobs`, q.failed, '==', 0);
    if (before)
      gate.check(
        `${q.queueName}: waiting + active not growing over ${fcProfile(suite).expected.queuePollGapMs / 1000} s`,
        q.waiting + q.active,
        '<=',
        before.waiting + before.active,
      );
  }
});
