import { DescribeLogGroupsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { awsCall } from './errors.ts';
import type { AwsClients } from './clients.ts';

export interface LogGroupInfo {
  name: string;
  exists: boolean;
  /** Days; undefined = never expire (CloudWatch's default). */
  retentionDays?: number;
}

export interface LogEventInfo {
  at: Date;
  message: string;
  stream?: string;
}

/** Looks each group up by exact name (describe by prefix, then match), in one call per group. */
export async function describeLogGroups(aws: AwsClients, names: readonly string[]): Promise<LogGroupInfo[]> {
  return Promise.all(
    names.map(async (name) => {
      const page = await awsCall(aws.site('CloudWatch Logs', `describe log group ${name}`), () =>
        aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 50 })),
      );
      const group = page.logGroups?.find((g) => g.logGroupName === name);
      return group ? { name, exists: true, ...(group.retentionInDays ? { retentionDays: group.retentionInDays } : {}) } : { name, exists: false };
    }),
  );
}

export interface LogSearch {
  group: string;
  /** CloudWatch filter pattern, e.g. `ERROR` or `"Server started on port 3000"`. */
  pattern?: string;
  start: Date;
  end: Date;
  /** Stop after this many matching events (evidence, not a full export). */
  limit?: number;
}

/**
 * Events of one group matching a filter pattern in [start, end], newest pages followed up
 * to `limit`. The caller re-checks messages: emulators treat some patterns loosely.
 */
export async function findLogEvents(aws: AwsClients, q: LogSearch): Promise<LogEventInfo[]> {
  const limit = q.limit ?? 20;
  const site = aws.site('CloudWatch Logs', `filter ${q.group} for ${q.pattern ? `'${q.pattern}'` : 'any event'} since ${q.start.toISOString()}`);
  const events: LogEventInfo[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await awsCall(site, () =>
      aws.logs.send(
        new FilterLogEventsCommand({
          logGroupName: q.group,
          ...(q.pattern ? { filterPattern: q.pattern } : {}),
          startTime: q.start.getTime(),
          endTime: q.end.getTime(),
          limit: Math.min(limit, 10_000),
          ...(token ? { nextToken: token } : {}),
        }),
      ),
    );
    for (const e of page.events ?? []) {
      events.push({ at: new Date(e.timestamp ?? 0), message: e.message ?? '', ...(e.logStreamName ? { stream: e.logStreamName } : {}) });
    }
    token = page.nextToken;
    pages += 1;
    // FilterLogEvents may return empty pages with a token while it scans; bound the walk.
  } while (token && events.length < limit && pages < 20);
  return events.slice(0, limit);
}
