import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspectServedCertificate } from '../src/checks/aws/probes/tls.ts';
import { findReleaseTags } from '../src/checks/aws/probes/git-tag.ts';
import { resolveHost } from '../src/checks/aws/probes/dns.ts';
import { financialRise } from '../config/apps/index.ts';
import { evaluateTls } from '../src/checks/aws/net-rules.ts';
import { toResult } from '../src/checks/result.ts';
import { runPreflightChecks } from '../src/checks/aws/index.ts';
import { testContext } from './fixtures/aws/context.ts';
import { gitRepoWithTag } from './fixtures/aws/world.ts';
import { startHttpsWithCert, type LocalHttps } from './fixtures/aws/https-server.ts';
import { refusedPort } from './fixtures/refused-port.ts';
import { ensureSandboxCa, startHttpsFace, type HttpsFace, type SandboxCa } from '../sandbox/https-face.ts';
import { loadGateConfig } from '../src/config/load.ts';
import { Diagnostics, formatDiagnostics } from '../src/config/diagnostics.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tlsStatus = (served: Awaited<ReturnType<typeof inspectServedCertificate>>) =>
  toResult(
    'fr.pre.tls',
    evaluateTls({ served: [served], httpHosts: [], now: new Date(), httpStatus: 'skipped' }, financialRise.thresholds.tls.minDaysLeft),
    new Date(),
    new Date(),
  );

describe('served certificate (real TLS handshake with a local HTTPS server)', () => {
  let short: LocalHttps;
  let long: LocalHttps;
  before(async () => {
    [short, long] = await Promise.all([startHttpsWithCert(5), startHttpsWithCert(60)]);
  });
  after(async () => {
    await Promise.all([short?.close(), long?.close()]);
  });

  it('a 5-day certificate fails (runbook: valid > 14 days)', async () => {
    const served = await inspectServedCertificate('localhost', short.port, { ca: short.cert });
    assert.equal(served.trusted, true, served.trustError);
    const r = tlsStatus(served);
    assert.equal(r.status, 'fail');
    assert.match(r.message, /localhost:\d+ certificate days left: [45] days fails > 14 days/);
  });

  it('a 60-day certificate passes', async () => {
    const served = await inspectServedCertificate('localhost', long.port, { ca: long.cert });
    const r = tlsStatus(served);
    assert.equal(r.status, 'pass', r.message);
    assert.match(r.message, /localhost valid until .* \(5[89] days\)/);
  });

  it('the preflight runner handshakes with an https target: a self-signed certificate is not trusted => fail', async () => {
    const ctx = testContext({ app: 'flowcomply', endpoint: null, apiUrl: `https://localhost:${long.port}`, webUrl: `https://localhost:${long.port}` });
    const r = (await runPreflightChecks(ctx)).find((x) => x.id === 'fc.pre.tls')!;
    assert.equal(r.status, 'fail');
    assert.match(r.message, /not trusted/);
  });

  it('an https target that does not answer => error, not pass', async () => {
    const ctx = testContext({
      app: 'flowcomply',
      endpoint: null,
      apiUrl: `https://127.0.0.1:${await refusedPort()}`,
      webUrl: `https://127.0.0.1:${await refusedPort()}`,
    });
    const r = (await runPreflightChecks(ctx)).find((x) => x.id === 'fc.pre.tls')!;
    assert.equal(r.status, 'error');
    assert.match(r.message, /TLS handshake with 127\.0\.0\.1:\d+ failed \(ECONNREFUSED\)/);
  });

  it('plain http targets on a remote environment => inconclusive with a message', async () => {
    const ctx = testContext({ app: 'flowcomply', endpoint: null, kind: 'remote' });
    const r = (await runPreflightChecks(ctx)).find((x) => x.id === 'fc.pre.tls')!;
    assert.equal(r.status, 'inconclusive');
    assert.match(r.message, /plain http: no served certificate/);
  });
});

describe('tls.endpoints and tls.caFile: a private CA (the sandbox test CA) behind internal http URLs', () => {
  let caDir: string;
  let ca: SandboxCa;
  let face: HttpsFace;
  before(async () => {
    caDir = await mkdtemp(join(tmpdir(), 'postflight-private-ca-'));
    ca = await ensureSandboxCa(caDir);
    face = await startHttpsFace(ca, 'staging', 60);
  });
  after(async () => {
    await face?.close();
    await rm(caDir, { recursive: true, force: true });
  });
  const fcTls = async (tls: { endpoints?: string[]; caFile?: string }) => {
    const ctx = testContext({ app: 'flowcomply', endpoint: null, kind: 'remote', apiUrl: 'http://127.0.0.1:3000', webUrl: 'http://127.0.0.1:5173', tls });
    return (await runPreflightChecks(ctx)).find((x) => x.id === 'fc.pre.tls')!;
  };

  it('the endpoint, trusted through caFile => pass; the http apiUrl/webUrl are no "plain http" note', async () => {
    const r = await fcTls({ endpoints: [face.url], caFile: ca.certFile });
    assert.equal(r.status, 'pass', r.message);
    assert.match(r.message, /127\.0\.0\.1 valid until .* \((59|60) days\)/);
    assert.doesNotMatch(r.message, /plain http/);
  });

  it('the same endpoint without caFile => fail, not trusted (a private CA is not in the system store)', async () => {
    const r = await fcTls({ endpoints: [face.url] });
    assert.equal(r.status, 'fail');
    assert.match(r.message, /127\.0\.0\.1:\d+ certificate not trusted/);
  });

  it('a caFile adds to the public roots: a certificate from neither is still not trusted', async () => {
    const stranger = await startHttpsWithCert(60);
    try {
      const r = await fcTls({ endpoints: [`https://127.0.0.1:${stranger.port}`], caFile: ca.certFile });
      assert.equal(r.status, 'fail');
      assert.match(r.message, /not trusted/);
    } finally {
      await stranger.close();
    }
  });

  it("a caFile that does not exist: a config error at load (exit 3 in the CLI); gone after load: the gate's error, never a pass", async () => {
    const file = join(caDir, 'env.json');
    const target = { apiUrl: 'http://127.0.0.1:3000', webUrl: 'http://127.0.0.1:5173', tls: { endpoints: [face.url], caFile: 'no-such-ca.pem' } };
    await writeFile(file, JSON.stringify({ name: 'staging', apps: { flowcomply: target } }));
    const diags = new Diagnostics();
    await loadGateConfig({ app: 'flowcomply', env: file, only: ['pre'], cwd: caDir, processEnv: {} }, diags);
    assert.ok(diags.hasErrors);
    assert.match(formatDiagnostics(diags.items), /apps\.flowcomply\.tls\.caFile: cannot read .*no-such-ca\.pem \(ENOENT\)/);
    const r = await fcTls({ endpoints: [face.url], caFile: join(caDir, 'no-such-ca.pem') });
    assert.equal(r.status, 'error');
    assert.equal(r.cause, 'gate');
    assert.match(r.message, /cannot read tls\.caFile/);
  });
});

describe('DNS and release tag probes', () => {
  it('IP literals and localhost resolve; an .invalid name does not', async () => {
    assert.equal((await resolveHost('127.0.0.1')).resolved, true);
    assert.equal((await resolveHost('localhost')).resolved, true);
    const bad = await resolveHost('no-such-host.invalid');
    assert.equal(bad.resolved, false);
    assert.ok(bad.error);
  });

  it('git ls-remote finds v<release>, not another release; a missing repository is an error', async () => {
    const repo = await gitRepoWithTag('2.3.4');
    try {
      assert.deepEqual(await findReleaseTags(repo.path, '2.3.4'), ['v2.3.4']);
      assert.deepEqual(await findReleaseTags(repo.path, 'v2.3.4'), ['v2.3.4']);
      assert.deepEqual(await findReleaseTags(repo.path, '2.3.5'), []);
      const ctx = testContext({ app: 'financial-rise', endpoint: null, release: '9.9.9', processEnv: { POSTFLIGHT_FR_RELEASE_REPO: repo.path } });
      const r = (await runPreflightChecks(ctx)).find((x) => x.id === 'fr.pre.release-tag')!;
      assert.equal(r.status, 'fail');
      assert.match(r.message, /No tag 9\.9\.9 or v9\.9\.9/);
      const missing = testContext({ app: 'financial-rise', endpoint: null, release: '1.0.0', processEnv: { POSTFLIGHT_RELEASE_REPO: `${repo.path}-gone` } });
      const e = (await runPreflightChecks(missing)).find((x) => x.id === 'fr.pre.release-tag')!;
      assert.equal(e.status, 'error');
      assert.match(e.message, /git ls-remote .* failed/);
    } finally {
      await repo.remove();
    }
  });
});
