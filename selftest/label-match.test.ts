import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelPattern, labelQuery } from '../src/apps/label-match.ts';

const ROWS: [string, string, boolean][] = [
  ['Email', 'Email', true],
  ['Email', 'Email *', true],
  ['Email', 'Email*', true],
  ['Email', 'Email (required)', true],
  ['Email', ' Email  * ', true],
  ['Email', 'Email Address', false],
  ['Email', 'Client Email', false],
  ['Email', 'Email **', false],
  ['Notes (Optional)', 'Notes (Optional)', true],
  ['Notes (Optional)', 'Notes (Optional) *', true],
  ['Notes (Optional)', 'Notes Optional', false],
];
for (const [label, name, matches] of ROWS) {
  test(`label "${label}" ${matches ? 'matches' : 'does not match'} accessible name "${name}"`, () => assert.equal(labelPattern(label).test(name), matches));
}
test('exact labels stay exact strings', () => assert.deepEqual(labelQuery('Email', true), ['Email', { exact: true }]));
