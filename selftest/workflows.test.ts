/**
 * The GitHub workflows (.github/workflows/*.yml) are code nobody runs locally, so:
 * - actionlint (installed by `postflight setup --for test`) passes on every one of them, with
 *   shellcheck checking their `run:` scripts when it is installed;
 * - every `npx postflight ...` / `npm ...` command they run is one the README documents, with
 *   every flag it passes documented in that command's README section (a renamed flag breaks
 *   this test, not the nightly job);
 * - the promises of README "Nightly CI against staging": schedule + manual dispatch, OIDC role,
 *   k6 by its setup action, evidence uploaded on every outcome, NO-GO and INCONCLUSIVE failing
 *   the job in distinct steps.
 * Runs no server; actionlint takes about a second.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findTool } from '../src/host/find-tools.ts';
import { TOOLS } from '../src/host/tools.ts';

const root = join(import.meta.dirname, '..');
const dir = join(root, '.github', 'workflows');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yml'))
  .sort();
const readme = readFileSync(join(root, 'README.md'), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[]; needs?: string | string[]; if?: string; strategy?: { matrix?: Record<string, unknown>; 'fail-fast'?: boolean } }>;
}
const workflow = (file: string) => parse(readFileSync(join(dir, file), 'utf8')) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);

test('the workflows exist: nightly staging, the reusable post-deploy gate, the watch', () => {
  assert.deepEqual(files, ['nightly-staging.yml', 'post-deploy-gate.yml', 'watch.yml']);
});

test('actionlint passes on every workflow (shellcheck checks the run: scripts when installed)', (t) => {
  const spec = (tool: string) => TOOLS.find((s) => s.tool === tool)!;
  const actionlint = findTool(spec('actionlint'));
  assert.ok(actionlint, 'actionlint is not installed: run `postflight setup --for test` (it builds it with go install)');
  if (!findTool(spec('shellcheck'))) t.diagnostic('shellcheck is absent: the run: scripts were not checked (postflight setup --for test installs it)');
  const res = spawnSync(actionlint, ['-color=false', ...files.map((f) => join('.github', 'workflows', f))], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(res.status, 0, `actionlint:\n${res.stdout}${res.stderr}`);
});

/** `npx postflight <sub> ...` and `npm <sub> ...` in a run: script, with the flags they pass. */
export function commandsIn(script: string): Array<{ tool: 'postflight' | 'npm'; sub: string; flags: string[]; line: string }> {
  const found: Array<{ tool: 'postflight' | 'npm'; sub: string; flags: string[]; line: string }> = [];
  for (const line of script.split('\n')) {
    for (const m of line.matchAll(/\b(npx postflight|npm)\s+([^;&|#\n]*)/g)) {
      const words = m[2]!.trim().split(/\s+/);
      const sub = words[0] === 'run' ? `run ${words[1]}` : words[0]!;
      found.push({
        tool: m[1] === 'npm' ? 'npm' : 'postflight',
        sub,
        flags: words.filter((w) => w.startsWith('--')).map((w) => w.split('=')[0]!),
        line: line.trim(),
      });
    }
  }
  return found;
}

/** README's section of a command (`### \`postflight <sub>\``...) plus its line in the Commands block. */
function readmeDocs(sub: string): string {
  const usage = readme
    .split('\n')
    .filter((l) => l.startsWith(`npx postflight ${sub} `) || l.startsWith(`npx postflight ${sub}\t`))
    .join('\n');
  const heading = new RegExp(`^### \`postflight ${sub}\`.*$`, 'm').exec(readme);
  const section = heading ? readme.slice(heading.index).split(/\n##+ /)[0]! : '';
  return `${usage}\n${section}`;
}

test('every postflight / npm command a workflow runs is documented in the README, with every flag it passes', () => {
  const commands = files.flatMap((f) => steps(workflow(f)).flatMap((s) => (s.run ? commandsIn(s.run).map((c) => ({ ...c, file: f })) : [])));
  assert.ok(
    commands.some((c) => c.tool === 'postflight' && c.sub === 'verify'),
    'no workflow runs postflight verify',
  );
  for (const c of commands) {
    if (c.tool === 'npm') {
      assert.ok(readme.includes(`npm ${c.sub}`), `${c.file}: "${c.line}": README never mentions npm ${c.sub}`);
      continue;
    }
    const docs = readmeDocs(c.sub);
    assert.ok(docs.trim(), `${c.file}: "${c.line}": README documents no postflight ${c.sub} (Commands block or its own section)`);
    for (const flag of c.flags) assert.ok(docs.includes(flag), `${c.file}: "${c.line}": ${flag} is not in README's postflight ${c.sub} documentation`);
  }
});

test('the command parser sees commands, sub-commands and flags, and nothing else', () => {
  assert.deepEqual(commandsIn('sudo -E env "PATH=$PATH" npx postflight setup\nnpm ci && npm run matrix -- --fault x\necho npmx'), [
    { tool: 'postflight', sub: 'setup', flags: [], line: 'sudo -E env "PATH=$PATH" npx postflight setup' },
    { tool: 'npm', sub: 'ci', flags: [], line: 'npm ci && npm run matrix -- --fault x' },
    { tool: 'npm', sub: 'run matrix', flags: ['--', '--fault'], line: 'npm ci && npm run matrix -- --fault x' },
  ]);
});

test('nightly staging: scheduled and manual, OIDC, k6 by its action, evidence on every outcome, NO-GO and INCONCLUSIVE as distinct failing steps', () => {
  const w = workflow('nightly-staging.yml');
  assert.ok('schedule' in w.on && 'workflow_dispatch' in w.on);
  assert.equal(w.permissions?.['id-token'], 'write');
  const all = steps(w);
  assert.ok(all.some((s) => s.uses?.startsWith('grafana/setup-k6-action@')));
  assert.ok(all.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@') && typeof s.with?.['role-to-assume'] === 'string'));
  assert.ok(all.some((s) => s.run?.trim() === 'npm ci'));
  assert.ok(all.some((s) => /npx postflight setup\b/.test(s.run ?? '')));
  assert.ok(all.some((s) => /npx postflight verify --app "\$APP" --env staging/.test(s.run ?? '')));
  const uploads = all.filter((s) => s.uses?.startsWith('actions/upload-artifact@'));
  assert.ok(uploads.length >= 2, 'evidence and Allure report');
  for (const u of uploads) assert.equal(u.if, 'always()', `${u.name}: uploads only on success`);
  assert.ok(all.some((s) => s.if === 'always()' && /GITHUB_STEP_SUMMARY/.test(s.run ?? '') && /summary\.md/.test(s.run ?? '')));
  const noGo = all.find((s) => /exit-code == '1'/.test(s.if ?? ''));
  const inconclusive = all.find((s) => /exit-code == '2'/.test(s.if ?? ''));
  assert.match(noGo?.name ?? '', /NO-GO/);
  assert.match(inconclusive?.name ?? '', /INCONCLUSIVE/);
  assert.match(noGo?.run ?? '', /exit 1/);
  assert.match(inconclusive?.run ?? '', /exit 2/);
  // Every secret reaches the job from the CI secret store, never written in the file.
  assert.doesNotMatch(readFileSync(join(dir, 'nightly-staging.yml'), 'utf8'), /PASSWORD: (?!\$\{\{ secrets\.)/);
});

test('nightly staging: a matrix job over two shards uploading each folder on every outcome, merged in a final job', () => {
  const w = workflow('nightly-staging.yml');
  const shards = Object.values(w.jobs).find((j) => j.strategy?.matrix?.shard);
  assert.ok(shards, 'no job with a shard matrix');
  assert.deepEqual(shards.strategy!.matrix!.shard, [1, 2]);
  assert.equal(shards.strategy!['fail-fast'], false);
  assert.ok(shards.steps.some((s) => /npx postflight verify .*--shard "\$SHARD\/2"/.test(s.run ?? '')));
  assert.ok(shards.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@') && s.if === 'always()'));
  const merge = Object.values(w.jobs).find((j) => j.steps.some((s) => /npx postflight merge /.test(s.run ?? '')));
  assert.ok(merge, 'no job runs postflight merge');
  assert.equal(merge.if, 'always()', 'the merge runs whatever the shards found');
  assert.ok(merge.steps.some((s) => s.uses?.startsWith('actions/download-artifact@')));
});

test('the post-deploy gate is reusable (workflow_call with app, env, release and secrets) and the watch is scheduled', () => {
  const gate = workflow('post-deploy-gate.yml');
  const call = gate.on.workflow_call as { inputs: Record<string, unknown>; secrets: Record<string, unknown> };
  for (const input of ['app', 'env', 'release']) assert.ok(input in call.inputs, input);
  assert.ok('AWS_ROLE_ARN' in call.secrets);
  const watch = workflow('watch.yml');
  assert.ok('schedule' in watch.on);
  assert.ok(steps(watch).some((s) => /npx postflight watch /.test(s.run ?? '')));
});

test("README's CI example uploads the evidence on every outcome", () => {
  const ci = readme.slice(readme.indexOf('### Nightly CI against staging')).split(/\n### /)[0]!;
  assert.match(ci, /upload-artifact[\s\S]*if: always\(\)|if: always\(\)[\s\S]*upload-artifact/);
});
