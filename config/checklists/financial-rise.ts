import { defineChecklist } from '../../src/config/checklist.ts';

/**
 * `financial-rise-runbook.md`, line for line: the pre-deployment sections the gate covers at
 * least in part, then Post-Deployment Verification (smoke checklist, performance, monitoring)
 * and the alarms. `by` names the catalogue checks (config/checks.ts) that answer a line.
 */

const T7_INFRA = 'T-7 Infrastructure';
const T7_CODE = 'T-7 Code';
const T7_DB = 'T-7 Database';
const T7_MON = 'T-7 Monitoring';
const T48_STAGING = 'T-48 Staging Validation';
const T48_PROD = 'T-48 Production Environment';
const DEPLOY = 'Deployment Procedure (Phases 1-3)';
const SMOKE = 'Smoke Test Checklist';
const PERF = 'Performance Validation';
const MON = 'Monitoring Setup Verification';
const ALARMS = 'Monitoring & Alerts: Critical Alarms';
const BEYOND = 'Beyond the runbook (security gate)';
const ROLLBACK = 'Rollback Decision Criteria';

const SECURITY = ['fr.smoke.security-role', 'fr.smoke.security-secrets', 'fr.smoke.security-authz', 'fr.smoke.security-password', 'fr.smoke.security-cors'];

export const financialRiseChecklist = defineChecklist({
  app: 'financial-rise',
  runbook: 'financial-rise-runbook.md',
  coversHeadings: ['Infrastructure', 'Code', 'Database', 'Monitoring', 'Staging Validation', 'Production Environment', 'Smoke Test Checklist'],
  items: [
    { id: 'fr.cl.t7-aws-account', section: T7_INFRA, text: 'Production AWS account configured', by: 'not-covered' },
    { id: 'fr.cl.t7-vpc', section: T7_INFRA, text: 'VPC and subnets created', by: 'not-covered' },
    { id: 'fr.cl.t7-rds', section: T7_INFRA, text: 'RDS PostgreSQL instance running (Multi-AZ)', by: ['fr.pre.infra'] },
    { id: 'fr.cl.t7-redis', section: T7_INFRA, text: 'Redis ElastiCache cluster running', by: 'not-covered' },
    { id: 'fr.cl.t7-s3', section: T7_INFRA, text: 'S3 bucket for reports created', by: ['fr.pre.infra'] },
    { id: 'fr.cl.t7-cloudfront', section: T7_INFRA, text: 'CloudFront distribution configured', by: ['fr.pre.infra'] },
    { id: 'fr.cl.t7-route53', section: T7_INFRA, text: 'Route 53 DNS configured', by: ['fr.pre.dns'] },
    { id: 'fr.cl.t7-acm', section: T7_INFRA, text: 'ACM SSL certificate issued and validated', by: ['fr.pre.tls'] },
    { id: 'fr.cl.t7-ecs', section: T7_INFRA, text: 'ECS cluster created', by: ['fr.pre.infra'] },
    { id: 'fr.cl.t7-alb', section: T7_INFRA, text: 'ALB configured with target groups', by: ['fr.pre.infra'] },
    { id: 'fr.cl.t7-bugs', section: T7_CODE, text: 'All P0/P1 bugs fixed', by: 'manual' },
    { id: 'fr.cl.t7-tests', section: T7_CODE, text: 'All tests passing (unit, integration, E2E)', by: 'manual' },
    { id: 'fr.cl.t7-coverage', section: T7_CODE, text: 'Code coverage >80%', by: 'manual' },
    { id: 'fr.cl.t7-security-audit', section: T7_CODE, text: 'Security audit passed', by: 'manual' },
    { id: 'fr.cl.t7-benchmarks', section: T7_CODE, text: 'Performance benchmarks met', by: 'manual' },
    { id: 'fr.cl.t7-review', section: T7_CODE, text: 'Final code review complete', by: 'manual' },
    { id: 'fr.cl.t7-tag', section: T7_CODE, text: 'Main branch tagged with version number (e.g., v1.0.0)', by: ['fr.pre.release-tag'] },
    { id: 'fr.cl.t7-migrations-tested', section: T7_DB, text: 'Migration scripts tested on staging', by: 'manual' },
    { id: 'fr.cl.t7-backup', section: T7_DB, text: 'Database backup taken', by: ['fr.deploy.db-snapshot'] },
    { id: 'fr.cl.t7-rollback-scripts', section: T7_DB, text: 'Rollback scripts prepared', by: 'manual' },
    { id: 'fr.cl.t7-seed', section: T7_DB, text: 'Seed data scripts ready (questions, options)', by: ['fr.deploy.seed'] },
    { id: 'fr.cl.t7-log-groups', section: T7_MON, text: 'CloudWatch log groups created', by: ['fr.pre.log-groups'] },
    { id: 'fr.cl.t7-alarms', section: T7_MON, text: 'CloudWatch alarms configured', by: ['fr.pre.alarms-configured'] },
    { id: 'fr.cl.t7-status-page', section: T7_MON, text: 'Status page set up', by: ['fr.mon.uptime'] },
    { id: 'fr.cl.t7-uptime', section: T7_MON, text: 'Uptime monitoring configured (e.g., Pingdom, UptimeRobot)', by: 'manual' },
    { id: 'fr.cl.t48-staging-deploy', section: T48_STAGING, text: 'Full deployment to staging successful', by: ['fr.pre.staging-go'] },
    { id: 'fr.cl.t48-staging-smoke', section: T48_STAGING, text: 'Smoke tests passed on staging', by: ['fr.pre.staging-go'] },
    { id: 'fr.cl.t48-staging-perf', section: T48_STAGING, text: 'Performance tests passed on staging', by: ['fr.pre.staging-go'] },
    { id: 'fr.cl.t48-staging-security', section: T48_STAGING, text: 'Security scan passed on staging', by: 'manual' },
    { id: 'fr.cl.t48-uat', section: T48_STAGING, text: 'UAT participants tested on staging', by: 'manual' },
    { id: 'fr.cl.t48-migration-dry-run', section: T48_PROD, text: 'Database migration dry-run completed', by: 'manual' },
    { id: 'fr.cl.t48-secrets', section: T48_PROD, text: 'Secrets stored in AWS Secrets Manager', by: ['fr.pre.secrets'] },
    { id: 'fr.cl.t48-env-vars', section: T48_PROD, text: 'Environment variables configured', by: 'manual' },
    { id: 'fr.cl.t48-ssl', section: T48_PROD, text: 'SSL certificate validated', by: ['fr.pre.tls'] },
    { id: 'fr.cl.t48-dns', section: T48_PROD, text: 'DNS propagation verified', by: ['fr.pre.dns'] },
    {
      id: 'fr.cl.deploy-migrations',
      section: DEPLOY,
      text: 'Phase 1.3/1.4: migrations at the expected latest, tables present',
      by: ['fr.deploy.migrations', 'fr.deploy.schema', 'fr.deploy.seed'],
    },
    {
      id: 'fr.cl.deploy-services',
      section: DEPLOY,
      text: 'Phases 2-3: backend and frontend services stable, CloudFront invalidated',
      by: ['fr.deploy.backend', 'fr.deploy.frontend', 'fr.deploy.cdn'],
    },
    { id: 'fr.cl.smoke-health', section: SMOKE, text: 'API health check returns healthy', by: ['fr.smoke.health'] },
    { id: 'fr.cl.smoke-frontend', section: SMOKE, text: 'Frontend loads without errors', by: ['fr.smoke.frontend'] },
    { id: 'fr.cl.smoke-register-login', section: SMOKE, text: 'User can register and login', by: ['fr.smoke.registration'] },
    { id: 'fr.cl.smoke-assessment-create', section: SMOKE, text: 'Assessment creation works', by: ['fr.smoke.assessment-create'] },
    { id: 'fr.cl.smoke-assessment-complete', section: SMOKE, text: 'Assessment completion works', by: ['fr.smoke.assessment-complete'] },
    { id: 'fr.cl.smoke-report-generation', section: SMOKE, text: 'Report generation works (<5s)', by: ['fr.smoke.reports'] },
    { id: 'fr.cl.smoke-pdf-download', section: SMOKE, text: 'PDF download works', by: ['fr.smoke.reports'] },
    { id: 'fr.cl.smoke-admin', section: SMOKE, text: 'Admin panel accessible', by: ['fr.smoke.admin'] },
    { id: 'fr.cl.smoke-logs', section: SMOKE, text: 'No errors in CloudWatch logs', by: ['fr.smoke.logs-clean', 'fr.deploy.backend-logs'] },
    { id: 'fr.cl.perf-score', section: PERF, text: 'Performance score >90', by: ['fr.perf.lighthouse'] },
    { id: 'fr.cl.perf-fcp', section: PERF, text: 'First Contentful Paint <2s', by: ['fr.perf.lighthouse'] },
    { id: 'fr.cl.perf-tti', section: PERF, text: 'Time to Interactive <3s', by: ['fr.perf.lighthouse'] },
    { id: 'fr.cl.perf-get-assessments', section: PERF, text: 'GET /assessments <300ms', by: ['fr.perf.api'] },
    { id: 'fr.cl.perf-post-assessments', section: PERF, text: 'POST /assessments <500ms', by: ['fr.perf.api'] },
    { id: 'fr.cl.perf-generate', section: PERF, text: 'POST /reports/generate <5s', by: ['fr.perf.api'] },
    { id: 'fr.cl.load-p95', section: PERF, text: '95th percentile <500ms', by: ['fr.load.k6'] },
    { id: 'fr.cl.load-errors', section: PERF, text: 'Error rate <1%', by: ['fr.load.k6'] },
    { id: 'fr.cl.load-timeouts', section: PERF, text: 'No timeouts', by: ['fr.load.k6'] },
    { id: 'fr.cl.mon-alarms', section: MON, text: 'Verify no alarms firing', by: ['fr.mon.alarms'] },
    { id: 'fr.cl.mon-logs-receiving', section: MON, text: 'Check CloudWatch logs receiving data', by: ['fr.mon.logs'] },
    { id: 'fr.cl.mon-logs-retention', section: MON, text: 'Verify log retention set to 30 days', by: ['fr.mon.logs'] },
    { id: 'fr.cl.mon-log-search', section: MON, text: 'Test log search functionality', by: 'manual' },
    { id: 'fr.cl.mon-status-page', section: MON, text: 'Verify status page shows "All Systems Operational"', by: ['fr.mon.uptime'] },
    { id: 'fr.cl.mon-uptime-1min', section: MON, text: 'Check uptime monitor is pinging every 1 minute', by: 'manual' },
    { id: 'fr.cl.mon-alert-notifications', section: MON, text: 'Verify alert notifications configured', by: 'manual' },
    { id: 'fr.cl.mon-sentry', section: MON, text: 'Verify Sentry/error tracking receiving events', by: 'not-covered' },
    { id: 'fr.cl.mon-test-error', section: MON, text: 'Test error notification (trigger test error)', by: 'manual' },
    { id: 'fr.cl.mon-slack', section: MON, text: 'Confirm alerts sent to Slack/email', by: 'manual' },
    {
      id: 'fr.cl.alarms-thresholds',
      section: ALARMS,
      text: '5XXError >10 in 5 min, TargetResponseTime >1000ms, DB CPU >80%, Memory >85%',
      by: ['fr.pre.alarms-configured'],
    },
    { id: 'fr.cl.rollback-perf-immediate', section: ROLLBACK, text: 'Performance degradation >50%', by: ['fr.mon.slowdown', 'fr.load.k6'] },
    { id: 'fr.cl.rollback-errors-immediate', section: ROLLBACK, text: 'Error rate >10%', by: ['fr.mon.error-rate', 'fr.load.k6'] },
    { id: 'fr.cl.rollback-perf-consider', section: ROLLBACK, text: 'Performance degradation 25-50%', by: ['fr.mon.slowdown', 'fr.load.k6'] },
    { id: 'fr.cl.rollback-errors-consider', section: ROLLBACK, text: 'Error rate 5-10%', by: ['fr.mon.error-rate', 'fr.load.k6'] },
    {
      id: 'fr.cl.beyond-security',
      section: BEYOND,
      text: 'Security vulnerability exposed -> immediate rollback (role, secrets, authz, password, CORS)',
      by: SECURITY,
    },
  ],
});
