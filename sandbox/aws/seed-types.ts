import type { AppAws } from '../../src/config/environment.ts';
import type { AppId } from '../../src/core/types.ts';
import type { AwsClients } from '../../src/aws/clients.ts';

/** What each seed step gets for one app. */
export interface SeedApp {
  app: AppId;
  aws: AwsClients;
  names: AppAws;
  endpoint: string;
  region: string;
  /** Is fault `<prefix>:<name>` on for this app? */
  fault: (name: string) => boolean;
  /** The number fault `<prefix>:<name>=<n>` carries (threshold-edge rows), if any. */
  value: (name: string) => number | undefined;
  /** Seed time: events and datapoints are placed just before it. */
  now: Date;
}

export const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);
