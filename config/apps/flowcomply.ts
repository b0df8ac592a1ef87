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
  words: { connected: 'connected' },
  expected: {
    readyServices: ['database', 'redis', 's3'],
    tables: ['User', 'Organization', 'Asset'],
    /** `table.column` the release reads; a `schemaFile` replaces both lists. */
    columns: [
      'User.id', 'User.email', 'User.passwordHash', 'User.role', 'User.organizationId', 'User.isActive',
      'Organization.id', 'Organization.name',
      'Asset.id', 'Asset.organizationId', 'Asset.name', 'Asset.type', 'Asset.riskLevel',
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
    login: { path: '/api/v1/auth/login', tokenField: 'data.accessToken' },
    requests: [
      { name: 'me', method: 'GET', path: '/api/v1/auth/me', auth: true, weight: 3 },
      { name: 'dashboard', method: 'GET', path: '/api/v1/analytics/dashboard', auth: true, weight: 3 },
      { name: 'assets', method: 'GET', path: '/api/v1/assets', auth: true, weight: 4 },
    ],
    engine: 'auto',
  },
  rollback: {
    /** "Critical production errors (5xx > 5%)". FlowComply has no "consider" band. */
    immediateErrorRate: 0.05,
    considerErrorRate: 0.05,
    immediateDegradation: 0.50,
    considerDegradation: 0.25,
    procedures: {
      code: 'Option 1: previous task definition revision for backend and frontend services',
      data: 'Option 2: restore the pre-deploy snapshot to a new instance, then swap endpoints',
      full: 'Option 3: infrastructure revert with Terraform (report only, never automatic)',
    },
    destructive: ['Option 2', 'Option 3'],
  },
});

export type FlowComplyProfile = typeof flowcomply;
