import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import type { Artifact } from '../../src/core/types.ts';
import { attemptErrors, attemptStatus, SKIPPED_BEHIND, toCheckResult, type Attempt } from './to-check-result.ts';
import { blockedBy, outcomeOf, skipMessage, type Outcome } from '../dependencies.ts';

/**
 * Turns Playwright results into CheckResults (one per check id annotation) and writes them to
 * `<runDir>/smoke-results.json` for `postflight verify`. Tests without a check id are ignored.
 */
export default class CheckReporter implements Reporter {
  private readonly attempts = new Map<string, Attempt[]>();
  private readonly runDir = process.env.POSTFLIGHT_RUN_DIR ?? '';

  onTestEnd(test: TestCase, result: TestResult): void {
    const id = test.annotations.find((a) => a.type === 'check')?.description;
    if (!id) return;
    const payload = result.attachments.find((a) => a.name === 'postflight-assertions')?.body;
    const recorded = payload
      ? (JSON.parse(payload.toString('utf8')) as Pick<Attempt, 'assertions' | 'notes' | 'waived' | 'unverified' | 'cleanupNow'>)
      : { assertions: [], notes: [] };
    // error-context.md is Playwright's prompt for an AI assistant, not evidence; a file the test
    // attached as bytes (the downloaded PDF) is kept under evidence/<check id>/, beside the run.
    const evidence: Artifact[] = [];
    for (const a of result.attachments) {
      if (a.name === 'postflight-assertions' || a.name === 'error-context') continue;
      const path = a.path ?? this.keepBody(id, result.retry, a.name, a.body);
      if (!path || evidence.some((e) => e.path === (this.runDir ? relative(this.runDir, path) : path))) continue;
      evidence.push({
        kind: a.contentType === 'image/png' ? 'screenshot' : a.name === 'trace' ? 'trace' : a.contentType === 'application/pdf' ? 'pdf' : 'text',
        path: this.runDir ? relative(this.runDir, path) : path,
        title: a.name,
      });
    }
    const list = this.attempts.get(id) ?? [];
    list.push({
      status: result.status,
      startTime: result.startTime,
      duration: result.duration,
      ...attemptErrors(result.errors),
      assertions: recorded.assertions,
      notes: recorded.notes,
      ...(recorded.waived?.length ? { waived: recorded.waived } : {}),
      ...(recorded.unverified?.length ? { unverified: recorded.unverified } : {}),
      ...(recorded.cleanupNow?.length ? { cleanupNow: recorded.cleanupNow } : {}),
      evidence,
      ...skipReason(test, result),
    });
    this.attempts.set(id, list);
  }

  onEnd(): void {
    if (!this.runDir) return;
    // A step Playwright skipped without a reason (the rest of a serial flow) names the
    // prerequisite that failed, from the same dependency data the suites use.
    const outcomes = new Map<string, Outcome>([...this.attempts].map(([id, list]) => [id, { status: outcomeOf(attemptStatus(list[list.length - 1].status)) }]));
    const results = [...this.attempts].map(([id, attempts]) => {
      const blocker = blockedBy(id, outcomes);
      return toCheckResult(id, attempts, blocker ? skipMessage(blocker) : undefined, blocker?.root);
    });
    writeFileSync(`${this.runDir}/smoke-results.json`, JSON.stringify(results, null, 2));
  }

  /** Writes an attachment given as bytes to `evidence/<check id>/<attempt>-<name>`; undefined without a run folder. */
  private keepBody(id: string, retry: number, name: string, body: Buffer | undefined): string | undefined {
    if (!this.runDir || !body) return undefined;
    const dir = join(this.runDir, 'evidence', id);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${retry}-${name.replace(/[^\w.-]+/g, '_')}`);
    writeFileSync(file, body);
    return file;
  }

  printsToStdio(): boolean {
    return false;
  }
}

/**
 * The reason given to `test.skip(true, reason)` (a prerequisite fixture), if any, and the
 * prerequisite check it named (`skipped-behind` annotation): the verdict needs to know whether
 * a skip stands behind a failure of this run (verdict/silent-skips.ts).
 */
function skipReason(test: TestCase, result: TestResult): { skipReason?: string; skippedBehind?: string } {
  if (result.status !== 'skipped') return {};
  const all = [...((result as { annotations?: TestCase['annotations'] }).annotations ?? []), ...test.annotations];
  const reason = all.find((a) => a.type === 'skip' && a.description)?.description;
  const behind = all.find((a) => a.type === SKIPPED_BEHIND && a.description)?.description;
  return { ...(reason ? { skipReason: reason } : {}), ...(behind ? { skippedBehind: behind } : {}) };
}
