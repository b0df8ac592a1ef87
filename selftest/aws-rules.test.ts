import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { financialRise, flowcomply } from '../config/apps/index.ts';
import { alarmSpecs, evaluateAlarmStates, evaluateAlarmsConfigured } from '../src/checks/aws/alarm-rules.ts';
import { evaluateErrorLines, evaluateLogGroups, evaluateLogsArriving, evaluateStartupLogs } from '../src/checks/aws/log-rules.ts';
import { evaluateAlbP95, evaluateEcsUtil, evaluateRdsConnections, evaluateRedisHitRate } from '../src/checks/aws/metric-rules.ts';
import { evaluateInfra, evaluateSecrets, evaluateSes } from '../src/checks/aws/infra-rules.ts';
import { evaluateDns, evaluateReleaseTag, evaluateTls } from '../src/checks/aws/net-rules.ts';
import { evaluateServiceStable, evaluateTasks } from '../src/checks/aws/ecs-rules.ts';
import { toResult } from '../src/checks/result.ts';
import type { Finding } from '../src/core/finding.ts';
import { toAwsError } from '../src/aws/errors.ts';
import { defaultMaxConnections } from '../src/aws/rds.ts';
import { signQuery } from '../src/aws/ses.ts';
import { T0, alarm, runbookAlarms, series, service } from './fixtures/aws/builders.ts';

/** The status a finding yields once it becomes a CheckResult (failed assertions make a fail). */
const statusOf = (f: Finding, id = 'fr.mon.alarms') => toResult(id, f, T0, T0).status;
const FR = alarmSpecs(financialRise.thresholds.alarms);
/** The profiles' thresholds: the rules apply what they are given. */
const LOGS = financialRise.thresholds.logs;
const M = flowcomply.thresholds.metrics;
const TLS_DAYS = financialRise.thresholds.tls.minDaysLeft;
const stateRules = { required: FR, deployedAt: T0, alarmsBeforeDeploy: 'count' as const, scope: 'prefix "financial-rise-"' };

describe('alarm states (fr.mon.alarms / fc.mon.alarms)', () => {
  const before = new Date(T0.getTime() - 3600_000);
  const after = new Date(T0.getTime() + 60_000);
  const cases: { name: string; alarms: ReturnType<typeof runbookAlarms>; flag?: boolean; status: string; mentions: string[] }[] = [
    { name: 'all OK', alarms: runbookAlarms(), status: 'pass', mentions: ['No alarm in ALARM among 4'] },
    {
      name: 'one firing after deploy',
      alarms: [alarm({ state: 'ALARM', stateSince: after, stateReason: 'Threshold Crossed' }), ...runbookAlarms().slice(1)],
      status: 'fail',
      mentions: ['financial-rise-5xx-errors', 'Threshold Crossed'],
    },
    {
      name: 'two firing, each named',
      alarms: [alarm({ state: 'ALARM' }), alarm({ name: 'financial-rise-custom', metric: 'X', state: 'ALARM' })],
      status: 'fail',
      mentions: ['financial-rise-5xx-errors', 'financial-rise-custom', '2 alarm(s)'],
    },
    {
      name: 'firing before deploy is flagged in the message',
      alarms: [alarm({ state: 'ALARM', stateSince: before })],
      status: 'fail',
      mentions: ['already in ALARM before the deploy'],
    },
    {
      name: 'firing before deploy with flag => inconclusive',
      alarms: [alarm({ state: 'ALARM', stateSince: before })],
      flag: true,
      status: 'inconclusive',
      mentions: ['already in ALARM before the deploy'],
    },
    {
      name: 'flag does not hide a new alarm',
      alarms: [alarm({ state: 'ALARM', stateSince: after })],
      flag: true,
      status: 'fail',
      mentions: ['financial-rise-5xx-errors'],
    },
    {
      name: 'runbook alarm INSUFFICIENT_DATA => inconclusive',
      alarms: [alarm({ state: 'INSUFFICIENT_DATA' })],
      status: 'inconclusive',
      mentions: ['INSUFFICIENT_DATA: financial-rise-5xx-errors'],
    },
    {
      name: 'other alarm INSUFFICIENT_DATA => reported only',
      alarms: [alarm(), alarm({ name: 'financial-rise-queue', metric: 'QueueDepth', state: 'INSUFFICIENT_DATA' })],
      status: 'pass',
      mentions: ['INSUFFICIENT_DATA: financial-rise-queue'],
    },
    { name: 'no alarms at all => inconclusive, never pass', alarms: [], status: 'inconclusive', mentions: ['No CloudWatch alarms found'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const f = evaluateAlarmStates(c.alarms, { ...stateRules, alarmsBeforeDeploy: c.flag ? 'flag' : 'count' });
      assert.equal(statusOf(f), c.status, f.message);
      for (const m of c.mentions) assert.ok(f.message.includes(m), `"${m}" not in: ${f.message}`);
    });
  }
});

describe('alarms configured (fr.pre.alarms-configured)', () => {
  const cases: { name: string; alarms: ReturnType<typeof runbookAlarms>; status: string; mentions: string[] }[] = [
    { name: 'the four runbook alarms', alarms: runbookAlarms(), status: 'pass', mentions: ['All 4 runbook alarms configured'] },
    { name: 'memory alarm missing', alarms: runbookAlarms().slice(0, 3), status: 'fail', mentions: ['MemoryUtilization > 85 %', 'no alarm'] },
    {
      name: '5xx threshold 50 is weaker',
      alarms: [alarm({ threshold: 50 }), ...runbookAlarms().slice(1)],
      status: 'fail',
      mentions: ['threshold 50 errors > runbook 10 errors'],
    },
    {
      name: 'response time in ms is weaker (CloudWatch uses seconds)',
      alarms: [runbookAlarms()[0], alarm({ name: 'rt', metric: 'TargetResponseTime', threshold: 1000 }), ...runbookAlarms().slice(2)],
      status: 'fail',
      mentions: ['in seconds'],
    },
    {
      name: 'DB CPU over 15 min is weaker',
      alarms: [
        ...runbookAlarms().slice(0, 2),
        alarm({ name: 'cpu', namespace: 'AWS/RDS', metric: 'CPUUtilization', threshold: 80, evaluationPeriods: 3 }),
        runbookAlarms()[3],
      ],
      status: 'fail',
      mentions: ['window 15 min > runbook 10 min'],
    },
    {
      name: 'stricter than the runbook passes',
      alarms: [alarm({ threshold: 5 }), ...runbookAlarms().slice(1)],
      status: 'pass',
      mentions: ['financial-rise-5xx-errors'],
    },
    {
      name: 'LessThan comparison is weaker',
      alarms: [alarm({ comparison: 'LessThanThreshold' }), ...runbookAlarms().slice(1)],
      status: 'fail',
      mentions: ['comparison LessThanThreshold'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const f = evaluateAlarmsConfigured(c.alarms, FR);
      assert.equal(statusOf(f, 'fr.pre.alarms-configured'), c.status, f.message);
      for (const m of c.mentions) assert.ok(f.message.includes(m), `"${m}" not in: ${f.message}`);
    });
  }
});

describe('logs', () => {
  const g = (name: string, retentionDays?: number, exists = true) => ({ name, exists, ...(retentionDays ? { retentionDays } : {}) });
  it('log groups: retention 30 or never-expire passes, 7 fails, missing fails', () => {
    assert.equal(statusOf(evaluateLogGroups([g('/a', 30), g('/b')], LOGS.retentionDays), 'fr.pre.log-groups'), 'pass');
    assert.match(evaluateLogGroups([g('/a', 7)], LOGS.retentionDays).message, /retention: 7 days fails >= 30/);
    assert.equal(statusOf(evaluateLogGroups([g('/a', 7)], LOGS.retentionDays), 'fr.pre.log-groups'), 'fail');
    assert.equal(statusOf(evaluateLogGroups([g('/a', 30, false)], LOGS.retentionDays), 'fr.pre.log-groups'), 'fail');
    assert.equal(statusOf(evaluateLogGroups([], LOGS.retentionDays), 'fr.pre.log-groups'), 'error');
  });
  it('logs arriving: an event in the window passes, none fails', () => {
    const recent = new Map([['/a', new Date(T0.getTime() - 5 * 60_000)]]);
    assert.equal(statusOf(evaluateLogsArriving([g('/a', 30)], recent, { ...LOGS, now: T0 }), 'fr.mon.logs'), 'pass');
    const f = evaluateLogsArriving([g('/a', 30)], new Map([['/a', undefined]]), { ...LOGS, now: T0, freshMinutes: 15 });
    assert.equal(statusOf(f, 'fr.mon.logs'), 'fail');
    assert.match(f.message, /no event in the last 15 min/);
  });
  it('error lines: counted per group, sample quoted; a non-ERROR line returned by a loose filter is ignored', () => {
    const ev = (message: string) => ({ at: T0, message });
    const clean = evaluateErrorLines(new Map([['/a', [ev('INFO fine, no errors')]]]), { since: T0, label: 'in the last hour' });
    assert.equal(statusOf(clean, 'fc.mon.log-errors'), 'pass');
    const dirty = evaluateErrorLines(
      new Map([
        ['/a', [ev('ERROR boom')]],
        ['/b', []],
      ]),
      { since: T0, label: 'in the last hour' },
    );
    assert.equal(statusOf(dirty, 'fc.mon.log-errors'), 'fail');
    assert.match(dirty.message, /1 ERROR line\(s\) in the last hour: \/a .*ERROR boom/);
  });
  it('start-up lines: all three conditions', () => {
    const ev = (message: string) => [{ at: T0, message }];
    const base = {
      group: '/ecs/b',
      serverStarted: ev('Server started on port 3000'),
      databaseConnected: ev('Database connected'),
      errors: [],
      serverStartedPhrase: 'Server started on port 3000',
    };
    assert.equal(statusOf(evaluateStartupLogs(base), 'fr.deploy.backend-logs'), 'pass');
    assert.match(evaluateStartupLogs({ ...base, serverStarted: [] }).message, /no "Server started on port 3000" line/);
    assert.match(evaluateStartupLogs({ ...base, databaseConnected: [] }).message, /no database-connected line/);
    assert.equal(statusOf(evaluateStartupLogs({ ...base, errors: ev('ERROR x') }), 'fr.deploy.backend-logs'), 'fail');
  });
});

describe('metrics (FlowComply 6.3)', () => {
  const cases: { name: string; f: () => Finding; id: string; status: string; mentions?: string[] }[] = [
    { name: 'ALB p95 150 ms passes', id: 'fc.mon.alb-p95', f: () => evaluateAlbP95(series([0.1, 0.15], { stat: 'p95' }), M.albP95Ms), status: 'pass' },
    {
      name: 'ALB p95 250 ms fails',
      id: 'fc.mon.alb-p95',
      f: () => evaluateAlbP95(series([0.1, 0.25], { stat: 'p95' }), M.albP95Ms),
      status: 'fail',
      mentions: ['250 ms >= 200 ms'],
    },
    {
      name: 'ALB Maximum stand-in is said so',
      id: 'fc.mon.alb-p95',
      f: () => evaluateAlbP95(series([0.12], { stat: 'Maximum', percentileFallback: true }), M.albP95Ms),
      status: 'pass',
      mentions: ['Maximum used'],
    },
    {
      name: 'ALB no datapoints => inconclusive',
      id: 'fc.mon.alb-p95',
      f: () => evaluateAlbP95(series([]), M.albP95Ms),
      status: 'inconclusive',
      mentions: ['No datapoints'],
    },
    {
      name: 'ALB 5xx rate goes to metrics',
      id: 'fc.mon.alb-p95',
      f: () => evaluateAlbP95(series([0.1], { stat: 'p95' }), M.albP95Ms, { requests: series([100, 100]), target5xx: series([5, 5]) }),
      status: 'pass',
    },
    {
      name: 'ECS 35/55 % passes',
      id: 'fc.mon.ecs-util',
      f: () => evaluateEcsUtil([{ service: 'b', cpu: series([30, 35]), memory: series([55]) }], M.ecsUtilPct),
      status: 'pass',
    },
    {
      name: 'ECS CPU 93 % fails',
      id: 'fc.mon.ecs-util',
      f: () => evaluateEcsUtil([{ service: 'b', cpu: series([30, 93]), memory: series([55]) }], M.ecsUtilPct),
      status: 'fail',
      mentions: ['b CPU peak: 93 % fails < 80 %'],
    },
    {
      name: 'ECS memory 80 % fails (< is strict)',
      id: 'fc.mon.ecs-util',
      f: () => evaluateEcsUtil([{ service: 'b', cpu: series([30]), memory: series([80]) }], M.ecsUtilPct),
      status: 'fail',
    },
    {
      name: 'ECS no memory data => inconclusive',
      id: 'fc.mon.ecs-util',
      f: () => evaluateEcsUtil([{ service: 'b', cpu: series([30]), memory: series([]) }], M.ecsUtilPct),
      status: 'inconclusive',
    },
    {
      name: 'RDS 12 of 100 passes',
      id: 'fc.mon.rds-connections',
      f: () => evaluateRdsConnections(series([10, 12]), { value: 100, source: 'default' }, M.rdsConnectionShare),
      status: 'pass',
    },
    {
      name: 'RDS 60 of 100 fails',
      id: 'fc.mon.rds-connections',
      f: () => evaluateRdsConnections(series([60]), { value: 100, source: 'default' }, M.rdsConnectionShare),
      status: 'fail',
      mentions: ['60 >= 50'],
    },
    {
      name: 'RDS no data => inconclusive',
      id: 'fc.mon.rds-connections',
      f: () => evaluateRdsConnections(series([]), { value: 100, source: 'default' }, M.rdsConnectionShare),
      status: 'inconclusive',
    },
    {
      name: 'Redis 90 % passes',
      id: 'fc.mon.redis-hit-rate',
      f: () => evaluateRedisHitRate(series([90]), series([10]), M.redisHitRate),
      status: 'pass',
      mentions: ['90 %'],
    },
    { name: 'Redis 50 % fails', id: 'fc.mon.redis-hit-rate', f: () => evaluateRedisHitRate(series([50]), series([50]), M.redisHitRate), status: 'fail' },
    {
      name: 'Redis zero lookups => inconclusive',
      id: 'fc.mon.redis-hit-rate',
      f: () => evaluateRedisHitRate(series([0]), series([0]), M.redisHitRate),
      status: 'inconclusive',
    },
    {
      name: 'Redis no data => inconclusive',
      id: 'fc.mon.redis-hit-rate',
      f: () => evaluateRedisHitRate(series([]), series([]), M.redisHitRate),
      status: 'inconclusive',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const f = c.f();
      assert.equal(statusOf(f, c.id), c.status, f.message);
      for (const m of c.mentions ?? []) assert.ok(f.message.includes(m), `"${m}" not in: ${f.message}`);
    });
  }
  it('max_connections default by class, undefined for unknown classes', () => {
    assert.ok((defaultMaxConnections('db.t3.medium') ?? 0) > 300);
    assert.equal(defaultMaxConnections('db.x99.huge'), undefined);
  });
});

describe('infra, secrets, SES', () => {
  const db = { found: true as const, value: { id: 'db', status: 'available', multiAz: true } };
  const cluster = { found: true as const, value: { name: 'c', status: 'ACTIVE', activeServices: 2, runningTasks: 4 } };
  const tg = { ref: 'tg', found: true, name: 'tg', arn: 'arn:tg', targets: [{ id: '10.0.0.1:3000', state: 'healthy' }] };
  const cases: { name: string; f: () => Finding; id: string; status: string; mentions?: string[] }[] = [
    {
      name: 'all in place',
      id: 'fr.pre.infra',
      f: () =>
        evaluateInfra({
          db,
          requireMultiAz: true,
          cluster,
          targetGroups: [tg],
          distribution: { found: true, value: { id: 'E1', status: 'Deployed', enabled: true } },
        }),
      status: 'pass',
    },
    {
      name: 'single-AZ when Multi-AZ required',
      id: 'fr.pre.infra',
      f: () => evaluateInfra({ db: { found: true, value: { ...db.value, multiAz: false } }, requireMultiAz: true, cluster, targetGroups: [] }),
      status: 'fail',
      mentions: ['Multi-AZ'],
    },
    {
      name: 'missing cluster and target group',
      id: 'fr.pre.infra',
      f: () => evaluateInfra({ db, requireMultiAz: false, cluster: { found: false, ref: 'c' }, targetGroups: [{ ref: 'x', found: false, targets: [] }] }),
      status: 'fail',
      mentions: ['ECS cluster c not found', 'target group x not found'],
    },
    {
      name: 'zero registered targets is not healthy',
      id: 'fr.pre.infra',
      f: () => evaluateInfra({ db, requireMultiAz: false, cluster, targetGroups: [{ ...tg, targets: [] }] }),
      status: 'fail',
      mentions: ['no registered targets'],
    },
    {
      name: 'no healthy target',
      id: 'fr.pre.infra',
      f: () => evaluateInfra({ db, requireMultiAz: false, cluster, targetGroups: [{ ...tg, targets: [{ id: 't', state: 'unhealthy' }] }] }),
      status: 'fail',
    },
    { name: 'secrets all present', id: 'fr.pre.secrets', f: () => evaluateSecrets([{ name: 'a', present: true, pendingDeletion: false }]), status: 'pass' },
    {
      name: 'secret missing / pending deletion',
      id: 'fr.pre.secrets',
      f: () =>
        evaluateSecrets([
          { name: 'a', present: false, pendingDeletion: false },
          { name: 'b', present: true, pendingDeletion: true },
        ]),
      status: 'fail',
      mentions: ['a is missing', 'b is scheduled for deletion'],
    },
    { name: 'no secrets configured => error', id: 'fr.pre.secrets', f: () => evaluateSecrets([]), status: 'error' },
    { name: 'SES verified', id: 'fc.pre.ses', f: () => evaluateSes({ identity: 'a@b', status: 'Success' }), status: 'pass' },
    { name: 'SES pending', id: 'fc.pre.ses', f: () => evaluateSes({ identity: 'a@b', status: 'Pending' }), status: 'fail' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const f = c.f();
      assert.equal(statusOf(f, c.id), c.status, f.message);
      for (const m of c.mentions ?? []) assert.ok(f.message.includes(m), `"${m}" not in: ${f.message}`);
    });
  }
});

describe('TLS, DNS, release tag (pure)', () => {
  const cert = (days: number, trusted = true) => ({
    host: 'app.example.com',
    port: 443,
    subject: 'CN=app',
    issuer: 'CN=ca',
    validFrom: T0,
    validTo: new Date(T0.getTime() + days * 86_400_000),
    trusted,
    ...(trusted ? {} : { trustError: 'SELF_SIGNED' }),
  });
  const acm = (status: string, validation = 'SUCCESS') => ({
    found: true as const,
    value: {
      arn: 'arn:acm',
      domain: 'app.example.com',
      status,
      type: 'AMAZON_ISSUED',
      validations: [{ domain: 'app.example.com', status: validation }],
      inUseBy: [],
    },
  });
  const base = { served: [cert(60)], httpHosts: [], now: T0, httpStatus: 'skipped' as const };
  const cases: { name: string; f: () => Finding; status: string; mentions?: string[] }[] = [
    { name: '60 days, ACM issued', f: () => evaluateTls({ ...base, acm: acm('ISSUED') }, TLS_DAYS), status: 'pass' },
    {
      name: '5 days left fails',
      f: () => evaluateTls({ ...base, served: [cert(5)] }, TLS_DAYS),
      status: 'fail',
      mentions: ['days left: 5 days fails > 14 days'],
    },
    { name: 'untrusted fails', f: () => evaluateTls({ ...base, served: [cert(60, false)] }, TLS_DAYS), status: 'fail', mentions: ['not trusted: SELF_SIGNED'] },
    { name: 'ACM pending validation fails', f: () => evaluateTls({ ...base, acm: acm('PENDING_VALIDATION', 'PENDING_VALIDATION') }, TLS_DAYS), status: 'fail' },
    {
      name: 'http only, local => skipped',
      f: () => evaluateTls({ ...base, served: [], httpHosts: ['127.0.0.1:3000'] }, TLS_DAYS),
      status: 'skipped',
      mentions: ['plain http'],
    },
    {
      name: 'http only, remote => inconclusive',
      f: () => evaluateTls({ ...base, served: [], httpHosts: ['a:80'], httpStatus: 'inconclusive' }, TLS_DAYS),
      status: 'inconclusive',
    },
    {
      name: 'http only but ACM expired => fail',
      f: () => evaluateTls({ ...base, served: [], httpHosts: ['a:80'], acm: acm('EXPIRED') }, TLS_DAYS),
      status: 'fail',
    },
    { name: 'DNS all resolve', f: () => evaluateDns([{ host: 'localhost', resolved: true, addresses: ['127.0.0.1'] }]), status: 'pass' },
    {
      name: 'DNS one fails',
      f: () => evaluateDns([{ host: 'nope.invalid', resolved: false, addresses: [], error: 'ENOTFOUND' }]),
      status: 'fail',
      mentions: ['nope.invalid does not resolve (ENOTFOUND)'],
    },
    { name: 'tag found', f: () => evaluateReleaseTag({ release: '1.0.0', repo: '/r', found: ['v1.0.0'] }), status: 'pass' },
    { name: 'tag absent', f: () => evaluateReleaseTag({ release: '1.0.0', repo: '/r', found: [] }), status: 'fail', mentions: ['git tag -a v1.0.0'] },
    { name: 'no repo => inconclusive', f: () => evaluateReleaseTag({ release: '1.0.0', found: [] }), status: 'inconclusive' },
    { name: 'no release => inconclusive', f: () => evaluateReleaseTag({ repo: '/r', found: [] }), status: 'inconclusive' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const f = c.f();
      assert.equal(statusOf(f, 'fr.pre.tls'), c.status, f.message);
      for (const m of c.mentions ?? []) assert.ok(f.message.includes(m), `"${m}" not in: ${f.message}`);
    });
  }
});

describe('ECS deploy state', () => {
  const old = { id: 'd0', status: 'ACTIVE', taskDefinition: 'arn:x/financial-rise-backend:1', desired: 2, running: 1, pending: 0, failedTasks: 0 };
  const cases: { name: string; s: ReturnType<typeof service>; status: string; mentions?: string[] }[] = [
    { name: 'stable', s: service(), status: 'pass', mentions: ['stable on financial-rise-backend:2'] },
    { name: 'running < desired', s: service({ running: 1 }), status: 'fail', mentions: ['running count: 1 fails == 2'] },
    {
      name: 'old deployment still running',
      s: service({ deployments: [...service().deployments, old] }),
      status: 'fail',
      mentions: ['old deployments draining'],
    },
    { name: 'rollout in progress', s: service({ deployments: [{ ...service().deployments[0], rolloutState: 'IN_PROGRESS' }] }), status: 'fail' },
    { name: 'wrong family', s: service({ taskDefinition: 'arn:x/other:3' }), status: 'fail' },
    { name: 'scaled to zero', s: service({ desired: 0, running: 0 }), status: 'fail' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const f = evaluateServiceStable(c.s, 'financial-rise-backend');
      assert.equal(statusOf(f, 'fr.deploy.backend'), c.status, f.message);
      for (const m of c.mentions ?? []) assert.ok(f.message.includes(m), `"${m}" not in: ${f.message}`);
    });
  }
  it('tasks: RUNNING and healthy pass; a stopped or unhealthy task fails with its reason', () => {
    const task = (lastStatus: string, health = 'UNKNOWN', stoppedReason?: string) => ({
      arn: `arn:task/c/${lastStatus}`,
      lastStatus,
      desiredStatus: 'RUNNING',
      health,
      taskDefinition: 'td',
      containers: [],
      ...(stoppedReason ? { stoppedReason } : {}),
    });
    assert.equal(statusOf(evaluateTasks([{ service: service(), tasks: [task('RUNNING'), task('RUNNING', 'HEALTHY')] }]), 'fc.deploy.tasks'), 'pass');
    const f = evaluateTasks([{ service: service(), tasks: [task('RUNNING'), task('STOPPED', 'UNKNOWN', 'Essential container exited')] }]);
    assert.equal(statusOf(f, 'fc.deploy.tasks'), 'fail');
    assert.match(f.message, /STOPPED \(Essential container exited\)/);
    assert.equal(statusOf(evaluateTasks([{ service: service(), tasks: [task('RUNNING', 'UNHEALTHY'), task('RUNNING')] }]), 'fc.deploy.tasks'), 'fail');
  });
});

describe('AWS error classification and signing', () => {
  const site = { service: 'CloudWatch', what: 'describe alarms', region: 'us-east-1', endpoint: 'http://127.0.0.1:1' };
  const cases: { err: unknown; kind: string }[] = [
    { err: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), kind: 'unreachable' },
    { err: Object.assign(new Error('x'), { name: 'TimeoutError' }), kind: 'unreachable' },
    { err: Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), kind: 'credentials' },
    { err: Object.assign(new Error('bad token'), { name: 'UnrecognizedClientException' }), kind: 'credentials' },
    { err: Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }), kind: 'throttled' },
    { err: Object.assign(new Error('nope'), { name: 'DBInstanceNotFoundFault' }), kind: 'not-found' },
    { err: Object.assign(new Error('nope'), { name: 'ResourceNotFoundException' }), kind: 'not-found' },
    { err: Object.assign(new Error('odd'), { name: 'ValidationError', $metadata: { httpStatusCode: 400 } }), kind: 'other' },
  ];
  for (const c of cases) {
    it(`${(c.err as Error).name} => ${c.kind}, cause kept, says where`, () => {
      const e = toAwsError(c.err, site);
      assert.equal(e.kind, c.kind);
      assert.equal(e.cause, c.err);
      assert.match(e.message, /CloudWatch: describe alarms at http:\/\/127\.0\.0\.1:1/);
    });
  }
  it('SigV4 signature equals the one @smithy/signature-v4 computes for the same request', () => {
    // Vector computed once with the SDK's own signer (same keys, date, body, session token).
    const headers = signQuery({
      url: new URL('https://email.us-east-1.amazonaws.com/'),
      body: 'Action=GetIdentityVerificationAttributes&Version=2010-12-01&Identities.member.1=a%40b.com',
      region: 'us-east-1',
      service: 'ses',
      creds: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'tok' },
      now: new Date('2015-08-30T12:36:00Z'),
    });
    assert.equal(
      headers.authorization,
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ses/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=e76dfd8c16f689b8ef3c74ccf7c9d6754cba6531d5facb7b8ad913ffc2ea51cf',
    );
  });
});
