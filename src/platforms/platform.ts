import type { ActionContext, PlannedCall, StepOutcome } from './outcome.ts';

/**
 * Where a deploy acts: one interface, one implementation per kind of environment (`aws`
 * here; `local`, the sandbox, lives in ./local/). A platform ACTS and reports; it never
 * decides what to do next (that is the engine and `decide`). Write operations exist only
 * behind this interface: the gate's checks read through src/aws/* and cannot call them.
 *
 * One platform instance serves one app on one environment (the names it acts on are bound
 * when it is created), so the methods take only what varies per call.
 *
 * Every action is idempotent for a given `ctx.idempotencyKey`, because `--resume` may run an
 * action again after the process died in the middle of it: a snapshot that exists is waited
 * for, not created twice; a service already on the release's task definition is not updated
 * again; an invalidation with the same caller reference is the same invalidation.
 */

export type ServiceRole = 'backend' | 'frontend';

export type PlatformAction =
  | { kind: 'snapshot-db'; snapshotId: string }
  | { kind: 'restore-db'; snapshotId: string }
  | { kind: 'deploy-service'; service: ServiceRole; release: string }
  | { kind: 'revert-service'; service: ServiceRole; to: string }
  | { kind: 'scale-service'; service: ServiceRole; desired: number }
  | { kind: 'invalidate-cdn' };

export interface Platform {
  readonly kind: 'aws' | 'local';
  /** Every call `action` would make, with its key parameters. Makes no call (`--dry-run`). */
  describe(action: PlatformAction): PlannedCall[];
  /** Creates the pre-deploy snapshot and waits until it is `available`. Outputs: snapshotId. */
  snapshotDb(snapshotId: string, ctx: ActionContext): Promise<StepOutcome>;
  /**
   * Restores the snapshot to a NEW instance, waits until it is available, then swaps it in
   * under the live name (the old one is kept, renamed). Destructive: loses writes since the
   * snapshot. Outputs: restoredFrom, keptAs.
   */
  restoreDb(snapshotId: string, ctx: ActionContext): Promise<StepOutcome>;
  /**
   * Registers the release's task definition (the current one with the image tag replaced),
   * updates the service and waits until stable AND the primary deployment runs exactly that
   * task definition. Outputs: taskDefinition, previousTaskDefinition.
   */
  deployService(service: ServiceRole, release: string, ctx: ActionContext): Promise<StepOutcome>;
  /** Points the service back at `to` (a task definition) and waits as deployService does. */
  revertService(service: ServiceRole, to: string, ctx: ActionContext): Promise<StepOutcome>;
  /**
   * Sets the service's desired count and waits until that many tasks run (0 = stopped):
   * "Stop Application" / "Restart Application" around a database restore (procedure B,
   * option 2). Outputs: previousDesired (what to restart with).
   */
  scaleService(service: ServiceRole, desired: number, ctx: ActionContext): Promise<StepOutcome>;
  /** Invalidates `/*` and waits until the invalidation is Completed. Outputs: invalidationId. */
  invalidateCdn(ctx: ActionContext): Promise<StepOutcome>;
  /** The revision the service runs now (recorded before a deploy: the rollback fallback). */
  currentRevision(service: ServiceRole): Promise<string>;
  /**
   * Why a deploy must not start now because one is already under way elsewhere (another
   * machine, the console), or undefined. The lock file only covers this host.
   */
  deploymentInProgress(): Promise<string | undefined>;
}
