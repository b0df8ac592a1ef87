import type { CheckResult, Decision, Status } from '../../../core/types.ts';
import { oneLine, procedureLabel } from '../format.ts';
import type { RunReport } from '../report-doc.ts';
import type { CurrentState } from '../../current-state.ts';

/**
 * The words of the top card: one sentence that joins the decision and the advice, and the
 * "why" lines in plain language. Assertion messages are written for logs ("false fails ==
 * true"); a meeting reads "is false, expected true". Pure.
 */

const OPERATOR_WORDS: Record<string, string> = {
  '==': 'expected',
  '!=': 'expected anything but',
  '<': 'expected below',
  '<=': 'expected at most',
  '>': 'expected above',
  '>=': 'expected at least',
  in: 'expected one of',
  includes: 'expected to include',
  matches: 'expected to match',
  truthy: 'expected a value',
};

const TYPE_WORDS: Record<string, string> = { '"string"': 'a string', '"number"': 'a number', '"boolean"': 'true or false', '"object"': 'an object' };

/** A JSON-quoted string (spaces allowed), a number with its unit, or one word. */
const VALUE = '("(?:[^"\\\\]|\\\\.)*"|-?\\d[\\d.]*(?: ?(?:ms|s|%|days?))?|[^\\s;,]+)';
const OPERATOR = '(==|!=|<=|>=|<|>|in|includes|matches|truthy)';

const shown = (v: string): string => (v === '"undefined"' || v === 'undefined' || v === 'null' ? 'missing' : v);

/**
 * `name: "undefined" fails == "string"` -> `name: missing, expected a string`;
 * `x: false fails == true` -> `x: is false, expected true`; `p95: 812 meets < 500` -> `p95: 812 (budget < 500)`.
 */
export function plainWords(text: string): string {
  return oneLine(text)
    .replace(new RegExp(`${VALUE} fails ${OPERATOR}(?: ${VALUE})?`, 'g'), (_m, actual: string, op: string, expected?: string) => {
      const a = shown(actual);
      const e = expected === undefined ? '' : ` ${TYPE_WORDS[expected] ?? shown(expected)}`;
      return `${a === 'missing' ? 'missing' : `is ${a}`}, ${OPERATOR_WORDS[op] ?? op}${e}`;
    })
    .replace(
      new RegExp(`${VALUE} meets ${OPERATOR}(?: ${VALUE})?`, 'g'),
      (_m, actual: string, op: string, expected?: string) => `${actual} (budget ${op}${expected === undefined ? '' : ` ${expected}`})`,
    );
}

/** One line per check that did not pass (failures, then could-not-measure), each text once. */
export function whyLines(report: RunReport): { id: string; status: Status; text: string }[] {
  const order: Status[] = ['fail', 'error', 'inconclusive'];
  const seen = new Set<string>();
  const out: { id: string; status: Status; text: string }[] = [];
  for (const status of order) {
    for (const c of report.checks.filter((r) => r.status === status)) {
      const text = plainWords(c.message);
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ id: c.id, status, text });
    }
  }
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const criticalFailures = (checks: readonly CheckResult[]) => checks.filter((c) => c.status === 'fail' && c.severity === 'critical');

/** "NO-GO: 2 critical checks failed; the runbook says roll back now with procedure A — Revert Application Code (no data loss)." */
export function adviceSentence(report: RunReport, current?: CurrentState): string {
  const d: Decision = report.decision;
  const c = report.counts;
  const ran = c.pass + c.fail + c.error + c.inconclusive;
  const notRun = c.skipped + c.waived;
  const r = report.rollback;
  const proc = r.procedure ? procedureLabel({ ...r, destructive: false }) : undefined;
  const data = r.destructive ? 'loses data written since the deploy' : 'no data loss';
  let sentence: string;
  if (d === 'GO') {
    sentence = `GO: all ${plural(ran, 'measured check')} passed; the release may stay${notRun ? ` (${notRun} not run in this run: see the checklist)` : ''}.`;
  } else if (d === 'NO-GO') {
    const crit = criticalFailures(report.checks);
    const what = crit.length ? `${plural(crit.length, 'critical check')} failed (${crit.map((x) => x.id).join(', ')})` : `${plural(c.fail, 'check')} failed`;
    const act =
      r.recommendation === 'immediate'
        ? 'the runbook says roll back now'
        : r.recommendation === 'consider'
          ? 'the runbook says consider a rollback'
          : 'no rollback criterion met';
    sentence = `NO-GO: ${what}; ${act}${proc ? ` with procedure ${proc} (${data})` : ''}.`;
  } else {
    const unmeasured = c.error + c.inconclusive;
    sentence = `INCONCLUSIVE: nothing failed, but ${plural(unmeasured, 'check')} could not be measured; this is not a GO: rerun the gate or decide by hand${r.recommendation !== 'none' && proc ? ` (runbook: ${r.recommendation} rollback, procedure ${proc})` : ''}.`;
  }
  if (current && current.state !== 'deployed') sentence += ` Since then: ${current.summary}.`;
  return sentence;
}
