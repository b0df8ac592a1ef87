import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRedactor } from '../src/evidence/redact.ts';
import { redactFile, redactTree } from '../src/evidence/redact-files.ts';
import { scanTree } from '../src/evidence/scan.ts';
import { isZip, readZip, writeZip, type ZipEntryData } from '../src/evidence/zip.ts';

const SECRET = 'Sm0ke-Passw0rd!2026';
const TOKEN = 'opaque-session-token-7f3a9c';
const mtime = new Date('2026-01-02T03:04:06Z');

/** A trace.zip shaped like Playwright's: JSON lines, network log, resources, a binary image. */
function traceEntries(): ZipEntryData[] {
  const file = (name: string, data: string | Buffer, compress = true): ZipEntryData => ({
    name,
    isDirectory: false,
    data: Buffer.isBuffer(data) ? data : Buffer.from(data),
    mtime,
    compress,
  });
  const body = JSON.stringify({ email: 'smoke@example.com', password: SECRET });
  return [
    file('trace.trace', `${JSON.stringify({ type: 'action', params: { value: SECRET } })}\n${JSON.stringify({ type: 'log', message: `fill "${SECRET}"` })}\n`),
    file(
      'trace.network',
      `${JSON.stringify({
        type: 'resource-snapshot',
        snapshot: {
          request: {
            url: `http://api.test/login?t=${encodeURIComponent(TOKEN)}`,
            headers: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }],
            postData: body,
          },
          response: { content: { text: Buffer.from(JSON.stringify({ access_token: TOKEN })).toString('base64') } },
        },
      })}\n`,
    ),
    { name: 'resources/', isDirectory: true, data: Buffer.alloc(0), mtime, compress: false },
    file('resources/0a1b.json', JSON.stringify({ accessToken: TOKEN, note: `echo ${SECRET}` })),
    file('resources/page.html', `<input value="${SECRET}">`, false), // stored, not deflated
    file('resources/shot.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), Buffer.from('no secret here')])),
  ];
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'postflight-redact-zip-'));
}

test('zip round trip keeps names, directories, dates and compression', async () => {
  const entries = traceEntries();
  const back = await readZip(await writeZip(entries));
  assert.deepEqual(
    back.map((e) => e.name),
    entries.map((e) => e.name),
  );
  assert.deepEqual(
    back.map((e) => e.compress),
    entries.map((e) => e.compress && !e.isDirectory),
  );
  assert.equal(back[0]!.mtime.getTime(), mtime.getTime());
  assert.equal(back[5]!.data.compare(entries[5]!.data), 0);
});

test('redactFile: secrets are removed inside every text entry of a trace.zip, binary entries kept byte for byte', async () => {
  const dir = await tempDir();
  try {
    const path = join(dir, 'trace.zip');
    await writeFile(path, await writeZip(traceEntries()));
    assert.ok((await scanTree(dir, [SECRET, TOKEN])).length >= 5, 'the planted secrets are found before redaction');

    const result = await redactFile(path, makeRedactor([SECRET, TOKEN]));
    assert.equal(result.changed, true);
    assert.deepEqual(result.binary, [`${path}!resources/shot.png`]);

    const zipped = await readFile(path);
    assert.ok(isZip(zipped));
    const entries = await readZip(zipped);
    assert.deepEqual(
      entries.map((e) => e.name),
      traceEntries().map((e) => e.name),
    );
    for (const e of entries) {
      const text = e.data.toString('utf8');
      assert.ok(!text.includes(SECRET) && !text.includes(TOKEN), `${e.name} still holds a secret: ${text}`);
    }
    const network = entries.find((e) => e.name === 'trace.network')!.data.toString('utf8');
    assert.ok(JSON.parse(network), 'trace.network is still valid JSON');
    assert.match(network, /"value":"\[REDACTED\]"/);
    assert.equal(entries.find((e) => e.name === 'resources/shot.png')!.data.compare(traceEntries()[5]!.data), 0);
    assert.deepEqual(await scanTree(dir, [SECRET, TOKEN]), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('redactTree: walks sub-folders, leaves unchanged files alone, reports binary files', async () => {
  const dir = await tempDir();
  try {
    await writeFile(join(dir, 'clean.txt'), 'nothing to hide');
    await writeFile(join(dir, 'log.txt'), `login ok with ${SECRET}`);
    await writeFile(join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 3]));
    const pdf = `%PDF-1.4\n1 0 obj (${SECRET}) endobj\nxref\n%%EOF\n`; // ASCII, yet offsets matter
    await writeFile(join(dir, 'report.pdf'), pdf);
    const report = await redactTree(dir, makeRedactor([SECRET]));
    assert.equal(report.files, 4);
    assert.deepEqual(report.changed, ['log.txt']);
    assert.deepEqual(report.binary, ['blob.bin', 'report.pdf']);
    assert.equal(await readFile(join(dir, 'log.txt'), 'utf8'), 'login ok with [REDACTED]');
    assert.equal(await readFile(join(dir, 'report.pdf'), 'utf8'), pdf, 'a PDF is never rewritten as text');
    assert.deepEqual(
      (await scanTree(dir, [SECRET])).map((f) => f.file),
      ['report.pdf'],
      'but the canary still sees it',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('scanTree: reports where a secret survives in binary data, inside a zip entry, without the value', async () => {
  const dir = await tempDir();
  try {
    const image = Buffer.concat([Buffer.from([0x89, 0x50, 0, 0]), Buffer.from(SECRET), Buffer.from([0, 0])]);
    await writeFile(join(dir, 'shot.png'), image);
    await writeFile(join(dir, 'trace.zip'), await writeZip([{ name: 'resources/x.png', isDirectory: false, data: image, mtime, compress: true }]));
    await redactTree(dir, makeRedactor([SECRET]));
    const findings = await scanTree(dir, [SECRET]);
    assert.deepEqual(findings, [
      { file: 'shot.png', offset: 4, form: 'raw', secret: 1 },
      { file: 'trace.zip', entry: 'resources/x.png', offset: 4, form: 'raw', secret: 1 },
    ]);
    assert.ok(!JSON.stringify(findings).includes(SECRET));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
