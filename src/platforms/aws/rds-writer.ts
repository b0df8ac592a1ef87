import { createHash } from 'node:crypto';
import {
  CreateDBSnapshotCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBInstanceCommand,
  RestoreDBInstanceFromDBSnapshotCommand,
  type DBInstance,
} from '@aws-sdk/client-rds';
import { errored, failed, succeeded, type ActionContext, type StepOutcome } from '../outcome.ts';
import { humanMs, waitUntil } from '../wait.ts';
import { isNotFound, type Caller } from './call.ts';
import type { AwsPlatformDeps } from './deps.ts';

/**
 * RDS writes: the pre-deploy snapshot, and the restore as the runbooks write it (FlowComply
 * option 2: restore to a NEW instance, wait, swap endpoints; Financial RISE B renames the
 * live instance away first). Restoring to a new instance first keeps the old database
 * serving until the restored one is available; the old one is kept under another name.
 * Each action reads the real state first, so running it again after a crash continues it.
 */

async function findSnapshot(d: AwsPlatformDeps, caller: Caller, id: string) {
  try {
    const out = await caller.call(d.aws.site('RDS', `describe DB snapshot ${id}`), 'DescribeDBSnapshots', () =>
      d.aws.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id })),
    );
    return out.DBSnapshots?.[0];
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function findInstance(d: AwsPlatformDeps, caller: Caller, id: string): Promise<DBInstance | undefined> {
  try {
    const out = await caller.call(d.aws.site('RDS', `describe DB instance ${id}`), 'DescribeDBInstances', () =>
      d.aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })),
    );
    return out.DBInstances?.find((x) => x.DBInstanceIdentifier === id);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function snapshotDb(d: AwsPlatformDeps, caller: Caller, snapshotId: string, ctx: ActionContext): Promise<StepOutcome> {
  const db = d.names.dbInstance;
  const outputs: Record<string, unknown> = { snapshotId, dbInstance: db };
  const existing = await findSnapshot(d, caller, snapshotId);
  if (existing && existing.DBInstanceIdentifier !== db) {
    return failed(
      `Snapshot ${snapshotId} already exists but is of ${existing.DBInstanceIdentifier}, not ${db}: choose another snapshot id.`,
      outputs,
      caller.calls,
    );
  }
  outputs.created = !existing;
  if (!existing) {
    await caller.call(d.aws.site('RDS', `create DB snapshot ${snapshotId} of ${db}`), 'CreateDBSnapshot', () =>
      d.aws.rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: db, DBSnapshotIdentifier: snapshotId })),
    );
  }
  let bad: string | undefined;
  const waited = await waitUntil(
    async () => {
      const s = await findSnapshot(d, caller, snapshotId);
      const status = s?.Status ?? 'not listed yet';
      if (status === 'available') return { done: true, value: status };
      if (/failed|error|deleted/i.test(status)) {
        bad = status;
        return { done: true, value: status };
      }
      return {
        done: false,
        waitingFor: `snapshot ${snapshotId} to be available (now ${status}${s?.PercentProgress !== undefined ? `, ${s.PercentProgress} %` : ''})`,
      };
    },
    { clock: d.clock, deadline: ctx.deadline, intervalMs: d.pollMs, ...(ctx.signal ? { signal: ctx.signal } : {}) },
  );
  if (bad)
    return failed(
      `Snapshot ${snapshotId} of ${db} ended ${bad}: the deploy has no restore point. Look at the RDS events, then start again.`,
      outputs,
      caller.calls,
    );
  if (!waited.done)
    return errored(
      `Snapshot ${snapshotId} of ${db} was not available within the step's time (${humanMs(waited.waitedMs)}): still waiting for ${waited.waitingFor}. Resume to keep waiting; it will not be created twice.`,
      true,
      outputs,
      caller.calls,
    );
  return succeeded(`Snapshot ${snapshotId} of ${db} is available${existing ? ' (it existed already: not created twice)' : ''}.`, outputs, caller.calls);
}

/** Names of the restore's two side instances, stable per run (so a resume finds them). */
export function restoreNames(db: string, key: string): { restored: string; kept: string } {
  const h = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return { restored: `${db}-restored-${h}`, kept: `${db}-before-restore-${h}` };
}

export async function restoreDb(d: AwsPlatformDeps, caller: Caller, snapshotId: string, ctx: ActionContext): Promise<StepOutcome> {
  const db = d.names.dbInstance;
  const { restored, kept } = restoreNames(db, ctx.idempotencyKey);
  const outputs: Record<string, unknown> = { snapshotId, dbInstance: db, restoredFrom: snapshotId, keptAs: kept };
  const waitAvailable = async (id: string) => {
    const w = await waitUntil(
      async () => {
        const i = await findInstance(d, caller, id);
        const status = i?.DBInstanceStatus ?? 'not listed';
        return status === 'available' ? { done: true, value: status } : { done: false, waitingFor: `DB instance ${id} to be available (now ${status})` };
      },
      { clock: d.clock, deadline: ctx.deadline, intervalMs: d.pollMs, ...(ctx.signal ? { signal: ctx.signal } : {}) },
    );
    return w.done
      ? undefined
      : errored(
          `The restore of ${db} from ${snapshotId} did not finish within the step's time (${humanMs(w.waitedMs)}): still waiting for ${w.waitingFor}. Resume to continue from where it is.`,
          true,
          outputs,
          caller.calls,
        );
  };
  const rename = (from: string, to: string) =>
    caller.call(d.aws.site('RDS', `rename DB instance ${from} to ${to}`), 'ModifyDBInstance', () =>
      d.aws.rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: from, NewDBInstanceIdentifier: to, ApplyImmediately: true })),
    );

  const [live, side, old] = await Promise.all([findInstance(d, caller, db), findInstance(d, caller, restored), findInstance(d, caller, kept)]);
  if (old && live && !side) {
    // swapped already (a resumed step): only wait
    return (await waitAvailable(db)) ?? succeeded(`${db} runs the data of ${snapshotId}; the previous instance is kept as ${kept}.`, outputs, caller.calls);
  }
  if (!side && !old) {
    const snap = await findSnapshot(d, caller, snapshotId);
    if (!snap)
      return failed(`Snapshot ${snapshotId} does not exist: nothing to restore. List the snapshots of ${db} and give one that exists.`, outputs, caller.calls);
    await caller.call(d.aws.site('RDS', `restore ${snapshotId} to new instance ${restored}`), 'RestoreDBInstanceFromDBSnapshot', () =>
      d.aws.rds.send(
        new RestoreDBInstanceFromDBSnapshotCommand({
          DBInstanceIdentifier: restored,
          DBSnapshotIdentifier: snapshotId,
          ...(live?.DBInstanceClass ? { DBInstanceClass: live.DBInstanceClass } : {}),
          ...(live?.MultiAZ !== undefined ? { MultiAZ: live.MultiAZ } : {}),
        }),
      ),
    );
  }
  // Mid-swap with the restored instance already renamed to the live name: wait for that name.
  const notReady = await waitAvailable(old && !side ? db : restored);
  if (notReady) return notReady;
  if (!old && live) {
    // swap: the live name moves to the old instance, then to the restored one
    await rename(db, kept);
    const w = await waitAvailable(kept);
    if (w) return w;
  }
  if (await findInstance(d, caller, restored)) await rename(restored, db);
  return (
    (await waitAvailable(db)) ??
    succeeded(
      `${db} now runs the data of snapshot ${snapshotId} (restored to a new instance, then swapped in); the previous instance is kept as ${kept}.`,
      outputs,
      caller.calls,
    )
  );
}
