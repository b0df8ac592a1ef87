/**
 * The matrix's lanes (matrix/lanes.ts) split the rows without losing or doubling one, and keep
 * every Lighthouse and load row in one lane, so no two timing-heavy rows run side by side.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULTS } from '../sandbox/faults.ts';
import { LANES, splitIntoLanes } from './matrix/lanes.ts';
import { edgeFaults } from './matrix/threshold-edges.ts';

const all = [...FAULTS, ...edgeFaults()];

test('every fault runs in exactly one lane, in its original order within the lane', () => {
  const split = splitIntoLanes(all);
  const ids = split.flatMap((s) => s.faults.map((f) => f.id));
  assert.equal(ids.length, all.length);
  assert.deepEqual(new Set(ids), new Set(all.map((f) => f.id)));
  for (const s of split)
    assert.deepEqual(
      s.faults,
      all.filter((f) => s.faults.includes(f)),
    );
});

test('Lighthouse (perf) and load rows share one lane', () => {
  const lanesOf = (phase: string) =>
    new Set(
      splitIntoLanes(all)
        .filter((s) => s.faults.some((f) => f.phase === phase))
        .map((s) => s.lane),
    );
  assert.equal(new Set([...lanesOf('perf'), ...lanesOf('load')]).size, 1);
});

test('a subset of one lane is one lane (the matrix then runs in-process), and an empty one none', () => {
  assert.deepEqual(
    splitIntoLanes(FAULTS.filter((f) => f.phase === 'perf')).map((s) => s.lane),
    [LANES[LANES.length - 1].name],
  );
  assert.deepEqual(splitIntoLanes([]), []);
});

test('a fault no lane takes goes to the last lane rather than being lost', () => {
  const lanes = [{ name: 'none', takes: () => false }];
  assert.equal(splitIntoLanes(FAULTS.slice(0, 3), lanes)[0].faults.length, 3);
});
