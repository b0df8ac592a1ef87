import { test } from 'node:test';
import assert from 'node:assert/strict';
import { floorSeconds, schedule } from '../src/gate/schedule.ts';
import type { AppId, Phase } from '../src/core/types.ts';

const BOTH: AppId[] = ['financial-rise', 'flowcomply'];
const show = (apps: AppId[], phases: Phase[]) =>
  schedule(apps, phases).map((s) => s.map((u) => `${u.app === 'financial-rise' ? 'fr' : 'fc'}.${u.phase}`).join(' + '));

test('schedule: smoke side by side, Lighthouse alone and one app at a time, one shared load window', () => {
  const rows: Array<{ apps: AppId[]; phases: Phase[]; stages: string[] }> = [
    {
      apps: BOTH,
      phases: ['smoke', 'perf', 'load', 'monitoring', 'db'],
      stages: ['fr.smoke + fr.db + fc.smoke + fc.db', 'fr.perf', 'fc.perf', 'fr.load + fc.load', 'fr.monitoring + fc.monitoring'],
    },
    { apps: ['flowcomply'], phases: ['smoke', 'perf', 'load'], stages: ['fc.smoke', 'fc.perf', 'fc.load'] },
    { apps: BOTH, phases: ['perf'], stages: ['fr.perf', 'fc.perf'] },
    { apps: BOTH, phases: ['pre'], stages: ['fr.pre + fc.pre'] },
    { apps: BOTH, phases: [], stages: [] },
  ];
  for (const row of rows) assert.deepEqual(show(row.apps, row.phases), row.stages, row.phases.join(','));
});

test('schedule: every app gets every selected phase exactly once', () => {
  const phases: Phase[] = ['pre', 'deploy', 'smoke', 'perf', 'load', 'monitoring', 'db'];
  const units = schedule(BOTH, phases)
    .flat()
    .map((u) => `${u.app}/${u.phase}`)
    .sort();
  assert.deepEqual(units, BOTH.flatMap((a) => phases.map((p) => `${a}/${p}`)).sort());
});

test('floorSeconds: the slowest unit of each stage, stages added up', () => {
  const stages = schedule(BOTH, ['smoke', 'perf', 'load']);
  const t = (app: AppId, phase: Phase, seconds: number) => ({ app, phase, seconds });
  const timings = [
    t('financial-rise', 'smoke', 8),
    t('flowcomply', 'smoke', 6),
    t('financial-rise', 'perf', 20),
    t('flowcomply', 'perf', 18),
    t('financial-rise', 'load', 60),
    t('flowcomply', 'load', 61),
  ];
  assert.equal(floorSeconds(stages, timings), 8 + 20 + 18 + 61);
});
