import type { AppId, CheckIdentity, Phase } from '../src/core/types.ts';

/** Who produces a result for the id: a gate phase, or a step of the deploy orchestrator (its evidence is the step's record). */
export type CheckOwner = 'gate' | 'orchestrator';

/**
 * What a failure of the check says about the release, for choosing the rollback procedure:
 * `data` = the database is wrong (migrations, schema, seed: procedure B / option 2),
 * `code` = the application is wrong (procedure A / option 1). Recorded here, never derived from the id.
 */
export type RollbackMeaning = 'code' | 'data';

/** One entry of `docs/design/CHECKS.md`: the stable id, the runbook line, the severity, who owns it. */
export interface CheckDef extends CheckIdentity {
  owner: CheckOwner;
  rollbackMeaning: RollbackMeaning;
}

const FR: AppId = 'financial-rise';
const FC: AppId = 'flowcomply';

/**
 * The check catalogue: the one source of truth for ids (CHECKS.md). Order within a phase is the
 * order the runbook walks. Ids are stable (tests, reports and old run folders use them), so the
 * id's middle segment names the runbook phase it comes from (`fr.deploy.migrations`: Phase 1),
 * while `phase` is when the gate runs it (`db`); the two need not agree.
 */
export const CHECKS: readonly CheckDef[] = [
  { id: 'fr.pre.infra', app: FR, phase: 'pre', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Infrastructure in place', runbookRef: 'T-7 Infrastructure: RDS (Multi-AZ), ECS cluster, ALB target groups, S3, CloudFront' },
  { id: 'fr.pre.tls', app: FR, phase: 'pre', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'TLS certificate valid', runbookRef: 'T-7: ACM SSL certificate issued and validated (served > 14 days)' },
  { id: 'fr.pre.dns', app: FR, phase: 'pre', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'DNS resolves', runbookRef: 'T-48: DNS propagation verified' },
  { id: 'fr.pre.alarms-configured', app: FR, phase: 'pre', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Alarms configured with runbook thresholds', runbookRef: 'Monitoring & Alerts: Critical Alarms' },
  { id: 'fr.pre.log-groups', app: FR, phase: 'pre', severity: 'minor', owner: 'gate', rollbackMeaning: 'code', title: 'Log groups exist, retention 30 days', runbookRef: 'T-7 Monitoring: CloudWatch log groups created' },
  { id: 'fr.pre.secrets', app: FR, phase: 'pre', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Secrets present', runbookRef: 'T-48: Secrets stored in AWS Secrets Manager' },
  { id: 'fr.pre.release-tag', app: FR, phase: 'pre', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Release tag exists', runbookRef: 'T-7 Code: main branch tagged with version number' },
  { id: 'fr.pre.staging-go', app: FR, phase: 'pre', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Staging gate was GO', runbookRef: 'T-48 Staging Validation: smoke and performance tests passed on staging' },
  { id: 'fr.deploy.db-snapshot', app: FR, phase: 'deploy', severity: 'critical', owner: 'orchestrator', rollbackMeaning: 'code', title: 'Pre-deploy DB snapshot available', runbookRef: 'Phase 1.1 Take Database Snapshot' },
  { id: 'fr.deploy.migrations', app: FR, phase: 'db', severity: 'critical', owner: 'gate', rollbackMeaning: 'data', title: 'Migrations at expected latest', runbookRef: 'Phase 1.3 SELECT * FROM migrations ORDER BY id DESC LIMIT 5' },
  { id: 'fr.deploy.schema', app: FR, phase: 'db', severity: 'critical', owner: 'gate', rollbackMeaning: 'data', title: 'Tables users, assessments, questions exist', runbookRef: 'Phase 1.3 \\d users, \\d assessments, \\d questions' },
  { id: 'fr.deploy.seed', app: FR, phase: 'db', severity: 'critical', owner: 'gate', rollbackMeaning: 'data', title: '25 questions and at least one admin', runbookRef: 'Phase 1.4 SELECT COUNT(*) FROM questions = 25; admins >= 1' },
  { id: 'fr.deploy.backend', app: FR, phase: 'deploy', severity: 'critical', owner: 'orchestrator', rollbackMeaning: 'code', title: 'Backend ECS service stable', runbookRef: 'Phase 2.4 running = desired, primary 100 %, old tasks drained' },
  { id: 'fr.deploy.backend-logs', app: FR, phase: 'monitoring', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Backend start-up logs clean', runbookRef: 'Phase 2.5 "Server started on port 3000", DB connected, no errors' },
  { id: 'fr.deploy.frontend', app: FR, phase: 'deploy', severity: 'critical', owner: 'orchestrator', rollbackMeaning: 'code', title: 'Frontend ECS service stable', runbookRef: 'Phase 3.4 Monitor Deployment' },
  { id: 'fr.deploy.cdn', app: FR, phase: 'deploy', severity: 'major', owner: 'orchestrator', rollbackMeaning: 'code', title: 'CloudFront invalidation completed', runbookRef: 'Phase 3.3 Invalidate CloudFront Cache' },
  { id: 'fr.smoke.health', app: FR, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'API health endpoint healthy', runbookRef: 'Smoke 1: Health Check' },
  { id: 'fr.smoke.frontend', app: FR, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Frontend loads without errors', runbookRef: 'Smoke 2: homepage loads, no console errors, no 404s' },
  { id: 'fr.smoke.registration', app: FR, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Registration, verification email and login', runbookRef: 'Smoke 3: User Registration' },
  { id: 'fr.smoke.assessment-create', app: FR, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Assessment created, saved and invitation sent', runbookRef: 'Smoke 4: Create Assessment' },
  { id: 'fr.smoke.assessment-complete', app: FR, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Client completes the assessment by its link', runbookRef: 'Smoke 5: Complete Assessment' },
  { id: 'fr.smoke.reports', app: FR, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Consultant and client PDF reports (< 5 s)', runbookRef: 'Smoke 6: Generate Reports' },
  { id: 'fr.smoke.admin', app: FR, phase: 'smoke', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Admin users, assessments and analytics', runbookRef: 'Smoke 7: Admin Functions' },
  { id: 'fr.smoke.logs-clean', app: FR, phase: 'smoke', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'No errors in CloudWatch logs since deploy', runbookRef: 'Smoke checklist: No errors in CloudWatch logs' },
  // Security smoke (CHECKS.md "Owners and additions (2026-12)"): one id per defect class.
  { id: 'fr.smoke.security-role', app: FR, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Registration cannot grant itself the admin role', runbookRef: 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback' },
  { id: 'fr.smoke.security-secrets', app: FR, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'No password hash or secret in user responses', runbookRef: 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback' },
  { id: 'fr.smoke.security-authz', app: FR, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Protected routes refuse anonymous and forged-token requests', runbookRef: 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback' },
  { id: 'fr.smoke.security-password', app: FR, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Wrong password refused (throwaway account)', runbookRef: 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback' },
  { id: 'fr.smoke.security-cors', app: FR, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Foreign-origin CORS request: no 5xx, origin not echoed', runbookRef: 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback' },
  { id: 'fr.perf.lighthouse', app: FR, phase: 'perf', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Lighthouse performance > 90, FCP < 2 s, TTI < 3 s', runbookRef: 'Performance Validation 1: Page Load Times' },
  { id: 'fr.perf.api', app: FR, phase: 'perf', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'API latency budgets', runbookRef: 'Performance Validation 2: API Response Times' },
  { id: 'fr.load.k6', app: FR, phase: 'load', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Light load: 10 VUs, 1 min', runbookRef: 'Performance Validation 3: Load Test (Light)' },
  { id: 'fr.mon.alarms', app: FR, phase: 'monitoring', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'No CloudWatch alarm firing', runbookRef: 'Monitoring Setup Verification 1: CloudWatch Alarms' },
  { id: 'fr.mon.logs', app: FR, phase: 'monitoring', severity: 'minor', owner: 'gate', rollbackMeaning: 'code', title: 'Logs arriving, retention 30 days', runbookRef: 'Monitoring Setup Verification 2: Log Aggregation' },
  { id: 'fr.mon.uptime', app: FR, phase: 'monitoring', severity: 'minor', owner: 'gate', rollbackMeaning: 'code', title: 'Status page operational', runbookRef: 'Monitoring Setup Verification 3: Uptime Monitoring' },

  { id: 'fc.pre.staging-health', app: FC, phase: 'pre', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Staging health 200', runbookRef: '1.1 Verify Staging Environment: health' },
  { id: 'fc.pre.staging-smoke', app: FC, phase: 'pre', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Staging smoke passes', runbookRef: '1.1 Verify Staging Environment: Playwright smoke' },
  { id: 'fc.pre.release-tag', app: FC, phase: 'pre', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Release tag exists', runbookRef: '1.2 Tag Release' },
  { id: 'fc.pre.db-snapshot', app: FC, phase: 'deploy', severity: 'critical', owner: 'orchestrator', rollbackMeaning: 'code', title: 'Pre-deploy DB snapshot available', runbookRef: '1.3 Backup Production Database' },
  { id: 'fc.pre.infra', app: FC, phase: 'pre', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Infrastructure in place', runbookRef: 'Checklist 2: Infrastructure Readiness' },
  { id: 'fc.pre.tls', app: FC, phase: 'pre', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'TLS certificate valid', runbookRef: 'Checklist 3: SSL certificate obtained' },
  { id: 'fc.pre.dns', app: FC, phase: 'pre', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'DNS resolves', runbookRef: 'Checklist 3: Domain DNS configured' },
  { id: 'fc.pre.secrets', app: FC, phase: 'pre', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Secrets present', runbookRef: 'Checklist 3: Secrets stored in AWS Secrets Manager' },
  { id: 'fc.pre.ses', app: FC, phase: 'pre', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'SES sender verified', runbookRef: 'Checklist 3: Email service verified (AWS SES)' },
  { id: 'fc.deploy.migrations', app: FC, phase: 'db', severity: 'critical', owner: 'gate', rollbackMeaning: 'data', title: 'No pending or rolled-back migration', runbookRef: '3.2 npx prisma migrate status' },
  { id: 'fc.deploy.schema', app: FC, phase: 'db', severity: 'critical', owner: 'gate', rollbackMeaning: 'data', title: 'Tables "User", "Organization", "Asset" readable', runbookRef: '3.3 Verify Database Schema' },
  { id: 'fc.deploy.backend', app: FC, phase: 'deploy', severity: 'critical', owner: 'orchestrator', rollbackMeaning: 'code', title: 'Backend service stable', runbookRef: '4.1 Update Backend Service' },
  { id: 'fc.deploy.frontend', app: FC, phase: 'deploy', severity: 'critical', owner: 'orchestrator', rollbackMeaning: 'code', title: 'Frontend service stable', runbookRef: '4.2 Update Frontend Service' },
  { id: 'fc.deploy.tasks', app: FC, phase: 'deploy', severity: 'critical', owner: 'orchestrator', rollbackMeaning: 'code', title: 'All tasks RUNNING and healthy', runbookRef: '4.3 Verify Services Running' },
  { id: 'fc.smoke.health', app: FC, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Backend health: database, redis, s3 connected', runbookRef: '5.1 Health Checks: backend' },
  { id: 'fc.smoke.frontend', app: FC, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Frontend 200 with HTML, login page renders', runbookRef: '5.1 Health Checks: frontend' },
  { id: 'fc.smoke.login', app: FC, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Login returns a token', runbookRef: '5.2 Smoke Tests: authentication' },
  { id: 'fc.smoke.auth-negative', app: FC, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Wrong password refused (401)', runbookRef: 'Security gate beyond the runbook' },
  { id: 'fc.smoke.me', app: FC, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Current user', runbookRef: '5.2 Smoke Tests: /users/me' },
  { id: 'fc.smoke.dashboard', app: FC, phase: 'smoke', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Analytics dashboard', runbookRef: '5.2 Smoke Tests: /analytics/dashboard' },
  { id: 'fc.smoke.assets', app: FC, phase: 'smoke', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Assets list', runbookRef: '5.2 Smoke Tests: /assets' },
  { id: 'fc.smoke.db-metrics', app: FC, phase: 'smoke', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Monitoring reports database connections', runbookRef: '5.3 Database Connectivity' },
  { id: 'fc.smoke.queues', app: FC, phase: 'smoke', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Queues running, no stuck jobs', runbookRef: '5.4 Background Jobs' },
  // Security smoke (CHECKS.md "Owners and additions (2026-12)"); the wrong password is fc.smoke.auth-negative.
  { id: 'fc.smoke.security-role', app: FC, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Registration cannot grant itself SYSTEM_ADMIN', runbookRef: 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback' },
  { id: 'fc.smoke.security-secrets', app: FC, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'No password hash or secret in user responses', runbookRef: 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback' },
  { id: 'fc.smoke.security-authz', app: FC, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Protected routes refuse anonymous and forged-token requests', runbookRef: 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback' },
  { id: 'fc.smoke.security-cors', app: FC, phase: 'smoke', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'Foreign-origin CORS request: no 5xx, origin not echoed', runbookRef: 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback' },
  { id: 'fc.perf.lighthouse', app: FC, phase: 'perf', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Lighthouse budgets', runbookRef: 'Both apps get Lighthouse budgets (Financial RISE defaults)' },
  { id: 'fc.load.k6', app: FC, phase: 'load', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'Light load: 10 VUs, 1 min', runbookRef: 'Both apps get a k6 load gate (Financial RISE defaults)' },
  { id: 'fc.mon.alarms', app: FC, phase: 'monitoring', severity: 'critical', owner: 'gate', rollbackMeaning: 'code', title: 'No CloudWatch alarm firing', runbookRef: '6.1 Check CloudWatch Metrics: alarms' },
  { id: 'fc.mon.log-errors', app: FC, phase: 'monitoring', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'No ERROR lines in the last hour', runbookRef: '6.2 Review Logs' },
  { id: 'fc.mon.alb-p95', app: FC, phase: 'monitoring', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'ALB p95 < 200 ms', runbookRef: '6.3 Performance Metrics: ALB response times' },
  { id: 'fc.mon.ecs-util', app: FC, phase: 'monitoring', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'ECS CPU / memory < 80 %', runbookRef: '6.3 Performance Metrics: ECS CPU/Memory' },
  { id: 'fc.mon.rds-connections', app: FC, phase: 'monitoring', severity: 'major', owner: 'gate', rollbackMeaning: 'code', title: 'RDS connections < 50 % of max', runbookRef: '6.3 Performance Metrics: RDS connections' },
  { id: 'fc.mon.redis-hit-rate', app: FC, phase: 'monitoring', severity: 'minor', owner: 'gate', rollbackMeaning: 'code', title: 'Redis hit rate > 70 %', runbookRef: '6.3 Performance Metrics: Redis cache hit rate' },
];

export function checkDef(id: string): CheckDef {
  const def = CHECKS.find((c) => c.id === id);
  if (!def) throw new Error(`Unknown check id "${id}": it is not in config/checks.ts (CHECKS.md).`);
  return def;
}

/** The rollback meaning of an id; an id outside the catalogue is treated as code. */
export function rollbackMeaningOf(id: string): RollbackMeaning {
  return CHECKS.find((c) => c.id === id)?.rollbackMeaning ?? 'code';
}

/** Every catalogue row of an app (any owner, any phase, or only the given phases), in catalogue order. */
export function catalogueOf(app: AppId, phases?: readonly Phase[]): CheckDef[] {
  return CHECKS.filter((c) => c.app === app && (!phases || phases.includes(c.phase)));
}

/**
 * What a gate phase runs for an app: the rows the gate owns, in catalogue order. Rows the
 * orchestrator owns (`fr.deploy.cdn`, ...) are never the gate's to run or to demand: a deploy
 * step produces them, and asks the gate by id when it wants one measured.
 */
export function checksFor(app: AppId, phase: Phase): CheckDef[] {
  return CHECKS.filter((c) => c.app === app && c.phase === phase && c.owner === 'gate');
}
