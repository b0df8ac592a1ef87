import { join, relative } from 'node:path';
import { allureReportCommand } from '../evidence/history/allure-history.ts';
import { procedureLabel } from '../evidence/reporters/format.ts';
import type { AppRun } from '../gate/run-gate.ts';
import { collectWaivers } from '../verdict/waivers.ts';

/**
 * The console summary of one app's run: the decision and rollback, then the gate's own
 * problems (labelled as such, each with its fix) BEFORE the release's results, so nobody reads
 * a missing tool as a broken release. Pure: returns the text, the CLI prints it.
 */

const ICON: Record<string, string> = { pass: 'PASS', fail: 'FAIL', error: 'ERR ', inconclusive: 'INC ', skipped: 'SKIP', waived: 'WAIV' };

export function verdictSummary(run: AppRun, cwd: string, name: string): string {
  const v = run.verdict;
  const procedure = procedureLabel(v.rollback);
  const lines = [`\n${name}: ${v.decision}   rollback: ${v.rollback.recommendation}${procedure ? ` (${procedure})` : ''}`];
  if (v.gateHealth.length > 0) {
    lines.push(`  gate health: ${v.gateHealth.length} problem(s) of the gate, not of the release (they make the run INCONCLUSIVE, never NO-GO):`);
    for (const g of v.gateHealth) {
      lines.push(`  ! ${g.id.padEnd(28)} ${g.status}: ${g.message.slice(0, 140)}`);
      if (g.fix) lines.push(`    fix: ${g.fix.slice(0, 200)}`);
    }
  }
  for (const r of run.results) lines.push(`  ${ICON[r.status]} ${r.id.padEnd(28)} ${r.status === 'pass' ? '' : r.message.slice(0, 140)}`);
  for (const reason of v.reasons.slice(0, 8)) lines.push(`  - ${reason.slice(0, 200)}`);
  // Every waiver, never cut: the meeting must see what the gate did not verify.
  for (const w of collectWaivers(run.results)) lines.push(`  NOT VERIFIED (waived by ${w.by}) ${w.item}: ${w.reason}`);
  for (const p of run.evidenceProblems) lines.push(`  ! evidence: ${p}`);
  lines.push(`  evidence: ${relative(cwd, join(run.runDir, 'index.html')) || run.runDir}  (summary.md, verdict.json, junit.xml beside it)`);
  // Allure keeps its trend in one file per app and environment, outside the sealed folder.
  lines.push(`  allure: ${allureReportCommand(run.runDir, cwd)}`);
  if (run.manifestSha256)
    lines.push(`  sealed: manifest.json sha256 ${run.manifestSha256}  (check: postflight verify-evidence ${relative(cwd, run.runDir) || run.runDir})`);
  return lines.join('\n');
}
