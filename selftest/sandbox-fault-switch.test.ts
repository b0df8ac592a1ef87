/**
 * `postflight sandbox fault` flags, pure: exactly one of --on/--off, a known fault of that app
 * that the running app reads per request (RUNTIME_FAULT_IDS); every problem listed at once.
 * The switch itself, on the real sandbox, is in watch.test.ts (on at 15 s, off at 25 s).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../src/config/diagnostics.ts';
import { parseFaultSwitch } from '../src/cli/sandbox-command.ts';
import { FAULTS, RUNTIME_FAULT_IDS } from '../sandbox/faults.ts';

test('every runtime fault exists and belongs to the app its prefix names', () => {
  for (const id of RUNTIME_FAULT_IDS) {
    const fault = FAULTS.find((f) => f.id === id);
    assert.ok(fault, id);
    assert.equal(fault.app, id.startsWith('fr:') ? 'financial-rise' : 'flowcomply', id);
  }
});

test('sandbox fault flags: accepted, and refused with every problem named', () => {
  const rows: Array<[string | undefined, string | undefined, string | undefined, unknown, RegExp[]]> = [
    ['financial-rise', 'fr:health-down', undefined, { app: 'financial-rise', fault: 'fr:health-down', on: true }, []],
    [undefined, undefined, 'flowcomply:me-500', { app: 'flowcomply', fault: 'fc:me-500', on: false }, []],
    ['financial-rise', 'fr:api-slow=800', undefined, { app: 'financial-rise', fault: 'fr:api-slow=800', on: true }, []],
    ['financial-rise', 'fr:report-slow', undefined, undefined, [/--on: fr:report-slow acts when the app starts/]],
    ['flowcomply', 'fr:health-down', undefined, undefined, [/--app: fr:health-down is a fault of financial-rise, not flowcomply/]],
    ['financial-rise', 'fr:health-down', 'fr:health-down', undefined, [/exactly one of --on/]],
    [undefined, undefined, undefined, undefined, [/exactly one of --on/, /--app/]],
    ['nope', 'fr:gremlins', undefined, undefined, [/unknown fault "fr:gremlins"/, /--app: "nope" is not an app/]],
  ];
  for (const [app, on, off, expected, problems] of rows) {
    const diags = new Diagnostics();
    assert.deepEqual(parseFaultSwitch(app, on, off, diags), expected, `${app} ${on} ${off}`);
    const text = diags.items.map((d) => `${d.where}: ${d.message}`).join('\n');
    assert.equal(diags.items.length, problems.length, text);
    for (const p of problems) assert.match(text, p);
  }
});
