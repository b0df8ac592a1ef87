import type { AppId, CheckIdentity, Phase, Severity } from '../src/core/types.ts';

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

/** One row of the table below; every argument is written out, the id in full. */
const check = (app: AppId, id: string, phase: Phase, severity: Severity, owner: CheckOwner, rollbackMeaning: RollbackMeaning, title: string, runbookRef: string): CheckDef =>
  ({ id, app, phase, severity, owner, rollbackMeaning, title, runbookRef });

/**
 * The check catalogue: the one source of truth for ids (CHECKS.md). Order within a phase is the
 * order the runbook walks. Ids are stable (tests, reports and old run folders use them), so the
 * id's middle segment names the runbook phase it comes from (`fr.deploy.migrations`: Phase 1),
 * while `phase` is when the gate runs it (`db`); the two need not agree.
 */
export const CHECKS: readonly CheckDef[] = [
  check(FR, 'fr.pre.infra', 'pre', 'major', 'gate', 'code', 'Infrastructure in place', 'T-7 Infrastructure: RDS (Multi-AZ), ECS cluster, ALB target groups, S3, CloudFront'),
  check(FR, 'fr.pre.tls', 'pre', 'critical', 'gate', 'code', 'TLS certificate valid', 'T-7: ACM SSL certificate issued and validated (served > 14 days)'),
  check(FR, 'fr.pre.dns', 'pre', 'critical', 'gate', 'code', 'DNS resolves', 'T-48: DNS propagation verified'),
  check(FR, 'fr.pre.alarms-configured', 'pre', 'major', 'gate', 'code', 'Alarms configured with runbook thresholds', 'Monitoring & Alerts: Critical Alarms'),
  check(FR, 'fr.pre.log-groups', 'pre', 'minor', 'gate', 'code', 'Log groups exist, retention 30 days', 'T-7 Monitoring: CloudWatch log groups created'),
  check(FR, 'fr.pre.secrets', 'pre', 'critical', 'gate', 'code', 'Secrets present', 'T-48: Secrets stored in AWS Secrets Manager'),
  check(FR, 'fr.pre.release-tag', 'pre', 'major', 'gate', 'code', 'Release tag exists', 'T-7 Code: main branch tagged with version number'),
  check(FR, 'fr.pre.staging-go', 'pre', 'major', 'gate', 'code', 'Staging gate was GO', 'T-48 Staging Validation: smoke and performance tests passed on staging'),
  check(FR, 'fr.deploy.db-snapshot', 'deploy', 'critical', 'orchestrator', 'code', 'Pre-deploy DB snapshot available', 'Phase 1.1 Take Database Snapshot'),
  check(FR, 'fr.deploy.migrations', 'db', 'critical', 'gate', 'data', 'Migrations at expected latest', 'Phase 1.3 SELECT * FROM migrations ORDER BY id DESC LIMIT 5'),
  check(FR, 'fr.deploy.schema', 'db', 'critical', 'gate', 'data', 'Tables users, assessments, questions exist', 'Phase 1.3 \\d users, \\d assessments, \\d questions'),
  check(FR, 'fr.deploy.seed', 'db', 'critical', 'gate', 'data', '25 questions and at least one admin', 'Phase 1.4 SELECT COUNT(*) FROM questions = 25; admins >= 1'),
  check(FR, 'fr.deploy.backend', 'deploy', 'critical', 'orchestrator', 'code', 'Backend ECS service stable', 'Phase 2.4 running = desired, primary 100 %, old tasks drained'),
  check(FR, 'fr.deploy.backend-logs', 'monitoring', 'major', 'gate', 'code', 'Backend start-up logs clean', 'Phase 2.5 "Server started on port 3000", DB connected, no errors'),
  check(FR, 'fr.deploy.frontend', 'deploy', 'critical', 'orchestrator', 'code', 'Frontend ECS service stable', 'Phase 3.4 Monitor Deployment'),
  check(FR, 'fr.deploy.cdn', 'deploy', 'major', 'orchestrator', 'code', 'CloudFront invalidation completed', 'Phase 3.3 Invalidate CloudFront Cache'),
  check(FR, 'fr.smoke.health', 'smoke', 'critical', 'gate', 'code', 'API health endpoint healthy', 'Smoke 1: Health Check'),
  check(FR, 'fr.smoke.frontend', 'smoke', 'critical', 'gate', 'code', 'Frontend loads without errors', 'Smoke 2: homepage loads, no console errors, no 404s'),
  check(FR, 'fr.smoke.registration', 'smoke', 'critical', 'gate', 'code', 'Registration, verification email and login', 'Smoke 3: User Registration'),
  check(FR, 'fr.smoke.assessment-create', 'smoke', 'critical', 'gate', 'code', 'Assessment created, saved and invitation sent', 'Smoke 4: Create Assessment'),
  check(FR, 'fr.smoke.assessment-complete', 'smoke', 'critical', 'gate', 'code', 'Client completes the assessment by its link', 'Smoke 5: Complete Assessment'),
  check(FR, 'fr.smoke.reports', 'smoke', 'critical', 'gate', 'code', 'Consultant and client PDF reports (< 5 s)', 'Smoke 6: Generate Reports'),
  check(FR, 'fr.smoke.admin', 'smoke', 'major', 'gate', 'code', 'Admin users, assessments and analytics', 'Smoke 7: Admin Functions'),
  check(FR, 'fr.smoke.logs-clean', 'smoke', 'major', 'gate', 'code', 'No errors in CloudWatch logs since deploy', 'Smoke checklist: No errors in CloudWatch logs'),
  // Security smoke (CHECKS.md "Owners and additions (2026-12)"): one id per defect class.
  check(FR, 'fr.smoke.security-role', 'smoke', 'critical', 'gate', 'code', 'Registration cannot grant itself the admin role', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  check(FR, 'fr.smoke.security-secrets', 'smoke', 'critical', 'gate', 'code', 'No password hash or secret in user responses', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  check(FR, 'fr.smoke.security-authz', 'smoke', 'critical', 'gate', 'code', 'Protected routes refuse anonymous and forged-token requests', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  check(FR, 'fr.smoke.security-password', 'smoke', 'critical', 'gate', 'code', 'Wrong password refused (throwaway account)', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  check(FR, 'fr.smoke.security-cors', 'smoke', 'critical', 'gate', 'code', 'Foreign-origin CORS request: no 5xx, origin not echoed', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  check(FR, 'fr.perf.lighthouse', 'perf', 'major', 'gate', 'code', 'Lighthouse performance > 90, FCP < 2 s, TTI < 3 s', 'Performance Validation 1: Page Load Times'),
  check(FR, 'fr.perf.api', 'perf', 'major', 'gate', 'code', 'API latency budgets', 'Performance Validation 2: API Response Times'),
  check(FR, 'fr.load.k6', 'load', 'major', 'gate', 'code', 'Light load: 10 VUs, 1 min', 'Performance Validation 3: Load Test (Light)'),
  check(FR, 'fr.mon.alarms', 'monitoring', 'critical', 'gate', 'code', 'No CloudWatch alarm firing', 'Monitoring Setup Verification 1: CloudWatch Alarms'),
  check(FR, 'fr.mon.logs', 'monitoring', 'minor', 'gate', 'code', 'Logs arriving, retention 30 days', 'Monitoring Setup Verification 2: Log Aggregation'),
  check(FR, 'fr.mon.uptime', 'monitoring', 'minor', 'gate', 'code', 'Status page operational', 'Monitoring Setup Verification 3: Uptime Monitoring'),

  check(FC, 'fc.pre.staging-health', 'pre', 'critical', 'gate', 'code', 'Staging health 200', '1.1 Verify Staging Environment: health'),
  check(FC, 'fc.pre.staging-smoke', 'pre', 'critical', 'gate', 'code', 'Staging smoke passes', '1.1 Verify Staging Environment: Playwright smoke'),
  check(FC, 'fc.pre.release-tag', 'pre', 'major', 'gate', 'code', 'Release tag exists', '1.2 Tag Release'),
  check(FC, 'fc.pre.db-snapshot', 'deploy', 'critical', 'orchestrator', 'code', 'Pre-deploy DB snapshot available', '1.3 Backup Production Database'),
  check(FC, 'fc.pre.infra', 'pre', 'major', 'gate', 'code', 'Infrastructure in place', 'Checklist 2: Infrastructure Readiness'),
  check(FC, 'fc.pre.tls', 'pre', 'major', 'gate', 'code', 'TLS certificate valid', 'Checklist 3: SSL certificate obtained'),
  check(FC, 'fc.pre.dns', 'pre', 'major', 'gate', 'code', 'DNS resolves', 'Checklist 3: Domain DNS configured'),
  check(FC, 'fc.pre.secrets', 'pre', 'major', 'gate', 'code', 'Secrets present', 'Checklist 3: Secrets stored in AWS Secrets Manager'),
  check(FC, 'fc.pre.ses', 'pre', 'major', 'gate', 'code', 'SES sender verified', 'Checklist 3: Email service verified (AWS SES)'),
  check(FC, 'fc.deploy.migrations', 'db', 'critical', 'gate', 'data', 'No pending or rolled-back migration', '3.2 npx prisma migrate status'),
  check(FC, 'fc.deploy.schema', 'db', 'critical', 'gate', 'data', 'Tables "User", "Organization", "Asset" readable', '3.3 Verify Database Schema'),
  check(FC, 'fc.deploy.backend', 'deploy', 'critical', 'orchestrator', 'code', 'Backend service stable', '4.1 Update Backend Service'),
  check(FC, 'fc.deploy.frontend', 'deploy', 'critical', 'orchestrator', 'code', 'Frontend service stable', '4.2 Update Frontend Service'),
  check(FC, 'fc.deploy.tasks', 'deploy', 'critical', 'orchestrator', 'code', 'All tasks RUNNING and healthy', '4.3 Verify Services Running'),
  check(FC, 'fc.smoke.health', 'smoke', 'critical', 'gate', 'code', 'Backend health: database, redis, s3 connected', '5.1 Health Checks: backend'),
  check(FC, 'fc.smoke.frontend', 'smoke', 'critical', 'gate', 'code', 'Frontend 200 with HTML, login page renders', '5.1 Health Checks: frontend'),
  check(FC, 'fc.smoke.login', 'smoke', 'critical', 'gate', 'code', 'Login returns a token', '5.2 Smoke Tests: authentication'),
  check(FC, 'fc.smoke.auth-negative', 'smoke', 'critical', 'gate', 'code', 'Wrong password refused (401)', 'Security gate beyond the runbook'),
  check(FC, 'fc.smoke.me', 'smoke', 'critical', 'gate', 'code', 'Current user', '5.2 Smoke Tests: /users/me'),
  check(FC, 'fc.smoke.dashboard', 'smoke', 'major', 'gate', 'code', 'Analytics dashboard', '5.2 Smoke Tests: /analytics/dashboard'),
  check(FC, 'fc.smoke.assets', 'smoke', 'major', 'gate', 'code', 'Assets list', '5.2 Smoke Tests: /assets'),
  check(FC, 'fc.smoke.db-metrics', 'smoke', 'major', 'gate', 'code', 'Monitoring reports database connections', '5.3 Database Connectivity'),
  check(FC, 'fc.smoke.queues', 'smoke', 'major', 'gate', 'code', 'Queues running, no stuck jobs', '5.4 Background Jobs'),
  // Security smoke (CHECKS.md "Owners and additions (2026-12)"); the wrong password is fc.smoke.auth-negative.
  check(FC, 'fc.smoke.security-role', 'smoke', 'critical', 'gate', 'code', 'Registration cannot grant itself SYSTEM_ADMIN', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  check(FC, 'fc.smoke.security-secrets', 'smoke', 'critical', 'gate', 'code', 'No password hash or secret in user responses', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  check(FC, 'fc.smoke.security-authz', 'smoke', 'critical', 'gate', 'code', 'Protected routes refuse anonymous and forged-token requests', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  check(FC, 'fc.smoke.security-cors', 'smoke', 'critical', 'gate', 'code', 'Foreign-origin CORS request: no 5xx, origin not echoed', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  check(FC, 'fc.perf.lighthouse', 'perf', 'major', 'gate', 'code', 'Lighthouse budgets', 'Both apps get Lighthouse budgets (Financial RISE defaults)'),
  check(FC, 'fc.load.k6', 'load', 'major', 'gate', 'code', 'Light load: 10 VUs, 1 min', 'Both apps get a k6 load gate (Financial RISE defaults)'),
  check(FC, 'fc.mon.alarms', 'monitoring', 'critical', 'gate', 'code', 'No CloudWatch alarm firing', '6.1 Check CloudWatch Metrics: alarms'),
  check(FC, 'fc.mon.log-errors', 'monitoring', 'major', 'gate', 'code', 'No ERROR lines in the last hour', '6.2 Review Logs'),
  check(FC, 'fc.mon.alb-p95', 'monitoring', 'major', 'gate', 'code', 'ALB p95 < 200 ms', '6.3 Performance Metrics: ALB response times'),
  check(FC, 'fc.mon.ecs-util', 'monitoring', 'major', 'gate', 'code', 'ECS CPU / memory < 80 %', '6.3 Performance Metrics: ECS CPU/Memory'),
  check(FC, 'fc.mon.rds-connections', 'monitoring', 'major', 'gate', 'code', 'RDS connections < 50 % of max', '6.3 Performance Metrics: RDS connections'),
  check(FC, 'fc.mon.redis-hit-rate', 'monitoring', 'minor', 'gate', 'code', 'Redis hit rate > 70 %', '6.3 Performance Metrics: Redis cache hit rate'),
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

export function checksFor(app: AppId, phases?: readonly Phase[]): CheckDef[] {
  return CHECKS.filter((c) => c.app === app && (!phases || phases.includes(c.phase)));
}
