import type { Decision, Status } from '../../../core/types.ts';

/**
 * Status and decision badges as a word plus a small inline SVG shape: they read the same with
 * no emoji font, in black-and-white print and to a colour-blind reader (the word carries the
 * meaning; shape and colour only repeat it). Colour sits on the badge itself, never on a table
 * cell, so a nested table cannot inherit a parent row's colour.
 */

export const STATUS_WORD: Record<Status, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  error: 'ERROR',
  inconclusive: 'INCONCLUSIVE',
  skipped: 'SKIPPED',
  waived: 'WAIVED',
};

const STATUS_COLOUR: Record<Status, string> = {
  pass: '#1a7f37',
  fail: '#cf222e',
  error: '#9a6700',
  inconclusive: '#9a6700',
  skipped: '#57606a',
  waived: '#8250df',
};

/** The shape inside a 14x14 box: a tick, a cross, a bang, a question mark, a bar, a slash. */
const GLYPH: Record<Status, string> = {
  pass: '<path d="M3.5 7.5l2.5 2.5 4.5-5" fill="none" stroke="#fff" stroke-width="2"/>',
  fail: '<path d="M4 4l6 6M10 4l-6 6" stroke="#fff" stroke-width="2"/>',
  error: '<path d="M7 3.5v4.5" stroke="#fff" stroke-width="2"/><circle cx="7" cy="10.5" r="1.1" fill="#fff"/>',
  inconclusive:
    '<path d="M5 5.3a2 2 0 1 1 2.6 1.9c-.5.2-.6.5-.6 1v.5" fill="none" stroke="#fff" stroke-width="1.6"/><circle cx="7" cy="10.8" r="1" fill="#fff"/>',
  skipped: '<path d="M4 7h6" stroke="#fff" stroke-width="2"/>',
  waived: '<path d="M4.2 9.8l5.6-5.6" stroke="#fff" stroke-width="2"/>',
};

export const statusColour = (s: Status): string => STATUS_COLOUR[s];

export function statusIcon(s: Status): string {
  return `<svg class="ico" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><circle cx="7" cy="7" r="7" fill="${STATUS_COLOUR[s]}"/>${GLYPH[s]}</svg>`;
}

/** `[icon] FAIL` in the status colour. */
export function statusBadge(s: Status): string {
  return `<span class="badge b-${s}">${statusIcon(s)}<span>${STATUS_WORD[s]}</span></span>`;
}

const DECISION_STATUS: Record<Decision, Status> = { GO: 'pass', 'NO-GO': 'fail', INCONCLUSIVE: 'inconclusive' };

export const decisionColour = (d: Decision): string => STATUS_COLOUR[DECISION_STATUS[d]];

/** The decision as a large word with the shape of its status (GO = tick, NO-GO = cross). */
export function decisionBadge(d: Decision): string {
  const s = DECISION_STATUS[d];
  return `<span class="decision d-${d}"><svg width="30" height="30" viewBox="0 0 14 14" aria-hidden="true"><circle cx="7" cy="7" r="7" fill="#fff"/>${GLYPH[s].replace(/#fff/g, STATUS_COLOUR[s])}</svg>${d}</span>`;
}

/** Non-check states of a checklist row: words too. */
export type RowState = Status | 'manual' | 'signed' | 'not-covered' | 'not-run';

const ROW_WORD: Record<Exclude<RowState, Status>, [string, string]> = {
  manual: ['MANUAL: OPEN', '#0969da'],
  signed: ['SIGNED', '#1a7f37'],
  'not-covered': ['NOT COVERED', '#57606a'],
  'not-run': ['NOT RUN', '#57606a'],
};

export function rowBadge(state: RowState): string {
  if (state in STATUS_WORD) return statusBadge(state as Status);
  const [word, colour] = ROW_WORD[state as Exclude<RowState, Status>];
  return `<span class="badge" style="color:${colour}"><svg class="ico" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><rect x="1" y="1" width="12" height="12" rx="2" fill="none" stroke="${colour}" stroke-width="2"/></svg><span>${word}</span></span>`;
}
