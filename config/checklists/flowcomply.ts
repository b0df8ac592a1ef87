import { defineChecklist } from '../../src/config/checklist.ts';

/**
 * `flowcomply-runbook.md`, line for line: the pre-deployment checklist sections the gate
 * covers at least in part, the deployment steps it verifies, Phase 5 (Verification), Phase 6
 * (Monitoring) and the Post-Deployment Tasks. `by` names the catalogue checks (config/checks.ts).
 */

const CODE = '1. Code Readiness';
const INFRA = '2. Infrastructure Readiness';
const CONFIG = '3. Configuration Readiness';
const P1 = 'Phase 1: Pre-Deployment';
const P1_REVIEW = 'Step 1.4: Review Deployment Plan';
const P2 = 'Phase 2: Build & Push';
const P3 = 'Phase 3: Database Migration';
const P4 = 'Phase 4: Deploy Application';
const P5 = 'Phase 5: Verification';
const P6 = 'Phase 6: Monitoring';
const IMMEDIATE = 'Post-Deployment Tasks: Immediate (T+4 hours)';
const NEXT_DAY = 'Post-Deployment Tasks: Next Day';
const FIRST_WEEK = 'Post-Deployment Tasks: First Week';
const WHEN_ROLLBACK = 'Rollback Procedures: When to Rollback';
const BEYOND = 'Beyond the runbook (security gate)';

export const flowcomplyChecklist = defineChecklist({
  app: 'flowcomply',
  runbook: 'flowcomply-runbook.md',
  coversHeadings: [
    '1. Code Readiness',
    '2. Infrastructure Readiness',
    '3. Configuration Readiness',
    'Step 1.4: Review Deployment Plan',
    'Immediate (T+4 hours)',
    'Next Day',
    'First Week',
  ],
  items: [
    { id: 'fc.cl.code-tests', section: CODE, text: 'All tests passing (`npm test`)', by: 'manual' },
    { id: 'fc.cl.code-typescript', section: CODE, text: 'Zero TypeScript errors (`npm run build`)', by: 'manual' },
    { id: 'fc.cl.code-security-audit', section: CODE, text: 'Security audit completed', by: 'manual' },
    { id: 'fc.cl.code-review', section: CODE, text: 'Code reviewed and approved', by: 'manual' },
    { id: 'fc.cl.code-tag', section: CODE, text: 'Version tagged in Git', by: ['fc.pre.release-tag'] },
    { id: 'fc.cl.infra-aws', section: INFRA, text: 'AWS account configured', by: 'not-covered' },
    { id: 'fc.cl.infra-terraform', section: INFRA, text: 'Terraform state initialized', by: 'not-covered' },
    { id: 'fc.cl.infra-vpc', section: INFRA, text: 'VPC and networking configured', by: 'not-covered' },
    { id: 'fc.cl.infra-rds', section: INFRA, text: 'RDS PostgreSQL instance running', by: ['fc.pre.infra'] },
    { id: 'fc.cl.infra-redis', section: INFRA, text: 'ElastiCache Redis running', by: ['fc.pre.infra'] },
    { id: 'fc.cl.infra-s3', section: INFRA, text: 'S3 buckets created', by: ['fc.pre.infra'] },
    { id: 'fc.cl.infra-ecr', section: INFRA, text: 'ECR repositories created', by: ['fc.pre.infra'] },
    { id: 'fc.cl.config-env-vars', section: CONFIG, text: 'Environment variables documented', by: 'manual' },
    { id: 'fc.cl.config-secrets', section: CONFIG, text: 'Secrets stored in AWS Secrets Manager', by: ['fc.pre.secrets'] },
    { id: 'fc.cl.config-ssl', section: CONFIG, text: 'SSL certificate obtained', by: ['fc.pre.tls'] },
    { id: 'fc.cl.config-dns', section: CONFIG, text: 'Domain DNS configured', by: ['fc.pre.dns'] },
    { id: 'fc.cl.config-ses', section: CONFIG, text: 'Email service verified (AWS SES)', by: ['fc.pre.ses'] },
    { id: 'fc.cl.p1-staging-health', section: P1, text: 'Step 1.1: Verify Staging Environment (health)', by: ['fc.pre.staging-health'] },
    { id: 'fc.cl.p1-staging-smoke', section: P1, text: 'Step 1.1: Verify Staging Environment (smoke tests)', by: ['fc.pre.staging-smoke'] },
    { id: 'fc.cl.p1-tag', section: P1, text: 'Step 1.2: Tag Release', by: ['fc.pre.release-tag'] },
    { id: 'fc.cl.p1-backup', section: P1, text: 'Step 1.3: Backup Production Database', by: ['fc.pre.db-snapshot'] },
    { id: 'fc.cl.p1-review-changes', section: P1_REVIEW, text: 'Review changes since last deployment', by: 'manual' },
    { id: 'fc.cl.p1-breaking-changes', section: P1_REVIEW, text: 'Check for breaking changes', by: 'manual' },
    { id: 'fc.cl.p1-review-migrations', section: P1_REVIEW, text: 'Review database migrations', by: 'manual' },
    { id: 'fc.cl.p1-rollback-procedures', section: P1_REVIEW, text: 'Confirm rollback procedures', by: 'manual' },
    { id: 'fc.cl.p2-build-push', section: P2, text: 'Steps 2.1-2.3: build and push the backend and frontend images to ECR', by: 'not-covered' },
    { id: 'fc.cl.p3-migrations', section: P3, text: 'Step 3.2: Run Migrations (no pending or rolled-back migration)', by: ['fc.deploy.migrations'] },
    { id: 'fc.cl.p3-schema', section: P3, text: 'Step 3.3: Verify Database Schema', by: ['fc.deploy.schema'] },
    { id: 'fc.cl.p4-backend', section: P4, text: 'Step 4.1: Update Backend Service', by: ['fc.deploy.backend'] },
    { id: 'fc.cl.p4-frontend', section: P4, text: 'Step 4.2: Update Frontend Service', by: ['fc.deploy.frontend'] },
    { id: 'fc.cl.p4-tasks', section: P4, text: 'Step 4.3: Verify Services Running', by: ['fc.deploy.tasks'] },
    { id: 'fc.cl.p5-health-backend', section: P5, text: 'Step 5.1: Health Checks: backend healthy (database, redis, s3 connected)', by: ['fc.smoke.health'] },
    { id: 'fc.cl.p5-health-frontend', section: P5, text: 'Step 5.1: Health Checks: frontend 200 OK, HTML page returned', by: ['fc.smoke.frontend'] },
    { id: 'fc.cl.p5-smoke-login', section: P5, text: 'Step 5.2: Smoke Tests: authentication', by: ['fc.smoke.login'] },
    {
      id: 'fc.cl.p5-smoke-endpoints',
      section: P5,
      text: 'Step 5.2: Smoke Tests: /users/me, /analytics/dashboard, /assets return successful responses',
      by: ['fc.smoke.me', 'fc.smoke.dashboard', 'fc.smoke.assets'],
    },
    { id: 'fc.cl.p5-db', section: P5, text: 'Step 5.3: Database Connectivity: active connections, no errors', by: ['fc.smoke.db-metrics'] },
    { id: 'fc.cl.p5-jobs', section: P5, text: 'Step 5.4: Background Jobs: queues running, no stuck jobs', by: ['fc.smoke.queues'] },
    { id: 'fc.cl.p6-alarms', section: P6, text: 'Step 6.1: Check CloudWatch Metrics: no alarms in ALARM state', by: ['fc.mon.alarms'] },
    { id: 'fc.cl.p6-logs', section: P6, text: 'Step 6.2: Review Logs: no critical errors, normal application logs', by: ['fc.mon.log-errors'] },
    { id: 'fc.cl.p6-alb', section: P6, text: 'Check ALB response times (target: <200ms p95)', by: ['fc.mon.alb-p95'] },
    { id: 'fc.cl.p6-ecs', section: P6, text: 'Check ECS CPU/Memory usage (target: <80%)', by: ['fc.mon.ecs-util'] },
    { id: 'fc.cl.p6-rds', section: P6, text: 'Check RDS connections (target: <50% max)', by: ['fc.mon.rds-connections'] },
    { id: 'fc.cl.p6-redis', section: P6, text: 'Check Redis cache hit rate (target: >70%)', by: ['fc.mon.redis-hit-rate'] },
    { id: 'fc.cl.perf-lighthouse', section: P6, text: 'Lighthouse budgets (not in the runbook: Financial RISE defaults)', by: ['fc.perf.lighthouse'] },
    { id: 'fc.cl.perf-load', section: P6, text: 'Light load test, 10 VUs for 1 min (not in the runbook: Financial RISE defaults)', by: ['fc.load.k6'] },
    { id: 'fc.cl.t4-error-rates', section: IMMEDIATE, text: 'Monitor error rates', by: ['fc.mon.error-rate'] },
    { id: 'fc.cl.t4-user-feedback', section: IMMEDIATE, text: 'Check user feedback', by: 'manual' },
    { id: 'fc.cl.t4-performance', section: IMMEDIATE, text: 'Review performance metrics', by: 'manual' },
    { id: 'fc.cl.t4-document-issues', section: IMMEDIATE, text: 'Document any issues', by: 'manual' },
    { id: 'fc.cl.t4-success-notification', section: IMMEDIATE, text: 'Send deployment success notification', by: 'manual' },
    { id: 'fc.cl.d1-alarms', section: NEXT_DAY, text: 'Review CloudWatch alarms', by: 'manual' },
    { id: 'fc.cl.d1-traffic', section: NEXT_DAY, text: 'Analyze user traffic patterns', by: 'manual' },
    { id: 'fc.cl.d1-cost', section: NEXT_DAY, text: 'Check cost metrics', by: 'manual' },
    { id: 'fc.cl.d1-deployment-log', section: NEXT_DAY, text: 'Update deployment log', by: 'manual' },
    { id: 'fc.cl.d1-review', section: NEXT_DAY, text: 'Schedule post-deployment review', by: 'manual' },
    { id: 'fc.cl.w1-anomalies', section: FIRST_WEEK, text: 'Monitor for anomalies', by: 'manual' },
    { id: 'fc.cl.w1-feedback', section: FIRST_WEEK, text: 'Collect user feedback', by: 'manual' },
    { id: 'fc.cl.w1-trends', section: FIRST_WEEK, text: 'Review performance trends', by: 'manual' },
    { id: 'fc.cl.w1-optimization', section: FIRST_WEEK, text: 'Plan optimization improvements', by: 'manual' },
    { id: 'fc.cl.w1-docs', section: FIRST_WEEK, text: 'Update documentation', by: 'manual' },
    { id: 'fc.cl.rollback-5xx', section: WHEN_ROLLBACK, text: 'Critical production errors (5xx > 5%)', by: ['fc.mon.error-rate', 'fc.load.k6'] },
    {
      id: 'fc.cl.beyond-security',
      section: BEYOND,
      text: 'Security vulnerability exposed -> immediate rollback (wrong password, role, secrets, authz, CORS)',
      by: ['fc.smoke.auth-negative', 'fc.smoke.security-role', 'fc.smoke.security-secrets', 'fc.smoke.security-authz', 'fc.smoke.security-cors'],
    },
  ],
});
