import type { AppAws } from '../../src/config/environment.ts';
import { APP_IDS, type AppId } from '../../src/core/types.ts';
import { createAwsClients } from '../../src/aws/clients.ts';
import { LOCAL_AWS_NAMES } from './names.ts';
import { keepEcsTasksRunning } from './moto-api.ts';
import { seedEcs } from './seed-ecs.ts';
import { seedAlarms, seedAlbTraffic, seedMetrics } from './seed-cloudwatch.ts';
import { seedLogs } from './seed-logs.ts';
import { seedInfra } from './seed-infra.ts';
import type { SeedApp } from './seed-types.ts';

export { LOCAL_AWS_NAMES } from './names.ts';
export { AWS_FAULTS } from './faults.ts';
import { faultValue, withPlainIds } from '../fault-values.ts';
export { startMoto, resetMoto, findMotoServer, MOTO_INSTALL_HINT, type MotoServer } from './moto.ts';

/** Dummy credentials: moto accepts any, the SDK needs some. */
export const MOTO_CREDENTIALS_ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' } as const;

/**
 * Creates, in moto at `endpoint`, the AWS world the `local` environment names, for both apps:
 * ECS clusters, task definitions and services with running tasks; RDS instances; the
 * runbook's alarms (state OK); log groups with retention 30 and recent start-up lines;
 * ALB/ECS/RDS/ElastiCache metrics within budget; secrets; an ACM certificate; a CloudFront
 * distribution; target groups; the SES sender. `faults` (ids of AWS_FAULTS) change it.
 * Events and datapoints are placed in the minutes before `now` (default: the real clock); a
 * fault's ERROR line is stamped at `now`, so a gate whose `deployedAt` is the sandbox's deploy
 * time (before seeding) sees it "since the deploy". Returns the names with the ids moto
 * assigned (exact ARNs and distribution id).
 */
export async function seedAwsWorld(
  endpoint: string,
  region: string,
  names: Readonly<Record<AppId, AppAws>> = LOCAL_AWS_NAMES,
  faults: ReadonlySet<string> = new Set(),
  opts: { now?: Date } = {},
): Promise<Record<AppId, AppAws>> {
  const aws = createAwsClients({ region, endpoint }, { ...MOTO_CREDENTIALS_ENV });
  const now = opts.now ?? new Date();
  try {
    await keepEcsTasksRunning(endpoint);
    // The two apps share nothing in moto but the account: seed them side by side.
    const plain = withPlainIds(faults);
    const entries = await Promise.all(
      APP_IDS.map(async (app) => {
        const prefix = app === 'financial-rise' ? 'fr' : 'fc';
        const s: SeedApp = {
          app,
          aws,
          names: names[app],
          endpoint,
          region,
          now,
          fault: (name) => plain.has(`${prefix}:${name}`),
          value: (name) => faultValue(faults, `${prefix}:${name}`),
        };
        await Promise.all([seedEcs(s), seedAlarms(s), seedMetrics(s), seedLogs(s)]);
        const ids = await seedInfra(s);
        const seeded: AppAws = {
          ...names[app],
          ...(ids.certificateArn ? { certificateArn: ids.certificateArn } : {}),
          ...(ids.distributionId ? { distributionId: ids.distributionId } : {}),
          targetGroupArns: names[app].targetGroupArns.map((ref) =>
            ref.startsWith('arn:') ? ref : (ids.targetGroupArns.find((arn) => arn.includes(`/${ref}/`)) ?? ref),
          ),
        };
        return [app, seeded] as const;
      }),
    );
    const resolved = Object.fromEntries(entries) as Record<AppId, AppAws>;
    return resolved;
  } catch (err) {
    throw new Error(`Seeding moto at ${endpoint} failed: ${(err as Error).message}`, { cause: err });
  } finally {
    aws.destroy();
  }
}

/**
 * Writes fresh log lines and datapoints (same faults) into an already seeded world: the
 * checks look at the last hour, so a sandbox that has run longer calls this before a gate run.
 */
export async function refreshAwsActivity(
  endpoint: string,
  region: string,
  names: Readonly<Record<AppId, AppAws>> = LOCAL_AWS_NAMES,
  faults: ReadonlySet<string> = new Set(),
  opts: { now?: Date } = {},
): Promise<void> {
  const aws = createAwsClients({ region, endpoint }, { ...MOTO_CREDENTIALS_ENV });
  const now = opts.now ?? new Date();
  try {
    const plain = withPlainIds(faults);
    await Promise.all(
      APP_IDS.map(async (app) => {
        const prefix = app === 'financial-rise' ? 'fr' : 'fc';
        const s: SeedApp = {
          app,
          aws,
          names: names[app],
          endpoint,
          region,
          now,
          fault: (name) => plain.has(`${prefix}:${name}`),
          value: (name) => faultValue(faults, `${prefix}:${name}`),
        };
        await Promise.all([seedMetrics(s), seedLogs(s, { create: false })]);
      }),
    );
  } finally {
    aws.destroy();
  }
}

/** One batch of load-balancer traffic stamped now (after a deploy: the gate reads ALB traffic "since the deploy"). */
export async function seedAlbTrafficNow(
  endpoint: string,
  region: string,
  names: Readonly<Record<AppId, AppAws>> = LOCAL_AWS_NAMES,
  faults: ReadonlySet<string> = new Set(),
): Promise<void> {
  const aws = createAwsClients({ region, endpoint }, { ...MOTO_CREDENTIALS_ENV });
  const plain = withPlainIds(faults);
  try {
    await Promise.all(
      APP_IDS.map((app) => {
        const prefix = app === 'financial-rise' ? 'fr' : 'fc';
        return seedAlbTraffic({
          app,
          aws,
          names: names[app],
          endpoint,
          region,
          now: new Date(),
          fault: (name) => plain.has(`${prefix}:${name}`),
          value: (name) => faultValue(faults, `${prefix}:${name}`),
        });
      }),
    );
  } finally {
    aws.destroy();
  }
}
