import { APP_IDS, type AppId } from '../src/core/types.ts';
import type { AppAws } from '../src/config/environment.ts';
import { AWS_FAULT_IDS } from './aws/faults.ts';
import { plainFaultId } from './fault-values.ts';
import { LOCAL_AWS_NAMES, refreshAwsActivity, resetMoto, seedAlbTrafficNow, seedAwsWorld, startMoto } from './aws/seed.ts';

export const LOCAL_AWS_REGION = 'us-east-1';
/** Logs and metrics are judged over the last hour: keep the seeded activity fresh. */
const REFRESH_EVERY_MS = 10 * 60_000;

export interface AwsWorld {
  /** Replaces one app's AWS faults and reseeds the whole world (moto is reset first). */
  reseed(app: AppId, faults: string[]): Promise<void>;
  faultsOf(app: AppId): string[];
  /** Writes the load balancer's traffic stamped now: called after a deploy, so it is "since the deploy". */
  trafficSinceDeploy(): Promise<void>;
  state(): { endpoint: string; region: string; faults: string[]; names: Record<AppId, AppAws> };
  stop(): Promise<void>;
}

/** moto on 127.0.0.1, seeded with the AWS world the `local` environment names. */
export async function startAwsWorld(initialFaults: string[], env: NodeJS.ProcessEnv): Promise<AwsWorld> {
  const moto = await startMoto({ env });
  let faults = initialFaults.filter((id) => AWS_FAULT_IDS.has(plainFaultId(id)));
  let names: Record<AppId, AppAws>;
  const seed = async () => {
    names = await seedAwsWorld(moto.endpoint, LOCAL_AWS_REGION, LOCAL_AWS_NAMES, new Set(faults));
  };
  try {
    await seed();
  } catch (err) {
    await moto.stop();
    throw err;
  }
  const timer = setInterval(() => {
    void refreshAwsActivity(moto.endpoint, LOCAL_AWS_REGION, LOCAL_AWS_NAMES, new Set(faults)).catch(() => {});
  }, REFRESH_EVERY_MS);
  timer.unref();
  const prefixOf = (app: AppId) => (app === 'financial-rise' ? 'fr:' : 'fc:');
  return {
    async reseed(app, wanted) {
      const others = faults.filter((id) => !id.startsWith(prefixOf(app)));
      faults = [...others, ...wanted.filter((id) => AWS_FAULT_IDS.has(plainFaultId(id)) && id.startsWith(prefixOf(app)))];
      await resetMoto(moto.endpoint);
      await seed();
    },
    faultsOf: (app) => faults.filter((id) => id.startsWith(prefixOf(app))),
    trafficSinceDeploy: () => seedAlbTrafficNow(moto.endpoint, LOCAL_AWS_REGION, LOCAL_AWS_NAMES, new Set(faults)),
    state: () => ({
      endpoint: moto.endpoint,
      region: LOCAL_AWS_REGION,
      faults: [...faults],
      names: Object.fromEntries(APP_IDS.map((a) => [a, names[a]])) as Record<AppId, AppAws>,
    }),
    async stop() {
      clearInterval(timer);
      await moto.stop();
    },
  };
}
