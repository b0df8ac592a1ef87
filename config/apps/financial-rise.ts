import { defineApp, RUNBOOK_LIGHTHOUSE, RUNBOOK_LOAD_THRESHOLDS } from '../../src/config/app-profile.ts';

/** Financial RISE, from `financial-rise-runbook.md` and `contracts/financial-rise.md`. */
export const financialRise = defineApp({
  id: 'financial-rise',
  name: 'Financial RISE',
  prefix: 'fr',
  runbook: 'financial-rise-runbook.md',
  // Its runbook has no document for the run to fill in (FlowComply's has the deployment log).
  runbookReports: ['go-no-go-record'],
  routes: {
    health: '/api/v1/health',
    register: '/api/v1/auth/register',
    verifyEmail: '/api/v1/auth/verify-email',
    login: '/api/v1/auth/login',
    logout: '/api/v1/auth/logout',
    /** The caller's own account (security-role reads the role here when the register answer has none). */
    me: '/api/v1/auth/me',
    assessments: '/api/v1/assessments',
    assessment: '/api/v1/assessments/:id',
    submit: '/api/v1/assessments/:id/submit',
    questions: '/api/v1/questionnaire/questions',
    responses: '/api/v1/questionnaire/responses',
    clientQuestions: '/api/v1/client/:token/questions',
    clientResponses: '/api/v1/client/:token/responses',
    clientSubmit: '/api/v1/client/:token/submit',
    generateReport: '/api/v1/reports/generate/:type',
    reportStatus: '/api/v1/reports/status/:id',
    reportDownload: '/api/v1/reports/download/:id',
    adminUsers: '/api/v1/admin/users',
    adminAssessments: '/api/v1/admin/assessments',
    adminAnalytics: '/api/v1/admin/analytics',
  },
  pages: {
    home: '/',
    login: '/login',
    register: '/register',
    dashboard: '/dashboard',
    newAssessment: '/assessments/new',
    client: '/client/:token',
    results: '/assessments/:id/results',
    admin: '/admin',
  },
  labels: {
    loginHeading: 'Sign In',
    email: 'Email',
    password: 'Password',
    signIn: 'Sign In',
    dashboardHeading: 'Dashboard',
    newAssessment: 'New Assessment',
    createHeading: 'Create New Assessment',
    clientName: 'Client Name',
    businessName: 'Business Name',
    clientEmail: 'Client Email',
    notes: 'Notes (Optional)',
    generateReports: 'Generate Reports',
    downloadConsultant: 'Download Consultant Report',
    downloadClient: 'Download Client Report',
  },
  csrf: { cookie: 'XSRF-TOKEN', header: 'X-CSRF-Token' },
  healthyStatuses: ['ok', 'healthy'],
  exactLabels: false,
  /** The app sends mail (verification, invitations); false: the email steps are "not verified". */
  mail: true,
  fields: {
    login: { email: 'email', password: 'password' },
    register: { email: 'email', password: 'password', firstName: 'first_name', lastName: 'last_name' },
  },
  responses: {
    token: 'access_token',
    registeredRole: 'user.role',
    healthStatus: 'status',
    list: 'data',
    id: 'id',
    status: 'status',
    questions: 'questions',
    reportId: 'reportId',
    downloadUrl: 'url',
    /** Where a create answer carries the client token, on deployments that return it. */
    clientToken: 'client_token',
  },
  /**
   * How the assessment flow runs on this deployment. `clientLink`: the ways, in order, to get
   * the client's unique link: `mail` (the invitation, the runbook's way), `createAnswer` (the
   * create answer carries it at `responses.clientToken`), `database` (read-only, the
   * assessment's `client_token`). A missing mail still fails Smoke 4; the next way lets
   * Smoke 5 and 6 measure the questionnaire, submit and reports.
   */
  flow: {
    clientLink: ['mail', 'createAnswer', 'database'],
    reportTypes: ['consultant', 'client'],
  },
  /**
   * What the gate types and posts (`{tag}`: a letters-only word from the run id; `{runId}`: the
   * run id, where the app allows digits). An environment overrides any field as
   * `contract.data.<key>` when a deployment's validation refuses the default.
   */
  data: {
    clientName: 'Smoke Client {tag}',
    businessName: 'Postflight Smoke {tag} Ltd',
    notes: 'postflight run {runId}',
    firstName: 'Smoke',
    lastName: 'Tester {tag}',
    perfClientName: 'Perf Client {tag}',
    perfBusinessName: 'Postflight Perf {tag} Ltd',
    perfNotes: 'Created by postflight run {runId} (API latency budget); deleted at the end of the run.',
  },
  /** Where a form shows its validation messages: read after each submit (an empty or hidden element says nothing). */
  formErrors: ['[role="alert"]', '[aria-invalid="true"]', '.error', '.invalid-feedback', '.field-error', '.error-message'],
  /** Contract "Rate limits (per IP, per route, in memory)": the gate's request budget (src/gate/request-budget.ts). */
  rateLimits: {
    login: { label: 'logins', routes: ['login'], method: 'POST', limit: 5, windowS: 60, perRoute: false },
    register: { label: 'registrations', routes: ['register'], method: 'POST', limit: 3, windowS: 3600, perRoute: false },
    perRoute: { label: 'requests per route', routes: ['*'], method: '', limit: 100, windowS: 60, perRoute: true },
  },
  words: { consultantRole: 'consultant', draft: 'draft', completed: 'completed' },
  expected: {
    questions: 25,
    minAdmins: 1,
    tables: ['users', 'assessments', 'questions'],
    /** `table.column` the release reads (login, reports, the seed checks); a `schemaFile` replaces both lists. */
    columns: [
      'users.id',
      'users.email',
      'users.password_hash',
      'users.role',
      'users.first_name',
      'users.last_name',
      'assessments.id',
      'assessments.consultant_id',
      'assessments.client_name',
      'assessments.business_name',
      'assessments.client_email',
      'assessments.status',
      'assessments.client_token',
      'questions.id',
      'questions.section',
      'questions.text',
      'questions.type',
      'questions.options',
      'questions.display_order',
    ],
    /** Runbook Smoke 6: "Report generation works (<5s)". */
    reportGenerationMs: 5000,
    /** How long to wait for an email to reach the inbox. */
    emailWaitMs: 20000,
  },
  perf: {
    pages: ['/login'],
    runs: 3,
    lighthouse: RUNBOOK_LIGHTHOUSE,
    api: [
      { name: 'GET /assessments', method: 'GET', route: 'assessments', budgetMs: 300, aggregation: 'p95', samples: 10, warmup: 2 },
      { name: 'POST /assessments', method: 'POST', route: 'assessments', budgetMs: 500, aggregation: 'p95', samples: 5, warmup: 1 },
      { name: 'POST /reports/generate', method: 'POST', route: 'generateReport', budgetMs: 5000, aggregation: 'max', samples: 2, warmup: 0 },
    ],
  },
  load: {
    vus: 10,
    durationS: 60,
    timeoutMs: 10000,
    thresholds: RUNBOOK_LOAD_THRESHOLDS,
    login: { route: 'login' },
    requests: [
      { name: 'health', method: 'GET', route: 'health', auth: false, weight: 1 },
      { name: 'list assessments', method: 'GET', route: 'assessments', query: 'page=1&limit=10', auth: true, weight: 6 },
      { name: 'questions', method: 'GET', route: 'questions', auth: true, weight: 3 },
    ],
    engine: 'auto',
  },
  thresholds: {
    /** CHECKS.md fr.pre.tls: "served certificate valid > 14 days". */
    tls: { minDaysLeft: 14 },
    /** Monitoring Setup Verification 2: retention 30 days, logs receiving data. */
    logs: { retentionDays: 30, freshMinutes: 60 },
    /** Financial RISE's runbook names no metric targets; FlowComply's 6.3 values are the shared defaults. */
    metrics: { windowMinutes: 60, albP95Ms: 200, ecsUtilPct: 80, rdsConnectionShare: 0.5, rdsDefaultMaxConnections: 100, redisHitRate: 0.7, minRequests: 100 },
    /** "Monitoring & Alerts: Critical Alarms". */
    alarms: [
      { key: '5xx', label: '5XX errors > 10 in 5 min', threshold: 10, unit: ' errors', windowS: 300 },
      { key: 'response-time', label: 'TargetResponseTime > 1000 ms for 5 min', threshold: 1, unit: ' s', windowS: 300 },
      { key: 'db-cpu', label: 'DB CPUUtilization > 80 % for 10 min', threshold: 80, unit: ' %', windowS: 600 },
      { key: 'memory', label: 'MemoryUtilization > 85 % for 10 min', threshold: 85, unit: ' %', windowS: 600 },
    ],
    /** Errors a page throws within 3 s of load count (a person is already using it by then). */
    frontend: { settleMs: 3000 },
  },
  rollback: {
    immediateErrorRate: 0.1,
    considerErrorRate: 0.05,
    immediateDegradation: 0.5,
    considerDegradation: 0.25,
    // Not in the runbook: its bands assume a p95 in the hundreds of ms, where 50 % is real.
    minDegradationMs: 100,
    procedures: [
      {
        id: 'A',
        title: 'Revert Application Code',
        runbookSection: 'Rollback Procedure A: Revert Application Code',
        steps: [
          'Identify the previous task definitions (aws ecs list-task-definitions --family-prefix financial-rise-backend --sort DESC)',
          'Revert the backend: update backend-service to the previous financial-rise-backend task definition',
          'Revert the frontend: update frontend-service to the previous financial-rise-frontend task definition',
          'Invalidate CloudFront (paths "/*")',
          'Monitor the rollback until both services are stable (aws ecs describe-services)',
          'Verify: run the smoke tests, check error rates, verify functionality restored',
        ],
        destructive: false,
        automatic: true,
        budgetMinutes: { min: 10, max: 15 },
      },
      {
        id: 'B',
        title: 'Restore Database',
        runbookSection: 'Rollback Procedure B: Restore Database',
        steps: [
          'Stop the application: backend-service desired count 0',
          'Identify the pre-deploy snapshot (aws rds describe-db-snapshots, newest first)',
          'Rename the current instance to financial-rise-db-backup, then restore financial-rise-db from the snapshot',
          'Wait for the restore (15-20 minutes): aws rds wait db-instance-available',
          'Restart the application: backend-service desired count 2',
          'Verify the restore: SELECT COUNT(*) FROM users; SELECT COUNT(*) FROM assessments',
        ],
        /** "This will lose all data created since deployment." */
        destructive: true,
        automatic: true,
        budgetMinutes: { min: 20, max: 30 },
      },
      {
        id: 'C',
        title: 'Full System Rollback',
        runbookSection: 'Rollback Procedure C: Full System Rollback',
        steps: [
          'Communicate downtime: status page "System Maintenance", email users, social media',
          'Revert the application code (procedure A)',
          'Restore the database (procedure B)',
          'Clear caches: flush Redis, invalidate CloudFront (paths "/*")',
          'Run the full smoke tests',
          'Communicate recovery: status page "All Systems Operational", recovery email, social media',
        ],
        destructive: true,
        automatic: true,
        budgetMinutes: { min: 30, max: 40 },
      },
    ],
    /** "Use When": A for a code issue with the database fine, B for a migration issue or corruption, C when all is affected. */
    choice: { code: 'A', data: 'B', full: 'C' },
  },
});

export type FinancialRiseProfile = typeof financialRise;
