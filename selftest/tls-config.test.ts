/**
 * `apps.<app>.tls` (pure, no process): which served certificates *.pre.tls inspects
 * (tlsTargets), which CAs it trusts (trustedCas), and the config errors of both keys. The real
 * handshakes with these settings are in selftest/aws-tls.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tlsTargets, trustedCas } from '../src/checks/aws/tls-targets.ts';
import { environmentSchema } from '../src/config/environment.ts';
import { loadGateConfig } from '../src/config/load.ts';
import { Diagnostics } from '../src/config/diagnostics.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('tlsTargets: the served certificates the check inspects', () => {
  const cases: Array<{ name: string; target: Parameters<typeof tlsTargets>[0]; https: string[]; httpHosts: string[] }> = [
    {
      name: 'default: the https ones among apiUrl/webUrl, one per host',
      target: { apiUrl: 'https://api.example.com', webUrl: 'https://api.example.com:443' },
      https: ['api.example.com:443'],
      httpHosts: [],
    },
    {
      name: 'default, mixed: https checked, http named as nothing to check',
      target: { apiUrl: 'http://10.0.0.5:3000', webUrl: 'https://app.example.com:8443' },
      https: ['app.example.com:8443'],
      httpHosts: ['10.0.0.5:3000'],
    },
    {
      name: 'tls.endpoints: the public face is checked, internal http URLs are no "plain http" note',
      target: { apiUrl: 'http://10.0.0.5:3000', webUrl: 'http://10.0.0.6:8080', tls: { endpoints: ['https://cdn.example.com', 'https://127.0.0.1:9443'] } },
      https: ['cdn.example.com:443', '127.0.0.1:9443'],
      httpHosts: [],
    },
    {
      name: 'tls.endpoints replace the https apiUrl/webUrl (not added to them), duplicates once',
      target: {
        apiUrl: 'https://internal.example.com',
        webUrl: 'https://internal.example.com',
        tls: { endpoints: ['https://www.example.com', 'https://www.example.com/'] },
      },
      https: ['www.example.com:443'],
      httpHosts: [],
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const t = tlsTargets(c.target);
      assert.deepEqual(
        t.https.map((e) => `${e.hostname}:${e.port}`),
        c.https,
      );
      assert.deepEqual(t.httpHosts, c.httpHosts);
    });
});

describe('trustedCas: a caFile adds to the public roots, never replaces them', () => {
  it('without caFile: Node default store (undefined)', () => assert.equal(trustedCas(undefined, ['ROOT-A']), undefined));
  it('with caFile: every public root, then the bundle', () => assert.deepEqual(trustedCas(PEM, ['ROOT-A', 'ROOT-B']), ['ROOT-A', 'ROOT-B', PEM]));
});

describe('apps.<app>.tls in the environment', () => {
  const parse = (tls: unknown) =>
    environmentSchema.safeParse({ name: 'x', apps: { flowcomply: { apiUrl: 'http://10.0.0.5:3000', webUrl: 'http://10.0.0.5:8080', tls } } });
  const problems = (tls: unknown) => {
    const r = parse(tls);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('https endpoints and a caFile are accepted', () =>
    assert.deepEqual(problems({ endpoints: ['https://app.example.com', 'https://127.0.0.1:9443'], caFile: 'ca.pem' }), []));
  it('a non-https endpoint, a path, credentials, an empty list and an unknown key are refused, each named', () => {
    assert.match(problems({ endpoints: ['http://app.example.com'] }).join('\n'), /apps\.flowcomply\.tls\.endpoints\.0: must be an https URL/);
    assert.match(problems({ endpoints: ['https://app.example.com/login'] }).join('\n'), /tls\.endpoints\.0: must be an origin only/);
    assert.match(problems({ endpoints: ['https://u:p@app.example.com'] }).join('\n'), /tls\.endpoints\.0: holds credentials/);
    assert.match(problems({ endpoints: [] }).join('\n'), /tls\.endpoints: list at least one/);
    assert.ok(problems({ caFiles: 'ca.pem' }).some((p) => p.startsWith('apps.flowcomply.tls')));
  });

  it('loadGateConfig: a missing or non-PEM caFile is a config error naming the key (every problem listed); a good one resolves from the working directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-tls-config-'));
    try {
      await writeFile(join(dir, 'ca.pem'), PEM);
      await writeFile(join(dir, 'notes.txt'), 'not a certificate');
      const load = async (fr: Record<string, unknown>, fc: Record<string, unknown>) => {
        const file = join(dir, `env-${Math.random().toString(36).slice(2)}.json`);
        const target = { apiUrl: 'http://10.0.0.5:3000', webUrl: 'http://10.0.0.5:8080' };
        await writeFile(file, JSON.stringify({ name: 'qa', apps: { 'financial-rise': { ...target, tls: fr }, flowcomply: { ...target, tls: fc } } }));
        const diags = new Diagnostics();
        const config = await loadGateConfig({ app: 'all', env: file, only: ['monitoring'], cwd: dir, processEnv: {} }, diags);
        return { config, errors: diags.items.filter((d) => d.level === 'error').map((d) => `${d.where}: ${d.message}`) };
      };
      const bad = await load({ caFile: 'missing.pem' }, { caFile: 'notes.txt' });
      assert.equal(bad.errors.length, 2, bad.errors.join('\n'));
      assert.match(bad.errors[0]!, /apps\.financial-rise\.tls\.caFile: cannot read .*missing\.pem \(ENOENT\)/);
      assert.match(bad.errors[1]!, /apps\.flowcomply\.tls\.caFile: .*notes\.txt holds no PEM certificate/);
      const good = await load({ caFile: 'ca.pem', endpoints: ['https://app.example.com'] }, {});
      assert.deepEqual(good.errors, []);
      assert.equal(good.config!.apps[0]!.target.tls?.caFile, join(dir, 'ca.pem'));
      assert.deepEqual(good.config!.apps[0]!.target.tls?.endpoints, ['https://app.example.com']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
