import type { AwsClients } from '../../aws/clients.ts';
import type { AppAws } from '../../config/environment.ts';
import type { Clock } from '../outcome.ts';
import type { RetryPolicy } from './call.ts';
import type { ServiceView } from './rollout.ts';

/** What the aws platform's writers share: clients, the app's resource names, time. */
export interface AwsPlatformDeps {
  aws: AwsClients;
  /** The app's resources, as the environment's `apps.<app>.aws` names them. */
  names: AppAws;
  clock: Clock;
  /** Pause between two looks while waiting (snapshot, rollout, invalidation). */
  pollMs: number;
  retry?: RetryPolicy;
  /**
   * Sees every DescribeServices answer before it is judged. For tests (inject a rollback or a
   * FAILED rollout) and for emulators whose deployments list lags behind the service (moto).
   */
  serviceView?: (view: ServiceView) => ServiceView;
}
