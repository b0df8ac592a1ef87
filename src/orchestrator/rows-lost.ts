import type { DeployPlatform } from './target.ts';

/**
 * What a database restore would lose, said BEFORE it is confirmed: rows per table created
 * since the snapshot, where the platform can read both (the sandbox keeps the snapshot as a
 * database). Where it cannot (an RDS snapshot is not a database one can query), it says so.
 */
export async function rowsLostReport(platform: DeployPlatform, snapshotId: string | undefined): Promise<string> {
  if (!snapshotId) return 'Data loss: no pre-deploy snapshot is recorded in the deploy journals, so nothing can be restored.';
  if (!platform.rowsSinceSnapshot) {
    return `Data loss: not measured — the ${platform.kind} platform cannot read snapshot ${snapshotId} as a database. Everything written since it was taken is lost.`;
  }
  try {
    const rows = await platform.rowsSinceSnapshot(snapshotId);
    const changed = rows.filter((r) => r.since !== 0);
    const lines = changed.map(
      (r) =>
        `  ${r.table}: ${r.since > 0 ? `${r.since} row(s) created since the snapshot would be lost` : `${-r.since} row(s) deleted since would come back`} (live ${r.live}, snapshot ${r.snapshot})`,
    );
    return `Data loss if restored from ${snapshotId} (row counts, live vs snapshot; updated rows are not counted):\n${lines.length ? lines.join('\n') : '  no table differs in row count'}`;
  } catch (err) {
    return `Data loss: not measured — could not read the databases (${(err as Error).message}).`;
  }
}
