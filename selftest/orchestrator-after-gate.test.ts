/** What a deploy does after its gate (issue 11 item 2), as a table: only immediate + non-destructive + asked for rolls back by itself. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterGate, type AfterGateInput } from '../src/orchestrator/after-gate.ts';

const A = { id: 'A', destructive: false, automatic: true };
const B = { id: 'B', destructive: true, automatic: true };
const OPT3 = { id: 'option-3', destructive: false, automatic: false };

const rows: Array<[string, Partial<AfterGateInput>, string, number?]> = [
  ['GO ends the deploy', { decision: 'GO' }, 'done', 0],
  [
    'INCONCLUSIVE never rolls back, even when asked to',
    { decision: 'INCONCLUSIVE', autoRollback: true, recommendation: 'immediate', procedure: A },
    'print',
    2,
  ],
  ['NO-GO immediate + --auto-rollback + A rolls back', { decision: 'NO-GO', autoRollback: true, recommendation: 'immediate', procedure: A }, 'rollback'],
  [
    'NO-GO immediate + --auto-rollback + B (destructive) is printed, not run',
    { decision: 'NO-GO', autoRollback: true, recommendation: 'immediate', procedure: B },
    'print',
    1,
  ],
  [
    'NO-GO with a procedure that is not automatic is printed',
    { decision: 'NO-GO', autoRollback: true, recommendation: 'immediate', procedure: OPT3 },
    'print',
    1,
  ],
  ['NO-GO "consider" + --auto-rollback, no terminal: printed', { decision: 'NO-GO', autoRollback: true, recommendation: 'consider', procedure: A }, 'print', 1],
  ['NO-GO without --auto-rollback on a terminal: asked', { decision: 'NO-GO', recommendation: 'immediate', procedure: A, interactive: true }, 'ask'],
  ['NO-GO without --auto-rollback in CI: printed, exit 1', { decision: 'NO-GO', recommendation: 'immediate', procedure: A }, 'print', 1],
  ['NO-GO with no procedure named: printed', { decision: 'NO-GO', recommendation: 'immediate', autoRollback: true }, 'print', 1],
];

for (const [name, input, action, exit] of rows) {
  test(`after the gate: ${name}`, () => {
    const r = afterGate({ decision: 'GO', recommendation: 'none', autoRollback: false, interactive: false, ...input });
    assert.equal(r.action, action, r.why);
    if (exit !== undefined) assert.equal((r as { exit: number }).exit, exit);
  });
}
