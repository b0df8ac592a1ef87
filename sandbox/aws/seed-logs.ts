import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { AppId } from '../../src/core/types.ts';
import { minutesAgo, type SeedApp } from './seed-types.ts';

/** Start-up and request lines per app and tier, oldest first (PutLogEvents needs order). */
const LINES: Record<AppId, { backend: string[]; frontend: string[] }> = {
  'financial-rise': {
    backend: [
      'INFO [NestFactory] Starting Nest application...',
      'INFO [TypeOrmModule] Database connection successful',
      'INFO [NestApplication] Server started on port 3000',
      'INFO GET /api/v1/health 200 4ms',
    ],
    frontend: ['INFO nginx: start worker processes', 'INFO GET / 200 1ms'],
  },
  flowcomply: {
    backend: ['INFO Prisma: Database connected', 'INFO Server started on port 3001', 'INFO GET /health/ready 200 6ms'],
    frontend: ['INFO ready - started server on 0.0.0.0:3000', 'INFO GET /login 200 12ms'],
  },
};

const ERROR_LINE: Record<AppId, string> = {
  'financial-rise': 'ERROR [ExceptionsHandler] relation "reports" does not exist (QueryFailedError)',
  flowcomply: 'ERROR PrismaClientKnownRequestError: Invalid `prisma.asset.findMany()` invocation',
};

/**
 * Log groups with retention 30, one stream each, recent INFO lines; faults add ERROR lines or
 * shorten retention. `create: false` only writes a new stream of recent lines (refresh).
 */
export async function seedLogs(s: SeedApp, opts: { create?: boolean } = {}): Promise<void> {
  for (const group of s.names.logGroups) {
    const tier = group.includes('frontend') ? 'frontend' : 'backend';
    if (opts.create !== false) {
      await s.aws.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      const retention = tier === 'backend' && s.fault('log-retention-7') ? (s.value('log-retention-7') ?? 7) : 30;
      await s.aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: retention }));
    }
    const stream = `ecs/${tier}/seed-${s.now.getTime()}`;
    await s.aws.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    const lines = LINES[s.app][tier];
    // fr:logs-stale[=<minutes>]: the frontend's newest line is exactly that old (nothing arrived
    // since). The frontend's, so the backend's start-up lines stay where fr.deploy.backend-logs looks.
    const newest = tier === 'frontend' && s.fault('logs-stale') ? (s.value('logs-stale') ?? 90) : 6 - lines.length;
    const events = lines.map((message, i) => ({ timestamp: minutesAgo(s.now, newest + lines.length - 1 - i).getTime(), message }));
    // The fault's error line is the newest event: it is "since the deploy" for any deployedAt before seeding.
    if (tier === 'backend' && s.fault('log-errors')) events.push({ timestamp: s.now.getTime(), message: ERROR_LINE[s.app] });
    await s.aws.logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }));
  }
}
