import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli.ts';
import { writeManifest } from '../src/evidence/manifest.ts';
import { check, sealedRun } from './fixtures/sealed-run.ts';

/**
 * The seal: manifest.json's own hash journaled and indexed; `verify-evidence` recomputes
 * everything; `signoff` appends hash-chained attestations outside the sealed set and refuses
 * bad input or a folder that fails verification. Through the real CLI: its entry `main` in this
 * process (each spawn costs seconds), and bin/postflight.mjs for the verdicts of verify-evidence.
 */

const bin = (...args: string[]) => spawnSync(process.execPath, ['bin/postflight.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { out: (t) => void (stdout += `${t}\n`), err: (t) => void (stderr += `${t}\n`), env: process.env, cwd: process.cwd() });
  return { status, stdout, stderr };
}
const RESULTS = [check('fc.smoke.health', 'smoke', 'pass', 'critical'), check('fc.smoke.login', 'smoke', 'pass', 'critical')];

test('sign-off, then one changed byte in verdict.json: verify-evidence exits 1 naming the file; untouched it exits 0', { timeout: 120_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'postflight-seal-'));
  try {
    const { dir, manifestSha256 } = await sealedRun(root, 'flowcomply', RESULTS, new Date('2026-11-25T07:00:00Z'));
    const journal = await readFile(join(dir, 'journal.jsonl'), 'utf8');
    assert.deepEqual(JSON.parse(journal.trim().split('\n').at(-1)!), {
      event: 'sealed',
      at: '2026-11-25T07:01:00.000Z',
      manifestSha256,
      files: JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')).files.length,
    });

    let res: { status: number | null; stdout: string; stderr: string } = bin('verify-evidence', dir, '--expect', manifestSha256);
    assert.equal(res.status, 0, res.stdout + res.stderr);
    assert.match(res.stdout, new RegExp(`manifest.json sha256 ${manifestSha256}`));
    assert.match(res.stdout, /INTACT/);

    res = await cli('signoff', dir, '--role', 'qa-lead', '--name', 'Ana Q', '--item', 'fc.manual.sentry', '--decision', 'go');
    assert.equal(res.status, 0, res.stdout + res.stderr);
    res = await cli('signoff', dir, '--role', 'devops-lead', '--name', 'Dev O', '--note', 'deployed at 07:00');
    assert.equal(res.status, 0, res.stdout + res.stderr);
    const lines = (await readFile(join(dir, 'signoff.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => Object.keys(l)),
      [
        ['role', 'name', 'decision', 'items', 'at', 'prevHash', 'hash'],
        ['role', 'name', 'note', 'at', 'prevHash', 'hash'],
      ],
    );
    assert.equal(lines[0].prevHash, manifestSha256, 'the first line chains onto the manifest');
    assert.equal(lines[1].prevHash, lines[0].hash);
    const record = await readFile(join(dir, 'signoff.md'), 'utf8');
    assert.match(record, /- Deployed by: Dev O \(devops-lead/);
    assert.match(record, /- Verified by: Ana Q \(qa-lead/);
    assert.match(record, /- Approved by: not yet signed/);
    res = await cli('verify-evidence', dir);
    assert.equal(res.status, 0, `signed and untouched: intact\n${res.stdout}`);
    assert.match(res.stdout, /2 sign-off\(s\), chain intact/);

    const verdict = await readFile(join(dir, 'verdict.json'));
    verdict[verdict.indexOf('"GO"') + 1] = 'N'.charCodeAt(0); // one byte: "GO" -> "NO"
    await writeFile(join(dir, 'verdict.json'), verdict);
    res = bin('verify-evidence', dir);
    assert.equal(res.status, 1, res.stdout);
    assert.match(res.stdout, /CHANGED\s+verdict\.json/);
    assert.equal(res.stdout.match(/^\s+(CHANGED|MISSING|EXTRA|SEAL|SIGNOFF) /gm)?.length, 1, `only the edited file is named:\n${res.stdout}`);
    res = await cli('signoff', dir, '--role', 'product-owner', '--name', 'Pat');
    assert.equal(res.status, 3, 'a tampered folder cannot be signed');
    assert.match(res.stderr, /fails verification/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('verify-evidence names missing and extra files, a re-sealed folder, an edited sign-off; bad input exits 3', { timeout: 120_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'postflight-seal-'));
  try {
    const { dir } = await sealedRun(root, 'financial-rise', [check('fr.smoke.health', 'smoke', 'pass', 'critical')], new Date('2026-11-25T07:00:00Z'));
    assert.equal((await cli('signoff', dir, '--role', 'qa-lead', '--name', 'Ana')).status, 0);
    await rm(join(dir, 'checks.json'));
    await writeFile(join(dir, 'planted.txt'), 'added later');
    await appendFile(join(dir, 'journal.jsonl'), '{"event":"result","id":"fr.fake"}\n');
    let res = await cli('verify-evidence', dir);
    assert.equal(res.status, 1);
    assert.match(res.stdout, /MISSING\s+checks\.json/);
    assert.match(res.stdout, /EXTRA\s+planted\.txt/);
    assert.match(res.stdout, /CHANGED\s+journal\.jsonl/, 'only seal lines may follow the sealed part of the journal');

    // Edit a file and re-seal: the manifest is consistent again, but its hash is not the one recorded.
    await rm(join(dir, 'planted.txt'));
    await writeManifest(dir);
    const signoffs = await readFile(join(dir, 'signoff.jsonl'), 'utf8');
    await writeFile(join(dir, 'signoff.jsonl'), signoffs.replace('"Ana"', '"Bob"'));
    res = await cli('verify-evidence', dir);
    assert.equal(res.status, 1);
    assert.match(res.stdout, /SEAL\s+journal\.jsonl: its seal line names manifest/);
    assert.match(res.stdout, /SEAL\s+history\.jsonl: the index recorded manifest/);
    assert.match(res.stdout, /SIGNOFF\s+signoff\.jsonl line 1: prevHash does not match the manifest's own hash/);
    assert.match(res.stdout, /SIGNOFF\s+signoff\.jsonl line 1: its hash does not match its content/);

    assert.equal((await cli('verify-evidence', join(root, 'nope'))).status, 3);
    assert.equal((await cli('verify-evidence')).status, 3);
    res = await cli('signoff', dir, '--role', 'boss', '--name', ' ', '--decision', 'maybe');
    assert.equal(res.status, 3);
    for (const want of ['unknown role "boss"', '--name: empty', '"maybe" is not go or no-go'])
      assert.ok(res.stderr.includes(want), `${want} in\n${res.stderr}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
