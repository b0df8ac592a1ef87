import type { AppId, CheckIdentity, Phase, Severity } from '../src/core/types.ts';

/** One entry of `../shared/design/CHECKS.md`: the stable id, the runbook line, the severity. */
export type CheckDef = CheckIdentity;

const fr = (id: string, phase: Phase, severity: Severity, title: string, runbookRef: string): CheckDef =>
  ({ id: `fr.${id}`, app: 'financial-rise', phase, severity, title, runbookRef });
const fc = (id: string, phase: Phase, severity: Severity, title: string, runbookRef: string): CheckDef =>
  ({ id: `fc.${id}`, app: 'flowcomply', phase, severity, title, runbookRef });

/** The check catalogue. Order within a phase is the order the runbook walks. */
export const CHECKS: readonly CheckDef[] = [
  fr('pre.infra', 'pre', 'major', 'Infrastructure in place', 'T-7 Infrastructure: RDS (Multi-AZ), ECS cluster, ALB target groups, S3, CloudFront'),
  fr('pre.tls', 'pre', 'critical', 'TLS certificate valid', 'T-7: ACM SSL certificate issued and validated (served > 14 days)'),
  fr('pre.dns', 'pre', 'critical', 'DNS resolves', 'T-48: DNS propagation verified'),
  fr('pre.alarms-configured', 'pre', 'major', 'Alarms configured with runbook thresholds', 'Monitoring & Alerts: Critical Alarms'),
  fr('pre.log-groups', 'pre', 'minor', 'Log groups exist, retention 30 days', 'T-7 Monitoring: CloudWatch log groups created'),
  fr('pre.secrets', 'pre', 'critical', 'Secrets present', 'T-48: Secrets stored in AWS Secrets Manager'),
  fr('pre.release-tag', 'pre', 'major', 'Release tag exists', 'T-7 Code: main branch tagged with version number'),
  fr('pre.staging-go', 'pre', 'major', 'Staging gate was GO', 'T-48 Staging Validation: smoke and performance tests passed on staging'),
  fr('deploy.db-snapshot', 'deploy', 'critical', 'Pre-deploy DB snapshot available', 'Phase 1.1 Take Database Snapshot'),
  fr('deploy.migrations', 'db', 'critical', 'Migrations at expected latest', 'Phase 1.3 SELECT * FROM migrations ORDER BY id DESC LIMIT 5'),
  fr('deploy.schema', 'db', 'critical', 'Tables users, assessments, questions exist', 'Phase 1.3 \\d users, \\d assessments, \\d questions'),
  fr('deploy.seed', 'db', 'critical', '25 questions and at least one admin', 'Phase 1.4 SELECT COUNT(*) FROM questions = 25; admins >= 1'),
  fr('deploy.backend', 'deploy', 'critical', 'Backend ECS service stable', 'Phase 2.4 running = desired, primary 100 %, old tasks drained'),
  fr('deploy.backend-logs', 'monitoring', 'major', 'Backend start-up logs clean', 'Phase 2.5 "Server started on port 3000", DB connected, no errors'),
  fr('deploy.frontend', 'deploy', 'critical', 'Frontend ECS service stable', 'Phase 3.4 Monitor Deployment'),
  fr('deploy.cdn', 'deploy', 'major', 'CloudFront invalidation completed', 'Phase 3.3 Invalidate CloudFront Cache'),
  fr('smoke.health', 'smoke', 'critical', 'API health endpoint healthy', 'Smoke 1: Health Check'),
  fr('smoke.frontend', 'smoke', 'critical', 'Frontend loads without errors', 'Smoke 2: homepage loads, no console errors, no 404s'),
  fr('smoke.registration', 'smoke', 'critical', 'Registration, verification email and login', 'Smoke 3: User Registration'),
  fr('smoke.assessment-create', 'smoke', 'critical', 'Assessment created, saved and invitation sent', 'Smoke 4: Create Assessment'),
  fr('smoke.assessment-complete', 'smoke', 'critical', 'Client completes the assessment by its link', 'Smoke 5: Complete Assessment'),
  fr('smoke.reports', 'smoke', 'critical', 'Consultant and client PDF reports (< 5 s)', 'Smoke 6: Generate Reports'),
  fr('smoke.admin', 'smoke', 'major', 'Admin users, assessments and analytics', 'Smoke 7: Admin Functions'),
  fr('smoke.logs-clean', 'smoke', 'major', 'No errors in CloudWatch logs since deploy', 'Smoke checklist: No errors in CloudWatch logs'),
  // Security smoke (CHECKS.md "Owners and additions (2026-12)"): one id per defect class.
  fr('smoke.security-role', 'smoke', 'critical', 'Registration cannot grant itself the admin role', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  fr('smoke.security-secrets', 'smoke', 'critical', 'No password hash or secret in user responses', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  fr('smoke.security-authz', 'smoke', 'critical', 'Protected routes refuse anonymous and forged-token requests', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  fr('smoke.security-password', 'smoke', 'critical', 'Wrong password refused (throwaway account)', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  fr('smoke.security-cors', 'smoke', 'critical', 'Foreign-origin CORS request: no 5xx, origin not echoed', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  fr('perf.lighthouse', 'perf', 'major', 'Lighthouse performance > 90, FCP < 2 s, TTI < 3 s', 'Performance Validation 1: Page Load Times'),
  fr('perf.api', 'perf', 'major', 'API latency budgets', 'Performance Validation 2: API Response Times'),
  fr('load.k6', 'load', 'major', 'Light load: 10 VUs, 1 min', 'Performance Validation 3: Load Test (Light)'),
  fr('mon.alarms', 'monitoring', 'critical', 'No CloudWatch alarm firing', 'Monitoring Setup Verification 1: CloudWatch Alarms'),
  fr('mon.logs', 'monitoring', 'minor', 'Logs arriving, retention 30 days', 'Monitoring Setup Verification 2: Log Aggregation'),
  fr('mon.uptime', 'monitoring', 'minor', 'Status page operational', 'Monitoring Setup Verification 3: Uptime Monitoring'),

  fc('pre.staging-health', 'pre', 'critical', 'Staging health 200', '1.1 Verify Staging Environment: health'),
  fc('pre.staging-smoke', 'pre', 'critical', 'Staging smoke passes', '1.1 Verify Staging Environment: Playwright smoke'),
  fc('pre.release-tag', 'pre', 'major', 'Release tag exists', '1.2 Tag Release'),
  fc('pre.db-snapshot', 'deploy', 'critical', 'Pre-deploy DB snapshot available', '1.3 Backup Production Database'),
  fc('pre.infra', 'pre', 'major', 'Infrastructure in place', 'Checklist 2: Infrastructure Readiness'),
  fc('pre.tls', 'pre', 'major', 'TLS certificate valid', 'Checklist 3: SSL certificate obtained'),
  fc('pre.dns', 'pre', 'major', 'DNS resolves', 'Checklist 3: Domain DNS configured'),
  fc('pre.secrets', 'pre', 'major', 'Secrets present', 'Checklist 3: Secrets stored in AWS Secrets Manager'),
  fc('pre.ses', 'pre', 'major', 'SES sender verified', 'Checklist 3: Email service verified (AWS SES)'),
  fc('deploy.migrations', 'db', 'critical', 'No pending or rolled-back migration', '3.2 npx prisma migrate status'),
  fc('deploy.schema', 'db', 'critical', 'Tables "User", "Organization", "Asset" readable', '3.3 Verify Database Schema'),
  fc('deploy.backend', 'deploy', 'critical', 'Backend service stable', '4.1 Update Backend Service'),
  fc('deploy.frontend', 'deploy', 'critical', 'Frontend service stable', '4.2 Update Frontend Service'),
  fc('deploy.tasks', 'deploy', 'critical', 'All tasks RUNNING and healthy', '4.3 Verify Services Running'),
  fc('smoke.health', 'smoke', 'critical', 'Backend health: database, redis, s3 connected', '5.1 Health Checks: backend'),
  fc('smoke.frontend', 'smoke', 'critical', 'Frontend 200 with HTML, login page renders', '5.1 Health Checks: frontend'),
  fc('smoke.login', 'smoke', 'critical', 'Login returns a token', '5.2 Smoke Tests: authentication'),
  fc('smoke.auth-negative', 'smoke', 'critical', 'Wrong password refused (401)', 'Security gate beyond the runbook'),
  fc('smoke.me', 'smoke', 'critical', 'Current user', '5.2 Smoke Tests: /users/me'),
  fc('smoke.dashboard', 'smoke', 'major', 'Analytics dashboard', '5.2 Smoke Tests: /analytics/dashboard'),
  fc('smoke.assets', 'smoke', 'major', 'Assets list', '5.2 Smoke Tests: /assets'),
  fc('smoke.db-metrics', 'smoke', 'major', 'Monitoring reports database connections', '5.3 Database Connectivity'),
  fc('smoke.queues', 'smoke', 'major', 'Queues running, no stuck jobs', '5.4 Background Jobs'),
  // Security smoke (CHECKS.md "Owners and additions (2026-12)"); the wrong password is fc.smoke.auth-negative.
  fc('smoke.security-role', 'smoke', 'critical', 'Registration cannot grant itself SYSTEM_ADMIN', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  fc('smoke.security-secrets', 'smoke', 'critical', 'No password hash or secret in user responses', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  fc('smoke.security-authz', 'smoke', 'critical', 'Protected routes refuse anonymous and forged-token requests', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  fc('smoke.security-cors', 'smoke', 'critical', 'Foreign-origin CORS request: no 5xx, origin not echoed', 'Security gate beyond the runbook: security vulnerability exposed -> immediate rollback'),
  fc('perf.lighthouse', 'perf', 'major', 'Lighthouse budgets', 'Both apps get Lighthouse budgets (Financial RISE defaults)'),
  fc('load.k6', 'load', 'major', 'Light load: 10 VUs, 1 min', 'Both apps get a k6 load gate (Financial RISE defaults)'),
  fc('mon.alarms', 'monitoring', 'critical', 'No CloudWatch alarm firing', '6.1 Check CloudWatch Metrics: alarms'),
  fc('mon.log-errors', 'monitoring', 'major', 'No ERROR lines in the last hour', '6.2 Review Logs'),
  fc('mon.alb-p95', 'monitoring', 'major', 'ALB p95 < 200 ms', '6.3 Performance Metrics: ALB response times'),
  fc('mon.ecs-util', 'monitoring', 'major', 'ECS CPU / memory < 80 %', '6.3 Performance Metrics: ECS CPU/Memory'),
  fc('mon.rds-connections', 'monitoring', 'major', 'RDS connections < 50 % of max', '6.3 Performance Metrics: RDS connections'),
  fc('mon.redis-hit-rate', 'monitoring', 'minor', 'Redis hit rate > 70 %', '6.3 Performance Metrics: Redis cache hit rate'),
];

export function checkDef(id: string): CheckDef {
  const def = CHECKS.find((c) => c.id === id);
  if (!def) throw new Error(`Unknown check id "${id}": it is not in config/checks.ts (CHECKS.md).`);
  return def;
}

export function checksFor(app: AppId, phases?: readonly Phase[]): CheckDef[] {
  return CHECKS.filter((c) => c.app === app && (!phases || phases.includes(c.phase)));
}
