import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { AwsError, awsCall } from './errors.ts';
import type { AwsClients } from './clients.ts';

export interface DbInstanceInfo {
  id: string;
  /** `available`, `backing-up`, `modifying`, ... */
  status: string;
  multiAz: boolean;
  instanceClass?: string;
  engine?: string;
  endpoint?: string;
}

/** Describes one RDS instance; a missing instance is an `AwsError` of kind `not-found`. */
export async function describeDbInstance(aws: AwsClients, id: string): Promise<DbInstanceInfo> {
  const site = aws.site('RDS', `describe DB instance ${id}`);
  const out = await awsCall(site, () => aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })));
  const db = out.DBInstances?.find((d) => d.DBInstanceIdentifier === id);
  if (!db) throw new AwsError('not-found', `RDS: DB instance ${id} not found in region ${aws.target.region}. Check \`aws.dbInstance\`.`);
  return {
    id,
    status: db.DBInstanceStatus ?? 'unknown',
    multiAz: db.MultiAZ === true,
    ...(db.DBInstanceClass ? { instanceClass: db.DBInstanceClass } : {}),
    ...(db.Engine ? { engine: db.Engine } : {}),
    ...(db.Endpoint?.Address ? { endpoint: `${db.Endpoint.Address}:${db.Endpoint.Port ?? 5432}` } : {}),
  };
}

/** Memory of common instance classes in GiB, for the PostgreSQL max_connections default. */
const CLASS_MEMORY_GIB: Record<string, number> = {
  'db.t3.micro': 1,
  'db.t3.small': 2,
  'db.t3.medium': 4,
  'db.t3.large': 8,
  'db.t3.xlarge': 16,
  'db.t3.2xlarge': 32,
  'db.t4g.micro': 1,
  'db.t4g.small': 2,
  'db.t4g.medium': 4,
  'db.t4g.large': 8,
  'db.t4g.xlarge': 16,
  'db.t4g.2xlarge': 32,
  'db.m5.large': 8,
  'db.m5.xlarge': 16,
  'db.m5.2xlarge': 32,
  'db.m6g.large': 8,
  'db.m6g.xlarge': 16,
  'db.m6i.large': 8,
  'db.r5.large': 16,
  'db.r5.xlarge': 32,
  'db.r6g.large': 16,
  'db.r6g.xlarge': 32,
};

/**
 * RDS for PostgreSQL's default `max_connections` = LEAST(DBInstanceClassMemory / 9531392, 5000).
 * DBInstanceClassMemory is somewhat below the nominal memory (the OS keeps some), so this is an
 * estimate; an unknown class gives undefined and the caller uses its configured default.
 */
export function defaultMaxConnections(instanceClass: string | undefined): number | undefined {
  const gib = instanceClass ? CLASS_MEMORY_GIB[instanceClass] : undefined;
  if (!gib) return undefined;
  const usable = gib * 1024 ** 3 * 0.9;
  return Math.min(Math.floor(usable / 9_531_392), 5000);
}
