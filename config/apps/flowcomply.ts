import { defineApp, RUNBOOK_LIGHTHOUSE, RUNBOOK_LOAD_THRESHOLDS } from '../../src/config/app-profile.ts';

/**
 * FlowComply, from `flowcomply-runbook.md` and `contracts/flowcomply.md`. The runbook's paths
 * (`/api/monitoring/health`, `/api/users/me`) differ from the deployed ones: these are the
 * deployed defaults, and an environment may override any of them.
 */
export const flowcomply = defineApp({
  id: 'flowcomply',
  name: 'FlowComply',
  prefix: 'fc',
  runbook: 'flowcomply-runbook.md',
  // The runbook's "Deployment Log Template", filled in from each run (deployment-log.md).
  runbookReports: ['deployment-log'],
  routes: {
    health: '/health',
    ready: '/health/ready',
    login: '/api/v1/auth/login',
    register: '/api/v1/auth/register',
    me: '/api/v1/auth/me',
    dashboard: '/api/v1/analytics/dashboard',
    assets: '/api/v1/assets',
    system: '/api/v1/monitoring/system',
    queues: '/api/v1/monitoring/queues',
    metrics: '/api/v1/monitoring/metrics',
  },
  pages: { home: '/', login: '/login', dashboard: '/dashboard' },
  labels: {
    loginHeading: 'Sign In',
    email: 'Email Address',
    password: 'Password',
    signIn: 'Sign In',
    welcome: 'Welcome back, {firstName}!',
    nav: ['Dashboard', 'Assets', 'Compliance Plans', 'Documents', 'Reports', 'Monitoring'],
    logout: 'Logout',
  },
  healthyStatuses: ['ok', 'healthy', 'ready'],
  exactLabels: false,
  fields: { login: { email: 'email', password: 'password' } },
  responses: {
    token: 'data.accessToken',
    loginUser: 'data.user',
    me: 'data',
    healthStatus: 'status',
    readyServices: 'services',
    dashboardOverview: 'data.overview',
    assetsList: 'data.assets',
    assetsTotal: 'data.total',
  },
  /** What the gate posts (see the Financial RISE profile): `{tag}` letters only, `{runId}` the run id. */
  data: {
    firstName: 'Postflight',
    lastName: 'Security {tag}',
    organizationName: 'postflight-{runId}',
  },
  formErrors: ['[role="alert"]', '[aria-invalid="true"]', '.error', '.invalid-feedback', '.field-error', '.error-message'],
  /** Contract: "one global rate limit shared by every route including health and login: 100 requests per 15 minutes per IP". */
  rateLimits: {
    global: { label: 'requests', routes: ['*'], method: '', limit: 100, windowS: 900, perRoute: false },
  },
  words: { connected: 'connected' },
  expected: {
    readyServices: ['database', 'redis', 's3'],
    tables: ['User', 'Organization', 'Asset'],
    /** `table.column` the release reads; a `schemaFile` replaces both lists. */
    columns: [
      'User.id',
      'User.email',
      'User.passwordHash',
      'User.role',
      'User.organizationId',
      'User.isActive',
      'Organization.id',
      'Organization.name',
      'Asset.id',
      'Asset.organizationId',
      'Asset.name',
      'Asset.type',
      'Asset.riskLevel',
    ],
    /** Seconds between the two queue polls that decide "not growing". */
    queuePollGapMs: 3000,
  },
  perf: {
    pages: ['/login'],
    runs: 3,
    lighthouse: RUNBOOK_LIGHTHOUSE,
    api: [],
  },
  load: {
    vus: 10,
    durationS: 60,
    timeoutMs: 10000,
    thresholds: RUNBOOK_LOAD_THRESHOLDS,
    login: { route: 'login' },
    requests: [
      { name: 'me', method: 'GET', route: 'me', auth: true, weight: 3 },
      { name: 'dashboard', method: 'GET', route: 'dashboard', auth: true, weight: 3 },
      { name: 'assets', method: 'GET', route: 'assets', auth: true, weight: 4 },
    ],
    engine: 'auto',
  },
  thresholds: {
    /** Checklist 3 "SSL certificate obtained": the same 14 days as Financial RISE. */
    tls: { minDaysLeft: 14 },
    logs: { retentionDays: 30, freshMinutes: 60 },
    /** 6.3 Performance Metrics over the first hour: ALB p95 < 200 ms, ECS < 80 %, RDS < 50 % of max, Redis > 70 %. */
    metrics: { windowMinutes: 60, albP95Ms: 200, ecsUtilPct: 80, rdsConnectionShare: 0.5, rdsDefaultMaxConnections: 100, redisHitRate: 0.7, minRequests: 100 },
    /** The runbook names no required alarms. */
    alarms: [],
    /** Errors a page throws within 3 s of load count (a person is already using it by then). */
    frontend: { settleMs: 3000 },
  },
  rollback: {
    /** "Critical production errors (5xx > 5%)". FlowComply has no "consider" band. */
    immediateErrorRate: 0.05,
    considerErrorRate: 0.05,
    immediateDegradation: 0.5,
    considerDegradation: 0.25,
    // Not in the runbook: its bands assume a p95 in the hundreds of ms, where 50 % is real.
    minDegradationMs: 100,
    procedures: [
      {
        id: 'option-1',
        title: 'Rollback Application',
        runbookSection: 'Option 1: Rollback Application (Fast, 5 minutes)',
        steps: [
          'Update backend-service to the previous flowcomply-backend task definition revision',
          'Update frontend-service to the previous flowcomply-frontend task definition revision',
          'Wait for the rollback: aws ecs wait services-stable (backend-service, frontend-service)',
        ],
        destructive: false,
        automatic: true,
        budgetMinutes: { min: 5, max: 5 },
      },
      {
        id: 'option-2',
        title: 'Rollback Database',
        runbookSection: 'Option 2: Rollback Database (Slow, 30-60 minutes)',
        steps: [
          'Stop the application: backend-service desired count 0',
          'Restore the pre-deploy snapshot to a new instance (flowcomply-production-restored)',
          'Wait for the restore (15-30 minutes): aws rds wait db-instance-available',
          'Update DNS or swap the database endpoints to the restored instance',
          'Restart the application with the old version',
        ],
        /** The restored instance lacks everything written since the snapshot. */
        destructive: true,
        automatic: true,
        budgetMinutes: { min: 30, max: 60 },
      },
      {
        id: 'option-3',
        title: 'Complete Rollback (infrastructure)',
        runbookSection: 'Option 3: Complete Rollback (Nuclear, 1-2 hours)',
        steps: [
          'Select the production Terraform workspace (infrastructure/terraform)',
          'Check out the previous infrastructure commit',
          'terraform apply -var-file="production.tfvars"',
        ],
        destructive: true,
        /** Report only: an infrastructure revert is a person's decision, never the gate's. */
        automatic: false,
        budgetMinutes: { min: 60, max: 120 },
      },
    ],
    /** Option 2 restarts the old version on the restored database, so it also covers "code and data". */
    choice: { code: 'option-1', data: 'option-2', full: 'option-2' },
  },
});

export type FlowComplyProfile = typeof flowcomply;
