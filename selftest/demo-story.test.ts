/**
 * `npm run demo`'s story (issue 11 item 7), with --quick: for both apps, the healthy release
 * gives GO; the faulty one gives NO-GO, the non-destructive procedure runs by itself and the
 * gate says GO on the restored release; each deploy folder's journal tells exactly that and
 * its report holds the timeline. The demo's exit code is 0 only then.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../src/cli/demo-command.ts';
import { readJournal, story } from '../src/orchestrator/report.ts';

test('demo: deploy -> GO, then deploy -> NO-GO -> rollback -> GO, for both apps', { timeout: 480_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'postflight-demo-'));
  let printed = '';
  const r = await runDemo(['--quick', '--out', join(dir, 'reports')], {
    out: (t) => void (printed += `${t}\n`),
    err: (t) => void (printed += `${t}\n`),
    env: { ...process.env, POSTFLIGHT_STATE_DIR: join(dir, 'state') },
    cwd: dir,
  });
  assert.equal(r.code, 0, printed.slice(-4000));
  assert.deepEqual(
    r.acts.map((a) => `${a.act.app}: ${a.story}`),
    [
      'financial-rise: deploy -> GO',
      'flowcomply: deploy -> GO',
      'financial-rise: deploy -> NO-GO -> rollback:A -> GO',
      'flowcomply: deploy -> NO-GO -> rollback:option-1 -> GO',
    ],
  );
  for (const a of r.acts) {
    assert.equal(story(readJournal(a.dir!)), a.story, 'the story is read from the journal on disk');
    assert.match(readFileSync(a.report!, 'utf8'), /## Timeline \(against the runbook budgets\)[\s\S]*deploy window/);
  }
  assert.match(printed, /Demo behaved as expected/);
  assert.match(printed, /Sandbox stopped/);
});
