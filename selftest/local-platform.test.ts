/**
 * The local platform the orchestrator acts on: deploying a release really serves it, a
 * rollback really serves the previous one, and a database restore really puts the rows of
 * the snapshot back (rows from before it intact, rows written after it gone).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { localPlatform } from '../src/platforms/local/index.ts';

async function rows(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT n FROM pf_marker ORDER BY n')).rows.map((r) => Number(r.n));
  } finally {
    await client.end();
  }
}

async function exec(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

test('local platform: deploy, revert, snapshot and restore act on the real sandbox', { timeout: 180_000 }, async () => {
  const platform = localPlatform({ ...process.env, POSTFLIGHT_STATE_DIR: await mkdtemp(join(tmpdir(), 'postflight-local-')) });
  const state = await platform.up();
  try {
    const fr = state.apps!['financial-rise'];
    const version = async () => ((await (await fetch(`${fr.apiUrl}/api/v1/health`)).json()) as { version: string }).version;
    assert.equal(await version(), '1.0.0');

    await exec(fr.databaseUrl, 'CREATE TABLE pf_marker (n int); INSERT INTO pf_marker VALUES (1)');
    const snap = await platform.snapshot('financial-rise', 'pre-deploy-1');
    assert.match(snap.snapshot, /_snap_pre_deploy_1$/);
    await exec(fr.databaseUrl, 'INSERT INTO pf_marker VALUES (2)');

    await platform.deploy('financial-rise', '1.0.2');
    assert.equal(await version(), '1.0.2', 'the new release is served');
    await platform.deploy('financial-rise', '1.0.0');
    assert.equal(await version(), '1.0.0', 'the rollback serves the previous release');
    const history = await platform.history();
    assert.deepEqual(
      history['financial-rise'].map((r) => [r.revision, r.release]),
      [
        [1, '1.0.0'],
        [2, '1.0.2'],
        [3, '1.0.0'],
      ],
    );

    assert.deepEqual(await rows(fr.databaseUrl), [1, 2]);
    await platform.restore('financial-rise', 'pre-deploy-1');
    assert.deepEqual(await rows(fr.databaseUrl), [1], 'rows from before the snapshot intact, rows after it gone');
    assert.equal((await fetch(`${fr.apiUrl}/api/v1/health`)).status, 200, 'the app answers again after the restore');
    await assert.rejects(platform.restore('financial-rise', 'never-taken'), /no snapshot "never-taken"/);
  } finally {
    await platform.down();
  }
});
