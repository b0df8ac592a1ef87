import type { AppId } from '../../core/types.ts';
import { errored, succeeded, failed, type PlannedCall, type StepOutcome } from '../outcome.ts';
import type { Platform, PlatformAction, ServiceRole } from '../platform.ts';
import { RELEASES } from '../../../sandbox/faults.ts';
import type { LocalPlatform, ReleaseRecord } from './sandbox-control.ts';
import { rowsSinceSnapshot, type TableRows } from './rows-since.ts';

/**
 * The `Platform` of the sandbox, on top of `localPlatform(env)` (./sandbox-control.ts). What AWS does
 * with several resources the sandbox does with one process per app, so each action says what
 * it really did: the backend and the frontend of an app are one sandbox process (the second
 * service call for the same release is a no-op, recorded as such); a "task definition
 * revision" is an entry of the sandbox's release history (`financial-rise:3`); there is no
 * CloudFront (recorded as not applicable, never as done); the database snapshot is
 * `CREATE DATABASE ... TEMPLATE`, the restore copies it back with the app stopped.
 */

export interface LocalDeployPlatform extends Platform {
  /** Rows per table in the live database vs the snapshot (what a restore would lose). */
  rowsSinceSnapshot(snapshotId: string): Promise<TableRows[]>;
}

const revisionName = (app: AppId, r: ReleaseRecord) => `${app}:${r.revision}`;
const SANDBOX_DOWN = 'the sandbox is not running: start it with `postflight sandbox up` (or run `npm run demo`), then resume';

export function createLocalPlatform(local: LocalPlatform, app: AppId): LocalDeployPlatform {
  const current = async (): Promise<{ record?: ReleaseRecord; release?: string }> => {
    const state = await local.status();
    if (!state?.apps) throw new Error(SANDBOX_DOWN);
    const history = (await local.history())[app] ?? [];
    return { record: history[history.length - 1], release: state.apps[app].release };
  };
  const guard = async (what: string, run: () => Promise<StepOutcome>): Promise<StepOutcome> => {
    try {
      return await run();
    } catch (err) {
      const message = (err as Error).message;
      return errored(`${what}: ${message}`, message === SANDBOX_DOWN || /not running|ECONNREFUSED|fetch failed/.test(message));
    }
  };
  const serve = (role: ServiceRole, release: string, how: string) =>
    guard(`sandbox ${how} of ${app} ${role} to ${release}`, async () => {
      if (!RELEASES[app][release])
        return failed(`${app} has no release ${release} on the sandbox (known: ${Object.keys(RELEASES[app]).join(', ')}): nothing was changed.`);
      const before = await current();
      const calls = [{ service: 'sandbox', operation: 'history' }];
      if (before.release === release) {
        // Idempotent (a resume, or the frontend after the backend): the one process already serves it.
        const why = role === 'frontend' ? 'the sandbox serves the frontend from the same process as the backend' : 'the app already serves it';
        return succeeded(
          `${app} ${role} already on release ${release} (${before.record ? revisionName(app, before.record) : 'no history'}): no restart, ${why}.`,
          { release, revision: before.record ? revisionName(app, before.record) : undefined, noOp: true },
          calls,
        );
      }
      await local.deploy(app, release);
      const after = await current();
      return succeeded(
        `${app} restarted on release ${release} (${after.record ? revisionName(app, after.record) : '?'}; was ${before.release}).`,
        {
          release,
          revision: after.record ? revisionName(app, after.record) : undefined,
          previousRelease: before.release,
          previousRevision: before.record ? revisionName(app, before.record) : undefined,
        },
        [...calls, { service: 'sandbox', operation: 'deploy' }],
      );
    });

  return {
    kind: 'local',
    describe: (action) => describeLocal(app, action),
    snapshotDb: (id) =>
      guard(`sandbox snapshot ${id} of ${app}`, async () => {
        // Re-running after a crash replaces the half-made copy under the same name: one snapshot.
        const s = await local.snapshot(app, id);
        return succeeded(
          `Snapshot ${id} of ${app}: database ${s.database} copied to ${s.snapshot} (CREATE DATABASE ... TEMPLATE).`,
          { snapshotId: id, database: s.snapshot },
          [{ service: 'sandbox', operation: 'snapshot' }],
        );
      }),
    restoreDb: (id) =>
      guard(`sandbox restore of ${app} from ${id}`, async () => {
        await local.restore(app, id);
        return succeeded(`${app}'s database replaced by snapshot ${id} (the app was stopped during the copy and restarted).`, { restoredFrom: id }, [
          { service: 'sandbox', operation: 'restore' },
        ]);
      }),
    deployService: (role, release) => serve(role, release, 'deploy'),
    revertService: (role, to) =>
      guard(`sandbox revert of ${app} ${role} to ${to}`, async () => {
        const n = Number(/:(\d+)$/.exec(to)?.[1]);
        const record = ((await local.history())[app] ?? []).find((r) => r.revision === n);
        if (!record) return failed(`${to} is not a revision of ${app} in the sandbox's release history: give --to <release> instead.`);
        return serve(role, record.release, 'revert');
      }),
    // One process per app: stopping it is part of the restore itself (the sandbox stops the
    // app while the database is copied), so there is nothing else to scale.
    scaleService: async (role, desired) =>
      succeeded(`${app} ${role}: desired ${desired} recorded; no change on the sandbox (one process per app; the restore stops and restarts it itself).`, {
        previousDesired: 1,
        desired,
        noOp: true,
      }),
    invalidateCdn: async () =>
      succeeded('Not applicable on the sandbox: no CloudFront (nothing was invalidated).', { notApplicable: true, reason: 'no CloudFront on the sandbox' }),
    currentRevision: async () => {
      const { record, release } = await current();
      return record ? revisionName(app, record) : `release ${release}`;
    },
    deploymentInProgress: async () => undefined,
    rowsSinceSnapshot: async (id) => {
      const state = await local.status();
      if (!state?.apps) throw new Error(SANDBOX_DOWN);
      return rowsSinceSnapshot(state.apps[app].databaseUrl, id);
    },
  };
}

/** What each action does on the sandbox, for `--dry-run`. Pure. */
export function describeLocal(app: AppId, action: PlatformAction): PlannedCall[] {
  switch (action.kind) {
    case 'snapshot-db':
      return [
        {
          service: 'sandbox',
          operation: 'snapshot',
          params: { app, name: action.snapshotId },
          note: 'CREATE DATABASE <copy> TEMPLATE <app db>, app stopped during the copy',
        },
      ];
    case 'restore-db':
      return [
        {
          service: 'sandbox',
          operation: 'restore',
          params: { app, name: action.snapshotId },
          note: 'copies the snapshot back over the live database: loses rows written since',
        },
      ];
    case 'deploy-service':
      return [
        {
          service: 'sandbox',
          operation: 'deploy',
          params: { app, release: action.release, role: action.service },
          note: 'restarts the app on the release; a no-op when it already serves it',
        },
      ];
    case 'revert-service':
      return [
        {
          service: 'sandbox',
          operation: 'deploy',
          params: { app, revision: action.to, role: action.service },
          note: 'the release of that revision in the sandbox history',
        },
      ];
    case 'scale-service':
      return [{ service: 'sandbox', operation: 'none', params: { app, desired: action.desired }, note: 'recorded only: one process per app' }];
    case 'invalidate-cdn':
      return [{ service: 'sandbox', operation: 'none', params: {}, note: 'not applicable: no CloudFront on the sandbox' }];
  }
}
