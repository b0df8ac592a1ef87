import type { AppId } from '../core/types.ts';
import type { ServiceRole } from '../platforms/platform.ts';

/**
 * The runbooks' deploy procedures as data, in the order each runbook walks them. Step ids are
 * the catalogue's where the catalogue owns the step for the orchestrator (`fr.deploy.backend`
 * ...), otherwise `<prefix>.orch.<name>`. Timeouts are the runbooks' own estimates with room:
 * a slow but healthy deploy must not be cut off (a known failure of fixed short waits), and
 * nothing waits for ever. `{runId}` in a snapshot id is replaced by the plan builder.
 *
 * (This may move into the app profiles with the rollback procedures; it is data either way.)
 */

export type PhaseStepAction =
  /** Read-only gate checks run by the gate's evaluator (preflight, db verification, logs). */
  | { kind: 'checks'; checkIds: string[] }
  /** A command configured in the environment (never hard-coded), run with a timeout. */
  | { kind: 'command'; command: 'build-push' | 'migrate' | 'seed' | 'flush-cache' }
  /** Reads the revisions running before anything changes: the rollback target of last resort. */
  | { kind: 'record-revisions' }
  | { kind: 'snapshot-db'; snapshotId: string }
  | { kind: 'deploy-service'; service: ServiceRole }
  | { kind: 'invalidate-cdn' }
  /** The post-deploy gate (verify): its verdict decides GO / NO-GO / rollback. */
  | { kind: 'gate' };

export interface PhaseStep {
  id: string;
  title: string;
  phase: string;
  runbookRef: string;
  timeoutMin: number;
  destructive?: boolean;
  action: PhaseStepAction;
}

const FR: PhaseStep[] = [
  {
    id: 'fr.orch.preflight',
    title: 'Preflight: pre-deployment checks, no alarm already in ALARM',
    phase: 'Pre-Deployment',
    runbookRef: 'Pre-Deployment Checklist (T-48 h, T-24 h Go/No-Go)',
    timeoutMin: 10,
    action: {
      kind: 'checks',
      checkIds: [
        'fr.pre.infra',
        'fr.pre.tls',
        'fr.pre.dns',
        'fr.pre.alarms-configured',
        'fr.pre.log-groups',
        'fr.pre.secrets',
        'fr.pre.release-tag',
        'fr.pre.staging-go',
        'fr.mon.alarms',
      ],
    },
  },
  {
    id: 'fr.orch.revisions',
    title: 'Record the running task definitions',
    phase: 'Pre-Deployment',
    runbookRef: 'Rollback Procedure A step 1: Identify Previous Version',
    timeoutMin: 2,
    action: { kind: 'record-revisions' },
  },
  {
    id: 'fr.deploy.db-snapshot',
    title: 'Take database snapshot, wait until available',
    phase: 'Phase 1: Database Migration',
    runbookRef: 'Phase 1.1 Take Database Snapshot (5-10 min)',
    timeoutMin: 30,
    action: { kind: 'snapshot-db', snapshotId: 'pre-deploy-{runId}' },
  },
  {
    id: 'fr.orch.migrate',
    title: 'Run database migrations (configured command)',
    phase: 'Phase 1: Database Migration',
    runbookRef: 'Phase 1.2 Run Database Migrations (npm run migrate:prod)',
    timeoutMin: 20,
    action: { kind: 'command', command: 'migrate' },
  },
  {
    id: 'fr.orch.verify-migrations',
    title: 'Verify migrations and schema',
    phase: 'Phase 1: Database Migration',
    runbookRef: 'Phase 1.3 Verify Migrations',
    timeoutMin: 5,
    action: { kind: 'checks', checkIds: ['fr.deploy.migrations', 'fr.deploy.schema'] },
  },
  {
    id: 'fr.orch.seed',
    title: 'Seed production data (configured command)',
    phase: 'Phase 1: Database Migration',
    runbookRef: 'Phase 1.4 Seed Production Data (npm run seed:prod)',
    timeoutMin: 10,
    action: { kind: 'command', command: 'seed' },
  },
  {
    id: 'fr.orch.verify-seed',
    title: 'Verify seed: 25 questions, at least one admin',
    phase: 'Phase 1: Database Migration',
    runbookRef: 'Phase 1.4 Verify',
    timeoutMin: 5,
    action: { kind: 'checks', checkIds: ['fr.deploy.seed'] },
  },
  {
    id: 'fr.orch.build-push',
    title: 'Build and push images (configured command)',
    phase: 'Phase 2: Backend Deployment',
    runbookRef: 'Phase 2.1 / 3.1 Build & Push Docker Image',
    timeoutMin: 30,
    action: { kind: 'command', command: 'build-push' },
  },
  {
    id: 'fr.deploy.backend',
    title: 'Backend: register task definition, update service, wait until stable',
    phase: 'Phase 2: Backend Deployment',
    runbookRef: 'Phase 2.2-2.4 Update ECS Task Definition, Update ECS Service, Monitor Deployment',
    timeoutMin: 20,
    action: { kind: 'deploy-service', service: 'backend' },
  },
  {
    id: 'fr.orch.backend-logs',
    title: 'Backend logs: started on port 3000, database connected, no errors',
    phase: 'Phase 2: Backend Deployment',
    runbookRef: 'Phase 2.5 Check Application Logs',
    timeoutMin: 5,
    action: { kind: 'checks', checkIds: ['fr.deploy.backend-logs'] },
  },
  {
    id: 'fr.deploy.frontend',
    title: 'Frontend: register task definition, update service, wait until stable',
    phase: 'Phase 3: Frontend Deployment',
    runbookRef: 'Phase 3.2, 3.4 Update ECS Service, Monitor Deployment',
    timeoutMin: 15,
    action: { kind: 'deploy-service', service: 'frontend' },
  },
  {
    id: 'fr.deploy.cdn',
    title: 'Invalidate CloudFront, wait until Completed',
    phase: 'Phase 3: Frontend Deployment',
    runbookRef: 'Phase 3.3 Invalidate CloudFront Cache',
    timeoutMin: 15,
    action: { kind: 'invalidate-cdn' },
  },
  {
    id: 'fr.orch.gate',
    title: 'Post-deployment verification (the gate)',
    phase: 'Post-Deployment Verification',
    runbookRef: 'Post-Deployment Verification (smoke 15 min, performance 10 min, monitoring 5 min)',
    timeoutMin: 40,
    action: { kind: 'gate' },
  },
];

const FC: PhaseStep[] = [
  {
    id: 'fc.orch.preflight',
    title: 'Staging health and smoke, release tag, no alarm already in ALARM',
    phase: 'Phase 1: Pre-Deployment',
    runbookRef: 'Step 1.1 Verify Staging Environment; 1.2 Tag Release',
    timeoutMin: 15,
    action: {
      kind: 'checks',
      checkIds: [
        'fc.pre.staging-health',
        'fc.pre.staging-smoke',
        'fc.pre.release-tag',
        'fc.pre.infra',
        'fc.pre.tls',
        'fc.pre.dns',
        'fc.pre.secrets',
        'fc.pre.ses',
        'fc.mon.alarms',
      ],
    },
  },
  {
    id: 'fc.orch.revisions',
    title: 'Record the running task definitions',
    phase: 'Phase 1: Pre-Deployment',
    runbookRef: 'Rollback Option 1: previous revision',
    timeoutMin: 2,
    action: { kind: 'record-revisions' },
  },
  {
    id: 'fc.pre.db-snapshot',
    title: 'Backup production database, wait until available',
    phase: 'Phase 1: Pre-Deployment',
    runbookRef: 'Step 1.3 Backup Production Database',
    timeoutMin: 30,
    action: { kind: 'snapshot-db', snapshotId: 'flowcomply-pre-deploy-{runId}' },
  },
  {
    id: 'fc.orch.build-push',
    title: 'Build and push images (configured command)',
    phase: 'Phase 2: Build & Push',
    runbookRef: 'Steps 2.1-2.3 Build Backend, Build Frontend, Push to ECR',
    timeoutMin: 30,
    action: { kind: 'command', command: 'build-push' },
  },
  {
    id: 'fc.orch.migrate',
    title: 'prisma migrate deploy, then status (configured command)',
    phase: 'Phase 3: Database Migration',
    runbookRef: 'Step 3.2 Run Migrations',
    timeoutMin: 20,
    action: { kind: 'command', command: 'migrate' },
  },
  {
    id: 'fc.orch.verify-schema',
    title: 'Verify migrations and schema',
    phase: 'Phase 3: Database Migration',
    runbookRef: 'Step 3.2 migrate status; 3.3 Verify Database Schema',
    timeoutMin: 5,
    action: { kind: 'checks', checkIds: ['fc.deploy.migrations', 'fc.deploy.schema'] },
  },
  {
    id: 'fc.deploy.backend',
    title: 'Backend: register task definition, update service, wait until stable',
    phase: 'Phase 4: Deploy Application',
    runbookRef: 'Step 4.1 Update Backend Service',
    timeoutMin: 20,
    action: { kind: 'deploy-service', service: 'backend' },
  },
  {
    id: 'fc.deploy.frontend',
    title: 'Frontend: register task definition, update service, wait until stable',
    phase: 'Phase 4: Deploy Application',
    runbookRef: 'Step 4.2 Update Frontend Service',
    timeoutMin: 20,
    action: { kind: 'deploy-service', service: 'frontend' },
  },
  {
    id: 'fc.deploy.tasks',
    title: 'Tasks RUNNING, health checks passing',
    phase: 'Phase 4: Deploy Application',
    runbookRef: 'Step 4.3 Verify Services Running',
    timeoutMin: 5,
    action: { kind: 'checks', checkIds: ['fc.deploy.tasks'] },
  },
  {
    id: 'fc.orch.gate',
    title: 'Verification and monitoring (the gate)',
    phase: 'Phase 5-6: Verification, Monitoring',
    runbookRef: 'Phase 5 Verification (T+15 min); Phase 6 Monitoring',
    timeoutMin: 40,
    action: { kind: 'gate' },
  },
];

export const DEPLOY_PHASES: Readonly<Record<AppId, readonly PhaseStep[]>> = { 'financial-rise': FR, flowcomply: FC };

/**
 * The runbooks' own time budgets per phase, for the timeline. Financial RISE gives durations
 * (Phase 1: 30 min, ...; verification 15 + 10 + 5); FlowComply gives start marks (T-2 h, T-1 h,
 * T-30 min, T-0, T+15 min, T+1 h), so a phase's budget is the time to the next mark.
 */
export const PHASE_BUDGET_MIN: Readonly<Record<AppId, Readonly<Record<string, number>>>> = {
  'financial-rise': {
    'Phase 1: Database Migration': 30,
    'Phase 2: Backend Deployment': 20,
    'Phase 3: Frontend Deployment': 15,
    'Post-Deployment Verification': 30,
  },
  flowcomply: {
    'Phase 1: Pre-Deployment': 60,
    'Phase 2: Build & Push': 30,
    'Phase 3: Database Migration': 30,
    'Phase 4: Deploy Application': 15,
    'Phase 5-6: Verification, Monitoring': 45,
  },
};

/** The whole deploy's window: Financial RISE's 90 min; FlowComply's T-2 h to T+1 h. */
export const DEPLOY_BUDGET_MIN: Readonly<Record<AppId, number>> = { 'financial-rise': 90, flowcomply: 180 };

export interface ProcedureBudget {
  id: string;
  title: string;
  budgetMinutes: { min: number; max: number };
  destructive?: boolean;
}
