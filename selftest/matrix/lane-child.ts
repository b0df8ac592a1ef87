/**
 * One lane of the detection matrix (lanes.ts starts it): runMatrix over the faults whose ids
 * it is given, on a sandbox of its own; writes the rows as JSON to the file it is given.
 * Log lines go to stderr.
 */
import { writeFile } from 'node:fs/promises';
import { FAULTS } from '../../sandbox/faults.ts';
import type { LaneRequest } from './lanes.ts';
import { runMatrix } from './run-matrix.ts';
import { edgeFaults } from './threshold-edges.ts';

const request = JSON.parse(process.argv[2] ?? '{}') as LaneRequest;
const byId = new Map([...FAULTS, ...edgeFaults()].map((f) => [f.id, f]));
const unknown = request.ids.filter((id) => !byId.has(id));
if (unknown.length) throw new Error(`unknown fault ids: ${unknown.join(', ')}`);
const controller = new AbortController();
// SIGTERM (the lane's timeout, or its parent giving up) stops the sandbox before exiting.
process.once('SIGTERM', () => controller.abort());
const rows = await runMatrix({
  faults: request.ids.map((id) => byId.get(id)!),
  aws: request.aws,
  ...(request.controlEvery ? { controlEvery: request.controlEvery } : {}),
  ...(request.healthyPhases ? { healthyPhases: request.healthyPhases } : {}),
  signal: controller.signal,
  log: (line) => process.stderr.write(`${line}\n`),
});
await writeFile(request.rowsFile, JSON.stringify(rows));
