/**
 * The detection matrix, as a test: a healthy sandbox gives GO on every phase, and every fault
 * gives NO-GO (or INCONCLUSIVE where the fault removes the evidence) with exactly its checks.
 * This is the proof that the gate can say NO-GO. It takes a few minutes: three lanes side by side
 * (matrix/lanes.ts), each its own sandbox, one verify per fault, with a quick Lighthouse (1 run)
 * and a 5 s embedded load test. The
 * threshold-edge rows (matrix/threshold-edges.ts) prove sensitivity: just past each threshold
 * is NO-GO with exactly its check, just inside is GO; a healthy control follows every 10 faults.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULTS } from '../sandbox/faults.ts';
import { findMotoServer } from '../sandbox/aws/moto.ts';
import { formatTable } from './matrix/detection.ts';
import { runMatrixInLanes } from './matrix/lanes.ts';
import { matrixFaults } from './matrix/threshold-edges.ts';

test('detection matrix: healthy is GO, every fault is detected by exactly its checks, every threshold edge holds', { timeout: 28 * 60_000 }, async (t) => {
  const moto = await findMotoServer();
  // Without moto the AWS rows go, and the pre rows too: their phase's other checks read the AWS world.
  const faults = matrixFaults(FAULTS).filter((f) => (moto ? !f.fileLogOnly : f.phase !== 'monitoring' && f.phase !== 'pre'));
  if (!moto) t.diagnostic("moto_server not found: the AWS faults are left out (pip install 'moto[server]')");
  // With AWS on, logs-clean reads CloudWatch, never the app's log file: those rows run without AWS
  // (`npm run matrix -- --fault fr:log-unreadable`); logs-clean.test.ts reads real files for them.
  else
    t.diagnostic(
      `left out with the AWS world on (they break the log file only): ${FAULTS.filter((f) => f.fileLogOnly)
        .map((f) => f.id)
        .join(', ')}`,
    );
  const rows = await runMatrixInLanes({ faults, aws: Boolean(moto), log: (line) => t.diagnostic(line) });
  const table = formatTable(rows);
  console.log(table);
  const missed = rows
    .filter((r) => !r.detected)
    .map(
      (r) =>
        `${r.fault}: ${r.decision}, failing ${r.failing.join(',') || 'none'}${r.unexpected.length ? `, unexpected ${r.unexpected.join(',')}` : ''}${(r.why ?? []).map((w) => `\n    ${w}`).join('')}`,
    );
  assert.deepEqual(missed, [], `not detected:\n${missed.join('\n')}`);
  assert.equal(rows.filter((r) => !/^(healthy|control):/.test(r.fault)).length, faults.length);
});
